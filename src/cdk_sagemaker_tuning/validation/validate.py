"""The entry point: every registered rule on one request, with the typed prop names put on each finding."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from constructs import IConstruct

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
from .per_run import one_run
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


#: The errors an acknowledgement can lift: a field newer than the vendored API model.
ACKNOWLEDGEABLE_RULES = frozenset({structural.UNKNOWN_FIELD_RULE_ID})
ACKNOWLEDGE_CONTEXT = structural.ACKNOWLEDGE_CONTEXT


def validate_request(
    request: Mapping[str, Any],
    *,
    prop_names: Mapping[str, str] | None = None,
    acknowledged: Collection[str] = (),
) -> ValidationReport:
    """Check a CreateHyperParameterTuningJob request as SageMaker would, without calling AWS.

    Runs every rule of ``registry.rules()``; each finding carries its rule's id and level. Values that
    are unresolved CDK tokens are skipped by every rule that needs them.

    :param request: the request in the API's structure (``Tags`` included).
    :param prop_names: typed prop names by API path prefix; the longest prefix of a finding's path names
        its prop (``{"HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs":
        "max_parallel_training_jobs"}``).
        :default: - findings name API paths only
    :param acknowledged: acknowledgement ids of errors the caller accepts, which move from ``errors`` to
        ``acknowledged``. Only an unknown field can be acknowledged
        (``cdk-sagemaker-tuning:unknown-field:<API path>``): one SageMaker added after the library's
        API model was vendored.
        :default: - none: every error stays an error
    """
    report = ValidationReport()
    with one_run():
        _run_rules(request, prop_names, acknowledged, report)
    return report


def _run_rules(
    request: Mapping[str, Any],
    prop_names: Mapping[str, str] | None,
    acknowledged: Collection[str],
    report: ValidationReport,
) -> None:
    for registered in ordered_rules():
        if not isinstance(request, Mapping) and registered.id != structural.RULE_ID:
            continue  # not an object: the model's rule says so, the others have nothing to read
        for problem in registered.findings(request):
            if prop_names:
                problem = _with_prop(problem, prop_names)
            if problem.rule in ACKNOWLEDGEABLE_RULES and problem.acknowledgement_id in acknowledged:
                report.acknowledged.append(problem)
            else:
                (report.errors if problem.level == ERROR else report.warnings).append(problem)


def acknowledged_ids(scope: IConstruct) -> frozenset[str]:
    """The ids listed in the context ``cdk-sagemaker-tuning:acknowledge`` as ``scope`` sees it.

    Context rather than ``Annotations.acknowledge_warning``: an error stops the constructor, so the
    acknowledgement must exist before the job does, and aws-cdk-lib keeps warning acknowledgements where
    Python cannot read them. A list in ``cdk.json``, or ``node.set_context`` on the app or a scope above.
    """
    value = scope.node.try_get_context(ACKNOWLEDGE_CONTEXT)
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(str(item) for item in value)


def _with_prop(problem: Problem, prop_names: Mapping[str, str]) -> Problem:
    matching = [
        prefix
        for prefix in prop_names
        if problem.path == prefix or problem.path.startswith((prefix + ".", prefix + "["))
    ]
    if not matching:
        return problem
    # Told in the typed API's names, when the rule has words for it (early_stopping=True, not 'Auto').
    message = problem.typed_message or problem.message
    return replace(problem, prop=prop_names[max(matching, key=len)], message=message)
