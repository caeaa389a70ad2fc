"""Account quotas: limits that AWS raises on request, so exceeding the default is a warning, not an error.

Defaults from the issue's list of SageMaker service quotas for automatic model tuning ("Amazon SageMaker
endpoints and quotas", https://docs.aws.amazon.com/general/latest/gr/sagemaker.html). Accounts differ:
the warning says which quota to check in the Service Quotas console.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import tokens
from .report import ValidationReport

DEFAULT_MAX_PARALLEL_TRAINING_JOBS = 10
DEFAULT_MAX_TRAINING_JOBS = 750

_LIMITS = "HyperParameterTuningJobConfig.ResourceLimits"
_QUOTAS = (
    (
        "MaxParallelTrainingJobs",
        DEFAULT_MAX_PARALLEL_TRAINING_JOBS,
        "concurrent training jobs per tuning job",
        "quota-parallel-training-jobs",
    ),
    (
        "MaxNumberOfTrainingJobs",
        DEFAULT_MAX_TRAINING_JOBS,
        "training jobs per tuning job",
        "quota-training-jobs",
    ),
)


def check(request: Any) -> ValidationReport:
    report = ValidationReport()
    if not isinstance(request, Mapping):
        return report
    limits = tokens.mapping(
        tokens.get(tokens.mapping(request.get("HyperParameterTuningJobConfig")), "ResourceLimits")
    )
    if limits is None:
        return report
    for field, default, what, rule in _QUOTAS:
        value = tokens.integer(limits.get(field))
        if value is not None and value > default:
            report.warn(
                f"{_LIMITS}.{field}",
                f"{value} is above the default quota of {default} {what}; check the account's SageMaker quota "
                "(Service Quotas) before deploying",
                value,
                rule=rule,
            )
    return report
