"""Semantic checks: rules between fields that the service model cannot express.

Each rule cites the SageMaker page it was checked against. Where the pages do not state a rule as a
hard requirement, the finding is a warning, never an error: blocking a request that SageMaker would
accept is worse than missing one it rejects. Every value that is an unresolved CDK token is skipped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from . import tokens
from .builtin_algorithms import is_built_in_image
from .errors import show
from .report import ValidationReport

CONFIG = "HyperParameterTuningJobConfig"
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")

# API_ParameterRanges: "the sum of the number of hyperparameters for all the ranges can't exceed the
# maximum number specified" (30 items per range list).
# https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ParameterRanges.html
MAX_TUNED = 30
# Developer guide, Define Hyperparameter Ranges: "You can use up to 100 hyperparameters in total
# (static + tunable)." https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-define-ranges.html
MAX_STATIC_PLUS_TUNED = 100
# API_HyperbandStrategyConfig, MaxResource: "The maximum value is 20,000 epochs."
# https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperbandStrategyConfig.html
MAX_HYPERBAND_RESOURCE = 20000
# API_HyperbandStrategyConfig, MaxResource: inferred from these static hyperparameters when absent.
EPOCH_KEYS = ("epochs", "numepochs", "n-epochs", "n_epochs", "num_epochs")


@dataclass(frozen=True)
class _Ranges:
    """One ParameterRanges object of the request and the API path where it sits."""

    path: str
    value: Mapping[str, Any]


@dataclass(frozen=True)
class _Definition:
    path: str
    value: Mapping[str, Any]


def check(request: Any) -> ValidationReport:
    """Every semantic problem of ``request``; assumes nothing about its structure."""
    report = ValidationReport()
    if not isinstance(request, Mapping):
        return report
    for rule in RULES:
        rule(request, report)
    return report


# -- helpers -------------------------------------------------------------------------------------------


def _config(request: Mapping[str, Any]) -> Mapping[str, Any]:
    return tokens.mapping(request.get(CONFIG)) or {}


def _definitions(request: Mapping[str, Any]) -> list[_Definition]:
    found = []
    single = tokens.mapping(request.get("TrainingJobDefinition"))
    if single is not None:
        found.append(_Definition("TrainingJobDefinition", single))
    for index, item in enumerate(tokens.items(request.get("TrainingJobDefinitions")) or []):
        definition = tokens.mapping(item)
        if definition is not None:
            found.append(_Definition(f"TrainingJobDefinitions[{index}]", definition))
    return found


def _ranges_objects(request: Mapping[str, Any]) -> list[_Ranges]:
    found = []
    top = tokens.mapping(_config(request).get("ParameterRanges"))
    if top is not None:
        found.append(_Ranges(f"{CONFIG}.ParameterRanges", top))
    for definition in _definitions(request):
        own = tokens.mapping(definition.value.get("HyperParameterRanges"))
        if own is not None:
            found.append(_Ranges(f"{definition.path}.HyperParameterRanges", own))
    return found


def _ranges_for(request: Mapping[str, Any], definition: _Definition) -> list[_Ranges]:
    """The ranges that apply to one definition: its own, and the job-level ones."""
    found = []
    top = tokens.mapping(_config(request).get("ParameterRanges"))
    if top is not None:
        found.append(_Ranges(f"{CONFIG}.ParameterRanges", top))
    own = tokens.mapping(definition.value.get("HyperParameterRanges"))
    if own is not None:
        found.append(_Ranges(f"{definition.path}.HyperParameterRanges", own))
    return found


_KINDS = ("IntegerParameterRanges", "ContinuousParameterRanges", "CategoricalParameterRanges")


def _range_items(ranges: _Ranges, kind: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for index, item in enumerate(tokens.items(ranges.value.get(kind)) or []):
        value = tokens.mapping(item)
        if value is not None:
            yield f"{ranges.path}.{kind}[{index}]", value


def _tuned_names(ranges: _Ranges) -> tuple[list[tuple[str, str]], bool]:
    """(path, name) of every tuned hyperparameter, and whether the list is complete (no tokens)."""
    names: list[tuple[str, str]] = []
    complete = True
    for kind in _KINDS:
        raw = ranges.value.get(kind)
        if raw is not None and tokens.items(raw) is None:
            complete = False
            continue
        for path, item in _range_items(ranges, kind):
            name = tokens.string(item.get("Name"))
            if name is None:
                complete = False
            else:
                names.append((f"{path}.Name", name))
    return names, complete


def _parse(text: Any, *, integer: bool) -> float | None:
    value = tokens.string(text)
    if value is None:
        return None
    value = value.strip()
    if integer:
        return float(int(value)) if _INTEGER.fullmatch(value) else None
    if not _DECIMAL.fullmatch(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _objective(request: Mapping[str, Any], definition: _Definition | None) -> tuple[str, Any]:
    """(path, objective object) that applies to a definition: its own TuningObjective, else the job's."""
    if definition is not None and definition.value.get("TuningObjective") is not None:
        return f"{definition.path}.TuningObjective", definition.value.get("TuningObjective")
    return f"{CONFIG}.HyperParameterTuningJobObjective", _config(request).get(
        "HyperParameterTuningJobObjective"
    )


