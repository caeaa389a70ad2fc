"""Every synth-time rule of a request, in one registry: its id, the levels of its findings, its source.

Like cdk-nag's packs (``src/packs/aws-solutions.ts``), which apply each rule with an id, a level and an
explanation: ``validate_request`` runs ``RULES`` in order, and every finding leaves with an id (the rule's,
unless its site names a finer one, as warnings do for their acknowledgement ids) and a level (error: SageMaker
would refuse the request; warning: it may not work). A new rule is one function that takes the request and a
``ValidationReport``, and one entry here. The README's table of rules is ``markdown_table()`` (a test holds
the two together; ``python scripts/rules_table.py`` prints it).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from . import data_sources, names, quotas, ranges, semantic, structural, tags, uniqueness
from .report import ValidationReport

Level = Literal["error", "warning"]
Check = Callable[[Mapping[str, Any], ValidationReport], None]

#: Botocore's service model, which ``structural`` walks: the API's own shapes, limits and patterns.
MODEL_SOURCE = "botocore's SageMaker service model (CreateHyperParameterTuningJob's input shape)"


@dataclass(frozen=True)
class Rule:
    """One registered rule.

    :param id: stable, short, kebab-case: part of its findings' acknowledgement ids.
    :param check: adds its findings to the report it is given; skips unresolved tokens.
    :param levels: the levels its findings can have.
    :param source: where the rule's fact comes from, when its docstring names no page.
        :default: - the first address in the check's docstring
    """

    id: str
    check: Check
    levels: tuple[Level, ...] = ("error",)
    source: str = ""

    @property
    def summary(self) -> str:
        """What the rule checks: the first line of its check's docstring."""
        return (inspect.getdoc(self.check) or "").split("\n", 1)[0]

    @property
    def cited(self) -> str:
        """Where its fact comes from."""
        if self.source:
            return self.source
        found = re.search(r"https://\S+?(?=[\s)\"',]|$)", inspect.getdoc(self.check) or "")
        return found.group(0) if found else ""


def _structural(request: Mapping[str, Any], report: ValidationReport) -> None:
    """Every field against the API's shapes: types, required members, enums, lengths, ranges and patterns."""
    report.extend(structural.check(request))


def _names(request: Mapping[str, Any], report: ValidationReport) -> None:
    """The literal parts of a job name (and warm-start parents) built from tokens keep SageMaker's rule."""
    report.extend(names.check(request))


def _quotas(request: Mapping[str, Any], report: ValidationReport) -> None:
    """Resource limits above SageMaker's default quotas (warnings: an account may have raised them)."""
    report.extend(quotas.check(request))


def _tags(request: Mapping[str, Any], report: ValidationReport) -> None:
    """The request's Tags: no reserved key, unique keys, at most what the handler's own tags leave."""
    report.extend(tags.check(request.get("Tags")))


#: Every rule, in the order ``validate_request`` runs them.
RULES: tuple[Rule, ...] = (
    Rule("api-model", _structural, source=MODEL_SOURCE),
    Rule("one-definition-kind", semantic.definition_count),
    Rule("objective", semantic.single_objective, source="API_HyperParameterTuningJobConfig"),
    Rule("multi-algorithm", semantic.multi_algorithm, ("error", "warning")),
    Rule("numeric-ranges", ranges.numeric_ranges),
    Rule("categorical-values", ranges.categorical_values),
    Rule("tuned-counts", ranges.tuned_counts, ("error", "warning"), source="API_ParameterRanges"),
    Rule("static-versus-tuned", ranges.static_versus_tuned),
    Rule("grid", ranges.grid, ("error", "warning")),
    Rule("resource-limits", semantic.resource_limits, ("warning",)),
    Rule("hyperband", semantic.hyperband, ("error", "warning")),
    Rule("algorithm-and-metrics", semantic.algorithm_and_metrics, ("error", "warning")),
    Rule("stopping-conditions", semantic.stopping_conditions),
    Rule("unique-channel-names", uniqueness.unique_channel_names),
    Rule("unique-metric-names", uniqueness.unique_metric_names),
    Rule("unique-warm-start-parents", uniqueness.unique_warm_start_parents),
    Rule("file-systems-need-a-vpc", data_sources.file_systems_need_a_vpc),
    Rule(
        "attribute-names-need-an-augmented-manifest", data_sources.attribute_names_need_an_augmented_manifest
    ),
    Rule("name-literals", _names, source="API_CreateHyperParameterTuningJob (HyperParameterTuningJobName)"),
    Rule("quotas", _quotas, ("warning",), source="SageMaker endpoints and quotas (AWS General Reference)"),
    Rule("tags", _tags, source="API_Tag; the handler's reserved tags (_handler/contract.py)"),
)


def run(request: Any) -> ValidationReport:
    """Every rule over ``request``; each finding carries its rule's id unless its site named a finer one."""
    report = ValidationReport()
    if not isinstance(request, Mapping):
        report.extend(structural.check(request))  # "must be an object": the model says so
        return _stamped(report, RULES[0])
    for rule in RULES:
        found = ValidationReport()
        rule.check(request, found)
        report.extend(_stamped(found, rule))
    return report


def _stamped(report: ValidationReport, rule: Rule) -> ValidationReport:
    report.errors = [problem if problem.rule else replace(problem, rule=rule.id) for problem in report.errors]
    report.warnings = [
        problem if problem.rule else replace(problem, rule=rule.id) for problem in report.warnings
    ]
    return report


def markdown_table() -> str:
    """The README's table of rules."""
    rows = ["| id | level | what it checks | source |", "| --- | --- | --- | --- |"]
    for rule in RULES:
        rows.append(f"| `{rule.id}` | {' or '.join(rule.levels)} | {rule.summary} | {rule.cited} |")
    return "\n".join(rows)
