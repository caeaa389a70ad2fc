"""What a definition runs and what its objective reads: one algorithm source, and a metric it emits.

API_HyperParameterAlgorithmSpecification, AlgorithmName: "If you specify a value for this parameter, do
not specify a value for TrainingImage."
Developer guide, Define metrics and environment variables: built-in algorithms define their metrics; a
custom algorithm defines them with MetricDefinitions and the objective is "one of the metrics that you
defined".
https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_HyperParameterAlgorithmSpecification.html
https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-define-metrics-variables.html
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .._data.builtin_algorithms import built_in_repository, unknown_metric_message
from . import tokens
from .errors import Problem, show
from .per_run import per_run_items
from .registry import ERROR, WARNING, rule
from .request_parts import Definition, definitions, objective_for

_SPEC_SOURCE = "API_HyperParameterAlgorithmSpecification"
_METRICS_SOURCE = "developer guide: Define metrics and environment variables"


@dataclass(frozen=True)
class Algorithm:
    """One definition's algorithm, as far as it is known at synth time."""

    definition: Definition
    spec_path: str
    spec: Mapping[str, Any]
    image: Any
    algorithm: Any
    repository: str | None  # the built-in algorithm's repository, when the image is one
    image_known: bool  # a token image whose literal text holds no repository path is unknown
    objective_path: str
    metric: str | None


def _algorithms(request: Mapping[str, Any]) -> Iterator[Algorithm]:
    for definition in definitions(request):
        spec = tokens.mapping(definition.value.get("AlgorithmSpecification"))
        if spec is None:
            continue
        image = spec.get("TrainingImage")
        image_text = tokens.literal_text(image) if isinstance(image, str) else ""
        if isinstance(image, str) and "/" not in image_text and tokens.is_unresolved(image):
            image_text = tokens.joined_literals(image)
        objective_path, objective = objective_for(request, definition)
        yield Algorithm(
            definition=definition,
            spec_path=f"{definition.path}.AlgorithmSpecification",
            spec=spec,
            image=image,
            algorithm=spec.get("AlgorithmName"),
            repository=built_in_repository(image_text),
            image_known=isinstance(image, str) and "/" in image_text,
            objective_path=objective_path,
            metric=tokens.string(tokens.get(tokens.mapping(objective), "MetricName")),
        )


#: Each definition's algorithm, read once per validation run (the metric and built-in algorithm rules).
algorithms = per_run_items(_algorithms)


@rule("one-algorithm-source", level=ERROR, source=_SPEC_SOURCE)
def one_algorithm_source(request: Mapping[str, Any]) -> Iterator[Problem]:
    """Each definition gives exactly one of TrainingImage and AlgorithmName."""
    for found in algorithms(request):
        if found.image is not None and found.algorithm is not None:
            yield Problem(
                f"{found.spec_path}.AlgorithmName",
                "is given together with TrainingImage; give one algorithm source only",
                found.algorithm,
            )
        elif found.image is None and found.algorithm is None:
            yield Problem(
                f"{found.spec_path}.TrainingImage",
                "is missing: give TrainingImage (a container image) or AlgorithmName",
                None,
            )


def _undefined_objective(found: Algorithm) -> Problem | None:
    """The finding for an objective that is not among the definition's MetricDefinitions, if it is not."""
    raw_metrics = found.spec.get("MetricDefinitions")
    metrics = tokens.items(raw_metrics) if raw_metrics is not None else None
    if metrics is None or found.metric is None:
        return None
    names = [tokens.get(m, "Name") for m in metrics]
    if any(tokens.string(n) is None for n in names) or found.metric in names:
        return None
    message = (
        f"{show(found.metric)} is not one of the MetricDefinitions of {found.spec_path} "
        f"({', '.join(map(show, names)) or 'none'}); the objective must be a defined metric"
    )
    return Problem(f"{found.objective_path}.MetricName", message, found.metric)


@rule("objective-metric-undefined", level=ERROR, source=_METRICS_SOURCE)
def objective_metric_undefined(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A custom container's objective is one of its MetricDefinitions."""
    for found in algorithms(request):
        problem = _undefined_objective(found)
        if problem is not None and found.repository is None and found.algorithm is None:
            yield problem


@rule("objective-not-a-defined-metric", level=WARNING, source=_METRICS_SOURCE)
def objective_not_a_defined_metric(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A built-in or marketplace algorithm given MetricDefinitions has its objective among them."""
    for found in algorithms(request):
        problem = _undefined_objective(found)
        if problem is not None and (found.repository is not None or found.algorithm is not None):
            yield problem


@rule(
    "builtin-objective-metric",
    level=ERROR,
    source="developer guide: each algorithm's 'Tune a ... model' page",
)
def builtin_objective_metric(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A built-in algorithm without MetricDefinitions has its objective among the metrics it emits."""
    for found in algorithms(request):
        if found.spec.get("MetricDefinitions") is not None or found.algorithm is not None:
            continue
        if found.repository is not None and found.metric is not None:
            unknown = unknown_metric_message(found.repository, found.metric)
            if unknown:
                yield Problem(f"{found.objective_path}.MetricName", unknown, found.metric)


@rule("custom-image-without-metrics", level=WARNING, source=_METRICS_SOURCE)
def custom_image_without_metrics(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A custom container defines its metrics (MetricDefinitions)."""
    for found in algorithms(request):
        if (
            found.spec.get("MetricDefinitions") is None
            and found.algorithm is None
            and found.image_known
            and found.repository is None
        ):
            yield Problem(
                f"{found.spec_path}.MetricDefinitions",
                "is missing and the image is not a known built-in algorithm: a custom container must define "
                "its metrics (Name and Regex), the objective metric among them",
                None,
            )


@rule("metric-regex", level=ERROR, source=_METRICS_SOURCE)
def metric_regex(request: Mapping[str, Any]) -> Iterator[Problem]:
    """Each MetricDefinitions regex compiles and has a capture group (Python's re as a proxy).

    Developer guide, Define metrics and environment variables: SageMaker reads a metric's value from the
    first group of its regex in the training logs. A regex that cannot compile, or has no group, never
    yields a value: every training job runs, then the tuning job fails for want of its objective.
    SageMaker's regex engine is not documented; Python's ``re`` refuses what it cannot compile.
    """
    for found in algorithms(request):
        for index, metric in enumerate(tokens.items(found.spec.get("MetricDefinitions")) or []):
            pattern = tokens.string(tokens.get(metric, "Regex"))
            if pattern is None:
                continue
            path = f"{found.spec_path}.MetricDefinitions[{index}].Regex"
            try:
                groups = re.compile(pattern).groups
            except re.error as error:
                yield Problem(path, f"{show(pattern)} does not compile ({error}); fix the regex", pattern)
                continue
            if groups == 0:
                yield Problem(
                    path,
                    f"{show(pattern)} has no capture group; put the value in parentheses, "
                    r"as in 'loss=([0-9.]+)'",
                    pattern,
                )