# -- rules -----------------------------------------------------------------------------------------------


def _numeric_ranges(request: Mapping[str, Any], report: ValidationReport) -> None:
    """MinValue/MaxValue are numbers of the range's kind, MinValue < MaxValue, and scaling fits the values.

    API_IntegerParameterRange / API_ContinuousParameterRange: "The tuning job uses floating-point values
    between MinValue and MaxValue"; "Logarithmic scaling works only for ranges that have only values greater
    than 0"; "Reverse logarithmic scaling works only for ranges that are entirely within the range
    0<=x<1.0".

    MinValue equal to MaxValue is an error, for typed props and ``from_request`` alike (decided once,
    here). The API reference says only that the job uses values "between MinValue and MaxValue"; the
    evidence that SageMaker refuses a one-value range is aws/amazon-sagemaker-feedback#195 (open feature
    request, July 2025: "Allow singleton interval for integer or continuous range hyperparameter",
    asking for ``IntegerParameter(1, 1)`` and ``ContinuousParameter(1, 1)`` to be accepted). The
    SageMaker Python SDK passes the bounds through unchecked, so the service is the authority. A fixed
    value belongs in StaticHyperParameters, which the message says.
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_IntegerParameterRange.html
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContinuousParameterRange.html
    """
    for ranges in _ranges_objects(request):
        for kind, integer in (("IntegerParameterRanges", True), ("ContinuousParameterRanges", False)):
            what = "an integer" if integer else "a number"
            for path, item in _range_items(ranges, kind):
                bounds = {}
                for field in ("MinValue", "MaxValue"):
                    raw = item.get(field)
                    if not isinstance(raw, str) or tokens.is_unresolved(raw):
                        continue  # missing or wrong type: reported by the structural checks
                    number = _parse(raw, integer=integer)
                    if number is None:
                        report.error(
                            f"{path}.{field}", f"{show(raw)} is not {what}; give {what} as a string", raw
                        )
                    else:
                        bounds[field] = number
                low, high = bounds.get("MinValue"), bounds.get("MaxValue")
                if low is not None and high is not None and low >= high:
                    fixed = "; for a fixed value use a static hyperparameter" if low == high else ""
                    report.error(
                        f"{path}.MinValue",
                        f"{show(item['MinValue'])} must be less than MaxValue {show(item['MaxValue'])}{fixed}",
                        item["MinValue"],
                    )
                scaling = tokens.string(item.get("ScalingType"))
                if scaling == "Logarithmic" and low is not None and low <= 0:
                    report.error(
                        f"{path}.MinValue",
                        f"{show(item['MinValue'])} is not greater than 0: Logarithmic scaling needs values > 0",
                        item["MinValue"],
                    )
                if scaling == "ReverseLogarithmic":
                    if integer:
                        # Developer guide, Define Hyperparameter Ranges, Hyperparameter scaling: "reverse
                        # logarithmic scaling is supported only for continuous hyperparameter ranges. It is not
                        # supported for integer hyperparameter ranges." (The API enum lists it for both.)
                        report.error(
                            f"{path}.ScalingType",
                            "'ReverseLogarithmic' is only for continuous ranges; use Auto, Linear or Logarithmic",
                            scaling,
                        )
                    else:
                        if low is not None and low < 0:
                            report.error(
                                f"{path}.MinValue",
                                f"{show(item['MinValue'])} is below 0: ReverseLogarithmic needs 0 <= value < 1",
                                item["MinValue"],
                            )
                        if high is not None and high >= 1:
                            report.error(
                                f"{path}.MaxValue",
                                f"{show(item['MaxValue'])} is not below 1: ReverseLogarithmic needs 0 <= value < 1",
                                item["MaxValue"],
                            )


