"""SageMaker's built-in algorithms, recognised by the repository of a training image URI, and the
objective metrics each one emits to hyperparameter tuning.

Built-in algorithms emit their metrics to hyperparameter tuning themselves; custom containers must
declare ``MetricDefinitions``. Developer guide, "Define metrics and environment variables":
https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-define-metrics-variables.html
The repositories are those of ``image_registries.py`` (generated from the SageMaker Python SDK's
``image_uri_config``), plus the legacy XGBoost repository ``xgboost`` and the Neo image classification one.

The metrics are those of the generated specifications (``builtin_specs/``, by
``scripts/generate_builtin_specs.py``): each algorithm's "Tune a ... model" page of the developer guide (its
table "Metrics computed by the ... algorithm"), and XGBoost's container, which registers more than its page
lists; each metric names its source there. PCA has no tuning page: no metric is known, so none is checked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from .builtin_specs import SPECS
from .builtin_specs.types import Metric, page_url


class TuningMetrics(NamedTuple):
    """The objective metrics a built-in algorithm emits, and the page that lists them."""

    source: str
    metrics: tuple[str, ...]


def _tuning_metrics() -> dict[str, TuningMetrics | None]:
    """Each built-in repository's tuning metrics, from the generated specifications (``builtin_specs/``),
    where each metric names its source; the legacy XGBoost and the Neo image classification repositories
    run the same algorithms as their successors."""
    metrics: dict[str, TuningMetrics | None] = {
        repository: TuningMetrics(page_url(spec.tuning_page), _in_order(spec.metrics))
        if spec.metrics
        else None
        for repository, spec in SPECS.items()
    }
    metrics["xgboost"] = metrics["sagemaker-xgboost"]
    metrics["image-classification-neo"] = metrics["image-classification"]
    return metrics


def _in_order(metrics: Mapping[str, Metric]) -> tuple[str, ...]:
    """The metrics as messages list them: by name, so a reader finds one where expected."""
    return tuple(sorted(metrics))


#: Repository of the image -> the objective metrics of the algorithm; ``None``: documents none (PCA).
TUNING_METRICS: Mapping[str, TuningMetrics | None] = MappingProxyType(_tuning_metrics())
BUILT_IN_REPOSITORIES = frozenset(TUNING_METRICS)

# "<registry>/<repository>[:tag|@digest]": the repository is the path after the registry host.
_REPOSITORY = re.compile(r"/(?P<repository>[a-z0-9][a-z0-9._\-/]*?)(?=[:@\s]|$)")


def built_in_repository(image_text: str) -> str | None:
    """The built-in algorithm repository an image URI (or the literal text of a token URI) names, if any.

    For a token URI (``f"{account}.dkr.ecr.{region}.{suffix}/sagemaker-xgboost:1.7-1"``) the caller passes
    the literal parts with each token replaced by a space; the repository is usually among them.
    """
    for match in _REPOSITORY.finditer(image_text):
        repository = match["repository"].rsplit("/", 1)[-1]
        if repository in BUILT_IN_REPOSITORIES:
            return repository
    return None


def is_built_in_image(image_text: str) -> bool:
    """Whether an image URI, or the literal text of a token URI, names a built-in algorithm's repository."""
    return built_in_repository(image_text) is not None


def unknown_metric_message(repository: str, metric: str) -> str | None:
    """Why ``metric`` cannot be the objective of the built-in algorithm in ``repository``; None if it can.

    Developer guide, each algorithm's "Tune a ... model" page: "choose one of these metrics as the
    objective metric". A metric the page does not list never reaches the tuning job.
    """
    known = TUNING_METRICS.get(repository)
    if known is None or metric in known.metrics:
        return None
    return (
        f"{metric!r} is not a metric of the built-in algorithm {repository!r}, which emits "
        f"{', '.join(known.metrics)} ({known.source}); a metric of your own needs a custom container "
        "with MetricDefinitions"
    )
