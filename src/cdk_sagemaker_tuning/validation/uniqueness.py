"""Names that must be unique within their list: channels, metrics and warm-start parents.

These rules apply to every request, typed or raw; the typed classes only check Python types. Each is an
error because a repeated name is ambiguous to SageMaker itself, not merely unusual. Unresolved tokens are
skipped: two tokens may resolve to different names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import tokens
from .errors import show
from .report import ValidationReport
from .request_parts import definitions


def unique_channel_names(request: Mapping[str, Any], report: ValidationReport) -> None:
    """Each input channel of a definition has its own ChannelName.

    Developer guide, How SageMaker provides training information: the container reads channel ``name``
    from ``/opt/ml/input/data/name``, so two channels of one name would share one directory.
    https://docs.aws.amazon.com/sagemaker/latest/dg/your-algorithms-training-algo-running-container.html
    """
    for definition in definitions(request):
        channels = tokens.items(definition.value.get("InputDataConfig")) or []
        names = [
            (f"{definition.path}.InputDataConfig[{i}]", tokens.get(c, "ChannelName"))
            for i, c in enumerate(channels)
        ]
        _report_repeats(names, "ChannelName", "channel", report)


def unique_metric_names(request: Mapping[str, Any], report: ValidationReport) -> None:
    """Each metric of a definition's MetricDefinitions has its own Name.

    API_MetricDefinition, Name: "The name of the metric"; the tuning objective names the metric it
    optimizes (API_HyperParameterTuningJobObjective, MetricName), which a repeated name leaves ambiguous.
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_MetricDefinition.html
    """
    for definition in definitions(request):
        spec = tokens.mapping(definition.value.get("AlgorithmSpecification")) or {}
        metrics = tokens.items(spec.get("MetricDefinitions")) or []
        names = [
            (f"{definition.path}.AlgorithmSpecification.MetricDefinitions[{i}]", tokens.get(m, "Name"))
            for i, m in enumerate(metrics)
        ]
        _report_repeats(names, "Name", "metric", report)


def unique_warm_start_parents(request: Mapping[str, Any], report: ValidationReport) -> None:
    """Each parent tuning job of WarmStartConfig is named once.

    API_HyperParameterTuningJobWarmStartConfig, ParentHyperParameterTuningJobs: "An array of
    hyperparameter tuning jobs that are used as the starting point for the new hyperparameter tuning job"
    (at most 5): a parent named twice uses one of those places for nothing.
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperParameterTuningJobWarmStartConfig.html
    """
    config = tokens.mapping(request.get("WarmStartConfig")) or {}
    parents = tokens.items(config.get("ParentHyperParameterTuningJobs")) or []
    names = [
        (f"WarmStartConfig.ParentHyperParameterTuningJobs[{i}]", tokens.get(p, "HyperParameterTuningJobName"))
        for i, p in enumerate(parents)
    ]
    _report_repeats(names, "HyperParameterTuningJobName", "parent tuning job", report)


def _report_repeats(
    named: Iterable[tuple[str, Any]], field: str, what: str, report: ValidationReport
) -> None:
    first_at: dict[str, str] = {}
    for path, raw in named:
        name = tokens.string(raw)
        if name is None:
            continue
        if name in first_at:
            report.error(
                f"{path}.{field}",
                f"{show(name)} is already the name of {first_at[name]}; each {what} needs its own name",
                name,
            )
        else:
            first_at[name] = path


RULES = (unique_channel_names, unique_metric_names, unique_warm_start_parents)