def _categorical_values(request: Mapping[str, Any], report: ValidationReport) -> None:
    """A categorical range lists distinct values (at most 30 is a structural check of the model).

    Duplicates are rejected by the service (https://github.com/aws/amazon-sagemaker-feedback/issues/195).
    """
    for ranges in _ranges_objects(request):
        for path, item in _range_items(ranges, "CategoricalParameterRanges"):
            values = [v for v in tokens.items(item.get("Values")) or [] if tokens.string(v) is not None]
            duplicates = sorted({v for v in values if values.count(v) > 1})
            if duplicates:
                report.error(
                    f"{path}.Values",
                    f"lists {', '.join(map(show, duplicates))} more than once; each value must be distinct",
                    item.get("Values"),
                )


def _tuned_counts(request: Mapping[str, Any], report: ValidationReport) -> None:
    """At most 30 tuned hyperparameters per ParameterRanges (API_ParameterRanges), and each name tuned once."""
    for ranges in _ranges_objects(request):
        names, complete = _tuned_names(ranges)
        if complete and len(names) > MAX_TUNED:
            report.error(
                ranges.path,
                f"tunes {len(names)} hyperparameters; at most {MAX_TUNED} in all ranges together",
                len(names),
            )
        seen: dict[str, str] = {}
        for path, name in names:
            if name in seen:
                # Not stated in the API reference: a warning, the service may or may not merge them.
                report.warn(path, f"{show(name)} is already tuned at {seen[name]}; tune each name once", name)
            else:
                seen[name] = path


def _static_versus_tuned(request: Mapping[str, Any], report: ValidationReport) -> None:
    """A hyperparameter is static or tuned, not both; static + tuned at most 100.

    Developer guide, Define Hyperparameter Ranges: static hyperparameters are those "that do not change over
    the course of the tuning job"; "You can use up to 100 hyperparameters in total (static + tunable)".
    The SageMaker Python SDK removes every tuned name from the static ones before calling the API.
    https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-define-ranges.html
    """
    for definition in _definitions(request):
        static = tokens.mapping(definition.value.get("StaticHyperParameters"))
        if static is None:
            continue
        tuned: list[tuple[str, str]] = []
        complete = True
        for ranges in _ranges_for(request, definition):
            names, ranges_complete = _tuned_names(ranges)
            tuned.extend(names)
            complete = complete and ranges_complete
        for path, name in tuned:
            if name in static:
                report.error(
                    f"{definition.path}.StaticHyperParameters.{name}",
                    f"{show(name)} is also tuned at {path}; a hyperparameter is either static or tuned",
                    static[name],
                )
        total = len(static) + len({name for _, name in tuned})
        if complete and total > MAX_STATIC_PLUS_TUNED:
            report.error(
                f"{definition.path}.StaticHyperParameters",
                f"{len(static)} static plus {len(tuned)} tuned hyperparameters make {total}; "
                f"at most {MAX_STATIC_PLUS_TUNED} in total",
                total,
            )


def _resource_limits(request: Mapping[str, Any], report: ValidationReport) -> None:
    """MaxParallelTrainingJobs beyond MaxNumberOfTrainingJobs is a warning.

    API_ResourceLimits states no relation between the two, so the request is not blocked: the extra
    parallelism is simply never used. (MaxRuntimeInSeconds 120..15768000 is a structural check.)
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ResourceLimits.html
    """
    limits = tokens.mapping(_config(request).get("ResourceLimits")) or {}
    parallel = tokens.integer(limits.get("MaxParallelTrainingJobs"))
    total = tokens.integer(limits.get("MaxNumberOfTrainingJobs"))
    if parallel is not None and total is not None and 1 <= total < parallel:
        report.warn(
            f"{CONFIG}.ResourceLimits.MaxParallelTrainingJobs",
            f"{parallel} is more than MaxNumberOfTrainingJobs {total}; at most {total} jobs can run in parallel",
            parallel,
        )


