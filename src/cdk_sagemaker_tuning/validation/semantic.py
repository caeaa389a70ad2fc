"""Semantic checks: rules between fields that the service model cannot express.

Each rule cites the SageMaker page it was checked against. Where the pages do not state a rule as a
hard requirement, the finding is a warning, never an error: blocking a request that SageMaker would
accept is worse than missing one it rejects. Every value that is an unresolved CDK token is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import data_sources, ranges, tokens, uniqueness
from .builtin_algorithms import built_in_repository, unknown_metric_message
from .errors import show
from .report import ValidationReport
from .request_parts import CONFIG, Definition, definitions, job_config, objective_for

# API_HyperbandStrategyConfig, MaxResource: "The maximum value is 20,000 epochs."
# https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperbandStrategyConfig.html
MAX_HYPERBAND_RESOURCE = 20000
# API_HyperbandStrategyConfig, MaxResource: inferred from these static hyperparameters when absent.
EPOCH_KEYS = ("epochs", "numepochs", "n-epochs", "n_epochs", "num_epochs")


def check(request: Any) -> ValidationReport:
    """Every semantic problem of ``request``; assumes nothing about its structure."""
    report = ValidationReport()
    if not isinstance(request, Mapping):
        return report
    for rule in RULES:
        rule(request, report)
    return report


# -- rules -----------------------------------------------------------------------------------------------


def _resource_limits(request: Mapping[str, Any], report: ValidationReport) -> None:
    """MaxParallelTrainingJobs beyond MaxNumberOfTrainingJobs is a warning.

    API_ResourceLimits states no relation between the two, so the request is not blocked: the extra
    parallelism is simply never used. (MaxRuntimeInSeconds 120..15768000 is a structural check.)
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ResourceLimits.html
    """
    limits = tokens.mapping(job_config(request).get("ResourceLimits")) or {}
    parallel = tokens.integer(limits.get("MaxParallelTrainingJobs"))
    total = tokens.integer(limits.get("MaxNumberOfTrainingJobs"))
    if parallel is not None and total is not None and 1 <= total < parallel:
        report.warn(
            f"{CONFIG}.ResourceLimits.MaxParallelTrainingJobs",
            f"{parallel} is more than MaxNumberOfTrainingJobs {total}; at most {total} jobs can run in parallel",
            parallel,
            rule="parallel-above-total",
        )


def _hyperband(request: Mapping[str, Any], report: ValidationReport) -> None:
    """Hyperband settings.

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
            report.error(
                f"{CONFIG}.StrategyConfig",
                f"is given with Strategy {show(strategy)}; StrategyConfig is only for the Hyperband strategy",
                strategy_config,
            )
        return
    early = tokens.string(config.get("TrainingJobEarlyStoppingType"))
    if early is not None and early != "Off":
        report.error(
            f"{CONFIG}.TrainingJobEarlyStoppingType",
            f"{show(early)} is not allowed with Hyperband, which stops jobs early itself; use 'Off'",
            early,
        )
    hyperband_path = f"{CONFIG}.StrategyConfig.HyperbandStrategyConfig"
    hyperband = tokens.get(tokens.mapping(strategy_config), "HyperbandStrategyConfig")
    if tokens.is_unresolved(strategy_config) or tokens.is_unresolved(hyperband):
        return
    raw_max = tokens.get(hyperband, "MaxResource")
    max_resource = tokens.integer(raw_max)
    min_resource = tokens.integer(tokens.get(hyperband, "MinResource"))
    if max_resource is not None and max_resource > MAX_HYPERBAND_RESOURCE:
        report.error(
            f"{hyperband_path}.MaxResource",
            f"{max_resource} is more than Hyperband's maximum of {MAX_HYPERBAND_RESOURCE} epochs",
            max_resource,
        )
    if max_resource is not None and min_resource is not None and min_resource > max_resource:
        report.warn(
            f"{hyperband_path}.MinResource",
            f"{min_resource} is more than MaxResource {max_resource}; no job would be stopped early",
            min_resource,
            rule="hyperband-min-above-max",
        )
    if raw_max is None:
        for definition in definitions(request):
            static = definition.value.get("StaticHyperParameters")
            if tokens.is_unresolved(static):
                continue
            if not any(key in (tokens.mapping(static) or {}) for key in EPOCH_KEYS):
                report.error(
                    f"{hyperband_path}.MaxResource",
                    "is missing and cannot be inferred: give MaxResource, or one of the static "
                    f"hyperparameters {', '.join(EPOCH_KEYS)} in {definition.path}.StaticHyperParameters",
                    None,
                )


