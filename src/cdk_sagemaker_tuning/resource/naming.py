"""``tuning_job_name_prefix``: generated job names that start with the user's prefix.

Like the SageMaker Python SDK's ``base_tuning_job_name``: the job is named ``<prefix>-<suffix>``, the
suffix generated per create by the handler (``_handler.naming``), so every replacement of the job still
gets a new name, which a fixed ``tuning_job_name`` cannot. SageMaker's 32 characters leave
``contract.MAX_NAME_PREFIX_LENGTH`` (21) for the prefix after ``-`` and the 10-character suffix.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core import checks
from .._core.tokens import is_unresolved
from .._handler import contract
from ..validation import names
from ..validation.errors import Problem, show
from ..validation.report import ValidationReport

PROP = "tuning_job_name_prefix"
#: The id of this prop's findings (``Problem.rule``), like the request's rules carry theirs.
RULE = checks.NAME_PREFIX.id


def check_prefix(prefix: Any, request: Mapping[str, Any]) -> ValidationReport:
    """Every problem of ``prefix`` for the job of ``request``: its pattern and length, and a fixed name.

    :param prefix: the ``tuning_job_name_prefix`` prop; ``None`` when not given.
    :param request: the job's request, whose ``HyperParameterTuningJobName`` would leave it unused.
    """
    report = ValidationReport()
    if prefix is None:
        return report
    path = contract.PROP_NAME_PREFIX
    if not isinstance(prefix, str):
        report.errors.append(Problem(path, f"{show(prefix)} must be a string", prefix, PROP, RULE))
        return report
    if request.get("HyperParameterTuningJobName") not in (None, ""):
        report.errors.append(
            Problem(
                path,
                f"{show(prefix)} is given with a fixed name (tuning_job_name, or HyperParameterTuningJobName "
                "in the request): give one of them, the prefix to have a new name generated for every "
                "replacement of the job",
                prefix,
                PROP,
                RULE,
            )
        )
    limit = contract.MAX_NAME_PREFIX_LENGTH
    if is_unresolved(prefix):
        problem = names.literal_problem(prefix, limit, what="name prefix")
        if problem is not None:
            report.errors.append(Problem(path, problem, prefix, PROP, RULE))
    elif not contract.is_valid_prefix(prefix):
        report.errors.append(
            Problem(
                path,
                f"{show(prefix)} is not a valid name prefix: use {names.rule(limit)} (SageMaker's "
                f"{contract.MAX_NAME_LENGTH} characters leave {limit} before the generated "
                f"'-' and {contract.GENERATED_SUFFIX_LENGTH}-character suffix)",
                prefix,
                PROP,
                RULE,
            )
        )
    return report
