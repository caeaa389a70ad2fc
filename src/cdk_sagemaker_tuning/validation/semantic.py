"""Semantic checks of the job's settings: resource limits, Hyperband, spot stopping conditions.

Rules between fields that the service model cannot express. Each rule is one registered function
(``registry.py``) citing the SageMaker page it was checked against; the rules of other concepts have
their own modules (``definitions.py``, ``ranges.py``, ``metrics.py``, ...). Where the pages do not
state a rule as a hard requirement, the finding is a warning, never an error: blocking a request that SageMaker would
accept is worse than missing one it rejects. Every value that is an unresolved CDK token is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from . import tokens
from .errors import Problem, show
from .registry import ERROR, WARNING, rule
from .request_parts import CONFIG, definitions, job_config

# API_HyperbandStrategyConfig, MaxResource: "The maximum value is 20,000 epochs."
# https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperbandStrategyConfig.html
MAX_HYPERBAND_RESOURCE = 20000
# API_HyperbandStrategyConfig, MaxResource: inferred from these static hyperparameters when absent.
EPOCH_KEYS = ("epochs", "numepochs", "n-epochs", "n_epochs", "num_epochs")


# -- rules -----------------------------------------------------------------------------------------------


@rule("parallel-above-total", level=WARNING, source="API_ResourceLimits")
def _resource_limits(request: Mapping[str, Any]) -> Iterator[Problem]:
    """MaxParallelTrainingJobs beyond MaxNumberOfTrainingJobs is a warning.

    API_ResourceLimits states no relation between the two, so the request is not blocked: the extra
    parallelism is simply never used. (MaxRuntimeInSeconds 120..15768000 is a structural check.)
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ResourceLimits.html
    """
    limits = tokens.mapping(job_config(request).get("ResourceLimits")) or {}
    parallel = tokens.integer(limits.get("MaxParallelTrainingJobs"))
    total = tokens.integer(limits.get("MaxNumberOfTrainingJobs"))
    if parallel is not None and total is not None and 1 <= total < parallel:
        yield Problem(
            f"{CONFIG}.ResourceLimits.MaxParallelTrainingJobs",
            f"{parallel} is more than MaxNumberOfTrainingJobs {total}; at most {total} jobs can run in parallel",
            parallel,
        )


@rule("hyperband", level=ERROR, source="API_HyperParameterTuningJobConfig, API_HyperbandStrategyConfig")
def _hyperband(request: Mapping[str, Any]) -> Iterator[Problem]:
    """Hyperband settings: StrategyConfig for Hyperband only, early stopping off, a MaxResource it can use.

    API_HyperParameterTuningJobConfig: StrategyConfig "should be provided only if Hyperband is selected";
    TrainingJobEarlyStoppingType "must be OFF to use Hyperband".
    API_HyperbandStrategyConfig: without MaxResource, Hyperband infers it from the static hyperparameters
    epochs, numepochs, n-epochs, n_epochs or num_epochs, else "it generates a validation error"; "The
    maximum value is 20,000 epochs". MinResource above MaxResource is not documented as an error: a warning.
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperParameterTuningJobConfig.html
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperbandStrategyConfig.html
    """
    config = job_config(request)
    strategy = config.get("Strategy")
    if tokens.is_unresolved(strategy) or not isinstance(strategy, str):
        return
    strategy_config = config.get("StrategyConfig")
    if strategy != "Hyperband":
        if strategy_config is not None:
            yield Problem(
                f"{CONFIG}.StrategyConfig",
                f"is given with Strategy {show(strategy)}; StrategyConfig is only for the Hyperband strategy",
                strategy_config,
            )
        return
    early = tokens.string(config.get("TrainingJobEarlyStoppingType"))
    if early is not None and early != "Off":
        yield Problem(
            f"{CONFIG}.TrainingJobEarlyStoppingType",
            f"{show(early)} is not allowed with Hyperband, which stops jobs early itself; use 'Off'",
            early,
            # The typed API's names: early_stopping=True renders 'Auto', TuningStrategy.hyperband() 'Hyperband'.
            typed_message=(
                f"early_stopping={early == 'Auto'} is not allowed with TuningStrategy.hyperband(), which stops "
                "jobs early itself; leave early_stopping unset or give early_stopping=False"
            ),
        )
    hyperband_path = f"{CONFIG}.StrategyConfig.HyperbandStrategyConfig"
    hyperband = tokens.get(tokens.mapping(strategy_config), "HyperbandStrategyConfig")
    if tokens.is_unresolved(strategy_config) or tokens.is_unresolved(hyperband):
        return
    raw_max = tokens.get(hyperband, "MaxResource")
    max_resource = tokens.integer(raw_max)
    if max_resource is not None and max_resource > MAX_HYPERBAND_RESOURCE:
        yield Problem(
            f"{hyperband_path}.MaxResource",
            f"{max_resource} is more than Hyperband's maximum of {MAX_HYPERBAND_RESOURCE} epochs",
            max_resource,
        )
    if raw_max is None:
        for definition in definitions(request):
            static = definition.value.get("StaticHyperParameters")
            if tokens.is_unresolved(static):
                continue
            if not any(key in (tokens.mapping(static) or {}) for key in EPOCH_KEYS):
                yield Problem(
                    f"{hyperband_path}.MaxResource",
                    "is missing and cannot be inferred: give MaxResource, or one of the static "
                    f"hyperparameters {', '.join(EPOCH_KEYS)} in {definition.path}.StaticHyperParameters",
                    None,
                )


@rule("hyperband-min-above-max", level=WARNING, source="API_HyperbandStrategyConfig")
def _hyperband_min_above_max(request: Mapping[str, Any]) -> Iterator[Problem]:
    """Hyperband's MinResource is not above its MaxResource (not documented as an error: a warning)."""
    config = job_config(request)
    if tokens.string(config.get("Strategy")) != "Hyperband":
        return
    hyperband = tokens.get(tokens.mapping(config.get("StrategyConfig")), "HyperbandStrategyConfig")
    max_resource = tokens.integer(tokens.get(hyperband, "MaxResource"))
    min_resource = tokens.integer(tokens.get(hyperband, "MinResource"))
    if max_resource is not None and min_resource is not None and min_resource > max_resource:
        yield Problem(
            f"{CONFIG}.StrategyConfig.HyperbandStrategyConfig.MinResource",
            f"{min_resource} is more than MaxResource {max_resource}; no job would be stopped early",
            min_resource,
        )