def _definition_count(request: Mapping[str, Any], report: ValidationReport) -> None:
    """Exactly one of TrainingJobDefinition and TrainingJobDefinitions.

    API_CreateHyperParameterTuningJob: TrainingJobDefinition describes the training jobs "that this tuning
    job launches"; TrainingJobDefinitions is the multi-algorithm list. A job needs one or the other.
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateHyperParameterTuningJob.html
    """
    single, several = request.get("TrainingJobDefinition"), request.get("TrainingJobDefinitions")
    if single is None and several is None:
        report.error(
            "TrainingJobDefinition",
            "is missing: give TrainingJobDefinition (one algorithm) or TrainingJobDefinitions (several)",
            None,
        )
    elif single is not None and several is not None:
        report.error(
            "TrainingJobDefinitions",
            "is given together with TrainingJobDefinition; give only one of them",
            several,
        )


def _multi_algorithm(request: Mapping[str, Any], report: ValidationReport) -> None:
    """With TrainingJobDefinitions, each definition has a unique DefinitionName and its own objective.

    Developer guide, Create a hyperparameter optimization tuning job for one or more algorithms: each
    algorithm gets its own training job definition, with its own objective metric and ranges; "Warm start
    and early stopping are available only when you're tuning a single algorithm" (stated for the console:
    warnings here).
    https://docs.aws.amazon.com/sagemaker/latest/dg/multiple-algorithm-hpo-create-tuning-jobs.html
    """
    listed = tokens.items(request.get("TrainingJobDefinitions"))
    if listed is None:
        return
    config = job_config(request)
    names: dict[str, str] = {}
    for definition in definitions(request):
        if not definition.path.startswith("TrainingJobDefinitions"):
            continue
        raw_name = definition.value.get("DefinitionName")
        if raw_name is None:
            report.error(
                f"{definition.path}.DefinitionName",
                "is required when several definitions are given, to tell their training jobs apart",
                None,
            )
        name = tokens.string(raw_name)
        if name is not None:
            if name in names:
                report.error(
                    f"{definition.path}.DefinitionName",
                    f"{show(name)} is already the name of {names[name]}; each definition needs its own name",
                    name,
                )
            else:
                names[name] = definition.path
        _, objective = objective_for(request, definition)
        if objective is None:
            report.error(
                f"{definition.path}.TuningObjective",
                "is missing: with TrainingJobDefinitions each definition gives its own objective metric",
                None,
            )
    if len(listed) > 1:
        if request.get("WarmStartConfig") is not None:
            report.warn(
                "WarmStartConfig",
                f"is given with {len(listed)} training job definitions; SageMaker documents warm start for "
                "single-algorithm tuning jobs only",
                request.get("WarmStartConfig"),
                rule="warm-start-multi-algorithm",
            )
        if tokens.string(config.get("TrainingJobEarlyStoppingType")) == "Auto":
            report.warn(
                f"{CONFIG}.TrainingJobEarlyStoppingType",
                f"'Auto' is given with {len(listed)} training job definitions; SageMaker documents early "
                "stopping for single-algorithm tuning jobs only",
                "Auto",
                rule="early-stopping-multi-algorithm",
            )


def _single_objective(request: Mapping[str, Any], report: ValidationReport) -> None:
    """A single-algorithm job has an objective metric, in the job config or the definition's TuningObjective.

    API_HyperParameterTuningJobConfig: HyperParameterTuningJobObjective "specifies the objective metric
    used to evaluate the performance of training jobs launched by this tuning job".
    """
    definition = tokens.mapping(request.get("TrainingJobDefinition"))
    if definition is None or request.get("TrainingJobDefinitions") is not None:
        return
    _, objective = objective_for(request, Definition("TrainingJobDefinition", definition))
    if objective is None and tokens.mapping(request.get(CONFIG)) is not None:
        report.error(
            f"{CONFIG}.HyperParameterTuningJobObjective",
            "is missing: a tuning job needs the objective metric (Type and MetricName) it optimizes",
            None,
        )