def _grid(request: Mapping[str, Any], report: ValidationReport) -> None:
    """Grid search: categorical ranges only; MaxNumberOfTrainingJobs, when given, is the number of combinations.

    Developer guide, How Hyperparameter Tuning Works (Grid search): grid search runs every combination
    of categorical values, so it takes categorical ranges only (an error); a given MaxNumberOfTrainingJobs
    is to equal the number of distinct combinations. The page text could not be re-read when this was
    written, so the count mismatch is a warning rather than an error.
    https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-how-it-works.html
    """
    config = _config(request)
    if tokens.string(config.get("Strategy")) != "Grid":
        return
    all_ranges = _ranges_objects(request)
    for ranges in all_ranges:
        for kind in ("IntegerParameterRanges", "ContinuousParameterRanges"):
            listed = tokens.items(ranges.value.get(kind))
            if listed:
                report.error(
                    f"{ranges.path}.{kind}",
                    f"has {len(listed)} range(s); the Grid strategy takes CategoricalParameterRanges only",
                    ranges.value.get(kind),
                )
    limits = tokens.mapping(config.get("ResourceLimits")) or {}
    wanted = tokens.integer(limits.get("MaxNumberOfTrainingJobs"))
    if wanted is None or len(all_ranges) != 1:
        return  # several definitions: how SageMaker counts their grids is not documented
    combinations = 1
    categorical = tokens.items(all_ranges[0].value.get("CategoricalParameterRanges"))
    if categorical is None:
        return
    for item in categorical:
        values = tokens.items(tokens.get(item, "Values"))
        if values is None or any(tokens.string(v) is None for v in values):
            return
        combinations *= len(set(values))
    if categorical and wanted != combinations:
        report.warn(
            f"{CONFIG}.ResourceLimits.MaxNumberOfTrainingJobs",
            f"{wanted} is not the {combinations} combinations of the categorical ranges; with the Grid "
            "strategy give exactly that number, or leave it out",
            wanted,
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
    config = _config(request)
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
        )
    if raw_max is None:
        for definition in _definitions(request):
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
    config = _config(request)
    names: dict[str, str] = {}
    for definition in _definitions(request):
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
        _, objective = _objective(request, definition)
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
            )
        if tokens.string(config.get("TrainingJobEarlyStoppingType")) == "Auto":
            report.warn(
                f"{CONFIG}.TrainingJobEarlyStoppingType",
                f"'Auto' is given with {len(listed)} training job definitions; SageMaker documents early "
                "stopping for single-algorithm tuning jobs only",
                "Auto",
            )


def _single_objective(request: Mapping[str, Any], report: ValidationReport) -> None:
    """A single-algorithm job has an objective metric, in the job config or the definition's TuningObjective.

    API_HyperParameterTuningJobConfig: HyperParameterTuningJobObjective "specifies the objective metric
    used to evaluate the performance of training jobs launched by this tuning job".
    """
    definition = tokens.mapping(request.get("TrainingJobDefinition"))
    if definition is None or request.get("TrainingJobDefinitions") is not None:
        return
    _, objective = _objective(request, _Definition("TrainingJobDefinition", definition))
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
    for definition in _definitions(request):
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
        built_in = is_built_in_image(image_text)
        # A token image whose literal text holds no repository path (Lazy.string, an import) is unknown.
        image_known = isinstance(image, str) and "/" in image_text
        objective_path, objective = _objective(request, definition)
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
                    report.warn(f"{objective_path}.MetricName", message, metric)
                else:
                    report.error(f"{objective_path}.MetricName", message, metric)
        elif algorithm is None and image_known and not built_in:
            report.warn(
                f"{spec_path}.MetricDefinitions",
                "is missing and the image is not a known built-in algorithm: a custom container must define "
                "its metrics (Name and Regex), the objective metric among them",
                None,
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
    for definition in _definitions(request):
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
    _numeric_ranges,
    _categorical_values,
    _tuned_counts,
    _static_versus_tuned,
    _resource_limits,
    _grid,
    _hyperband,
    _algorithm_and_metrics,
    _stopping_conditions,
)
