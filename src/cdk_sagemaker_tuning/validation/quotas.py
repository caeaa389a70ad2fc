"""Account quotas: limits that AWS raises on request, so exceeding the default is a warning, not an error.

Defaults from the issue's list of SageMaker service quotas for automatic model tuning ("Amazon SageMaker
endpoints and quotas", https://docs.aws.amazon.com/general/latest/gr/sagemaker.html). Accounts differ:
the warning says which quota to check in the Service Quotas console.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from . import tokens
from .errors import Problem
from .registry import WARNING, rule

DEFAULT_MAX_PARALLEL_TRAINING_JOBS = 10
DEFAULT_MAX_TRAINING_JOBS = 750

_LIMITS = "HyperParameterTuningJobConfig.ResourceLimits"
_SOURCE = "Amazon SageMaker endpoints and quotas (automatic model tuning)"


@rule("quota-parallel-training-jobs", level=WARNING, source=_SOURCE)
def parallel_training_jobs(request: Mapping[str, Any]) -> Iterator[Problem]:
    """MaxParallelTrainingJobs within the default quota of concurrent training jobs per tuning job."""
    yield from _above_default(
        request,
        "MaxParallelTrainingJobs",
        DEFAULT_MAX_PARALLEL_TRAINING_JOBS,
        "concurrent training jobs per tuning job",
    )


@rule("quota-training-jobs", level=WARNING, source=_SOURCE)
def training_jobs(request: Mapping[str, Any]) -> Iterator[Problem]:
    """MaxNumberOfTrainingJobs within the default quota of training jobs per tuning job."""
    yield from _above_default(
        request, "MaxNumberOfTrainingJobs", DEFAULT_MAX_TRAINING_JOBS, "training jobs per tuning job"
    )


def _above_default(request: Mapping[str, Any], field: str, default: int, what: str) -> Iterator[Problem]:
    limits = tokens.mapping(
        tokens.get(tokens.mapping(request.get("HyperParameterTuningJobConfig")), "ResourceLimits")
    )
    value = tokens.integer(tokens.get(limits, field))
    if value is not None and value > default:
        yield Problem(
            f"{_LIMITS}.{field}",
            f"{value} is above the default quota of {default} {what}; check the account's SageMaker quota "
            "(Service Quotas) before deploying",
            value,
        )