def _algorithm_and_metrics(request: Mapping[str, Any], report: ValidationReport) -> None:
    """One algorithm source per definition, and an objective metric the algorithm emits.

    API_HyperParameterAlgorithmSpecification, AlgorithmName: "If you specify a value for this parameter,
    do not specify a value for TrainingImage."
    Developer guide, Define metrics and environment variables: built-in algorithms define their metrics;
    a custom algorithm defines them with MetricDefinitions and the objective is "one of the metrics that
    you defined".
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperParameterAlgorithmSpecification.html
    https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-define-metrics-variables.html
    """
    for definition in definitions(request):
        spec_path = f"{definition.path}.AlgorithmSpecification"
        spec = tokens.mapping(definition.value.get("AlgorithmSpecification"))
        if spec is None:
            continue
        image, algorithm = spec.get("TrainingImage"), spec.get("AlgorithmName")
        if image is not None and algorithm is not None:
            report.error(
                f"{spec_path}.AlgorithmName",
                "is given together with TrainingImage; give one algorithm source only",
                algorithm,
            )
        elif image is None and algorithm is None:
            report.error(
                f"{spec_path}.TrainingImage",
                "is missing: give TrainingImage (a container image) or AlgorithmName",
                None,
            )
        image_text = tokens.literal_text(image) if isinstance(image, str) else ""
        if isinstance(image, str) and "/" not in image_text and tokens.is_unresolved(image):
            image_text = tokens.joined_literals(image)
        repository = built_in_repository(image_text)
        built_in = repository is not None
        # A token image whose literal text holds no repository path (Lazy.string, an import) is unknown.
        image_known = isinstance(image, str) and "/" in image_text
        objective_path, objective = objective_for(request, definition)
        metric = tokens.string(tokens.get(tokens.mapping(objective), "MetricName"))
        raw_metrics = spec.get("MetricDefinitions")
        if raw_metrics is not None:
            metrics = tokens.items(raw_metrics)
            if metrics is None or metric is None:
                continue
            names = [tokens.get(m, "Name") for m in metrics]
            if any(tokens.string(n) is None for n in names):
                continue
            if metric not in names:
                message = (
                    f"{show(metric)} is not one of the MetricDefinitions of {spec_path} "
                    f"({', '.join(map(show, names)) or 'none'}); the objective must be a defined metric"
                )
                if built_in or algorithm is not None:
                    report.warn(
                        f"{objective_path}.MetricName", message, metric, rule="objective-not-a-defined-metric"
                    )
                else:
                    report.error(f"{objective_path}.MetricName", message, metric)
        elif repository is not None and metric is not None and algorithm is None:
            # A built-in algorithm emits its own metrics: the objective must be one of them.
            unknown = unknown_metric_message(repository, metric)
            if unknown:
                report.error(f"{objective_path}.MetricName", unknown, metric)
        elif algorithm is None and image_known and not built_in:
            report.warn(
                f"{spec_path}.MetricDefinitions",
                "is missing and the image is not a known built-in algorithm: a custom container must define "
                "its metrics (Name and Regex), the objective metric among them",
                None,
                rule="custom-image-without-metrics",
            )


def _stopping_conditions(request: Mapping[str, Any], report: ValidationReport) -> None:
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
                report.error(
                    f"{definition.path}.StoppingCondition.MaxWaitTimeInSeconds",
                    "is missing: managed spot training needs it (how long to wait for spot capacity plus run)",
                    None,
                )
            continue
        path = f"{definition.path}.StoppingCondition.MaxWaitTimeInSeconds"
        spot = definition.value.get("EnableManagedSpotTraining")
        if not tokens.is_unresolved(spot) and spot is not True:
            report.error(
                path,
                f"{show(raw_wait)} is only for managed spot training; set EnableManagedSpotTraining to true "
                "or remove it",
                raw_wait,
            )
        wait, runtime = tokens.integer(raw_wait), tokens.integer(condition.get("MaxRuntimeInSeconds"))
        if wait is not None and runtime is not None and wait < runtime:
            report.error(
                path, f"{wait} is less than MaxRuntimeInSeconds {runtime}; it must be at least that", wait
            )


RULES: tuple[Callable[[Mapping[str, Any], ValidationReport], None], ...] = (
    _definition_count,
    _single_objective,
    _multi_algorithm,
    *ranges.RULES,
    _resource_limits,
    _hyperband,
    _algorithm_and_metrics,
    _stopping_conditions,
    *uniqueness.RULES,
    *data_sources.RULES,
)
