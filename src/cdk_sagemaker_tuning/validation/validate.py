"""The entry point: every registered rule on one request, with the typed prop names put on each finding."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from . import (
    algorithm_specs,
    data_sources,
    definitions,
    metrics,
    names,
    quotas,
    ranges,
    semantic,
    service_limits,
    structural,
    tags,
    uniqueness,
)
from .errors import Problem
from .registry import ERROR, Rule, rules
from .report import ValidationReport

#: The modules of rules (importing one registers its rules), in the order their rules run: the model's
#: first; within a module, in the order they are written.
RULE_MODULES = (
    structural,
    definitions,
    ranges,
    semantic,
    metrics,
    algorithm_specs,
    uniqueness,
    data_sources,
    names,
    service_limits,
    quotas,
    tags,
)


def ordered_rules() -> list[Rule]:
    """Every registered rule, in the order ``validate_request`` runs them."""
    position = {module.__name__: index for index, module in enumerate(RULE_MODULES)}
    return sorted(
        rules(),
        key=lambda rule: (
            position.get(rule.check.__module__, len(position)),
            rule.check.__code__.co_firstlineno,
        ),
    )


def validate_request(
    request: Mapping[str, Any], *, prop_names: Mapping[str, str] | None = None
) -> ValidationReport:
    """Check a CreateHyperParameterTuningJob request as SageMaker would, without calling AWS.

    Runs every rule of ``registry.rules()``; each finding carries its rule's id and level. Values that
    are unresolved CDK tokens are skipped by every rule that needs them.

    :param request: the request in the API's structure (``Tags`` included).
    :param prop_names: typed prop names by API path prefix; the longest prefix of a finding's path names
        its prop (``{"HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs":
        "max_parallel_training_jobs"}``).
        :default: - findings name API paths only
    """
    report = ValidationReport()
    for registered in ordered_rules():
        if not isinstance(request, Mapping) and registered.id != structural.RULE_ID:
            continue  # not an object: the model's rule says so, the others have nothing to read
        for problem in registered.findings(request):
            if prop_names:
                problem = _with_prop(problem, prop_names)
            (report.errors if problem.level == ERROR else report.warnings).append(problem)
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
