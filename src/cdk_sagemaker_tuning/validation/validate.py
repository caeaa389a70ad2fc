"""The entry point: every check on one request, with the typed prop names put on each finding."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from . import names, quotas, semantic, structural, tags
from .errors import Problem
from .report import ValidationReport


def validate_request(
    request: Mapping[str, Any], *, prop_names: Mapping[str, str] | None = None
) -> ValidationReport:
    """Check a CreateHyperParameterTuningJob request as SageMaker would, without calling AWS.

    Values that are unresolved CDK tokens are skipped by every check that needs them.

    :param request: the request in the API's structure (``Tags`` included).
    :param prop_names: typed prop names by API path prefix; the longest prefix of a finding's path names
        its prop (``{"HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs":
        "max_parallel_training_jobs"}``).
        :default: - findings name API paths only
    """
    report = ValidationReport()
    report.extend(structural.check(request))
    report.extend(semantic.check(request))
    report.extend(names.check(request))
    report.extend(quotas.check(request))
    if isinstance(request, Mapping):
        report.extend(tags.check(request.get("Tags")))
    if prop_names:
        report.errors = [_with_prop(p, prop_names) for p in report.errors]
        report.warnings = [_with_prop(p, prop_names) for p in report.warnings]
    return report


def _with_prop(problem: Problem, prop_names: Mapping[str, str]) -> Problem:
    matching = [
        prefix
        for prefix in prop_names
        if problem.path == prefix or problem.path.startswith((prefix + ".", prefix + "["))
    ]
    if not matching:
        return problem
    return replace(problem, prop=prop_names[max(matching, key=len)])