@rule(
    "stopping-conditions",
    level=ERROR,
    source="API_StoppingCondition; developer guide: Managed Spot Training",
)
def _stopping_conditions(request: Mapping[str, Any]) -> Iterator[Problem]:
    """MaxWaitTimeInSeconds with managed spot training only and always, and at least MaxRuntimeInSeconds.

    API_StoppingCondition, MaxWaitTimeInSeconds: "The maximum length of time, in seconds, that a managed
    Spot training job has to complete ... It must be equal to or greater than MaxRuntimeInSeconds."
    Developer guide, Managed Spot Training: a spot job sets MaxWaitTimeInSeconds, the time to wait for
    spot capacity plus the runtime.
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_StoppingCondition.html
    https://docs.aws.amazon.com/sagemaker/latest/dg/model-managed-spot-training.html
    """
    for definition in definitions(request):
        condition = tokens.mapping(definition.value.get("StoppingCondition")) or {}
        raw_wait = condition.get("MaxWaitTimeInSeconds")
        if raw_wait is None:
            if definition.value.get("EnableManagedSpotTraining") is True and not tokens.is_unresolved(
                definition.value.get("StoppingCondition")
            ):
                yield Problem(
                    f"{definition.path}.StoppingCondition.MaxWaitTimeInSeconds",
                    "is missing: managed spot training needs it (how long to wait for spot capacity plus run)",
                    None,
                )
            continue
        path = f"{definition.path}.StoppingCondition.MaxWaitTimeInSeconds"
        spot = definition.value.get("EnableManagedSpotTraining")
        if not tokens.is_unresolved(spot) and spot is not True:
            yield Problem(
                path,
                f"{show(raw_wait)} is only for managed spot training; set EnableManagedSpotTraining to true "
                "or remove it",
                raw_wait,
            )
        wait, runtime = tokens.integer(raw_wait), tokens.integer(condition.get("MaxRuntimeInSeconds"))
        if wait is not None and runtime is not None and wait < runtime:
            yield Problem(
                path, f"{wait} is less than MaxRuntimeInSeconds {runtime}; it must be at least that", wait
            )
