"""The registry of rules: every finding has a registered id and level, and the docs' table is the registry's."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from aws_cdk import Aws
from test_algorithm_specs import ERRORS as ALGORITHM_CASES
from test_invalid_requests import CASES, MULTI_CASES
from test_service_limits import ERRORS as SERVICE_LIMIT_CASES
from validation_helpers import XGBOOST_IMAGE, base_request, multi_request

from cdk_sagemaker_tuning.validation import registry, validate_request
from cdk_sagemaker_tuning.validation.errors import Problem
from cdk_sagemaker_tuning.validation.validate import ACKNOWLEDGEABLE_RULES, RULE_MODULES, ordered_rules
from scripts import rules_table as rule_table
from tests.support.docs_pages import ROOT, pages, read

REGISTERED = {rule.id: rule for rule in registry.rules()}


def _builtin_objective_not_emitted(request: dict[str, Any]) -> None:
    request["TrainingJobDefinition"]["AlgorithmSpecification"] = {
        "TrainingImage": XGBOOST_IMAGE,
        "TrainingInputMode": "File",
    }
    request["HyperParameterTuningJobConfig"]["HyperParameterTuningJobObjective"]["MetricName"] = (
        "validation:accuracy_score"
    )


def _token_name_with_an_underscore(request: dict[str, Any]) -> None:
    request["HyperParameterTuningJobName"] = f"{Aws.STACK_NAME}_tuning"


# Rules whose failing cases live in other files (test_messages.py, test_names.py), repeated here.
MORE_CASES = [_builtin_objective_not_emitted, _token_name_with_an_underscore]


def invalid_requests() -> Iterator[dict[str, Any]]:
    for mutate in MORE_CASES:
        request = base_request()
        mutate(request)
        yield request
    for _, mutate, *_ in [*CASES, *SERVICE_LIMIT_CASES, *ALGORITHM_CASES]:
        request = base_request()
        mutate(request)
        yield request
    for _, mutate, _ in MULTI_CASES:
        request = multi_request()
        mutate(request)
        yield request


def test_every_rule_has_an_id_a_level_a_source_and_a_summary() -> None:
    rules = ordered_rules()
    assert len({rule.id for rule in rules}) == len(rules) == len(REGISTERED)
    for rule in rules:
        assert rule.level in (registry.ERROR, registry.WARNING), rule.id
        assert rule.source.strip() and rule.summary.strip(), rule.id
        assert rule.check.__module__ in {module.__name__ for module in RULE_MODULES}, rule.id


def test_every_finding_of_the_invalid_requests_has_its_rule_id_and_level() -> None:
    # WHEN every invalid request of test_invalid_requests is validated
    reports = [validate_request(request) for request in invalid_requests()]

    # THEN each error names a registered error rule (and the table of cases does produce errors)
    errors = [error for report in reports for error in report.errors]
    assert len(errors) >= len(MORE_CASES) + len(CASES) + len(MULTI_CASES)
    for error in errors:
        assert error.rule in REGISTERED and error.level == registry.ERROR, error
        assert REGISTERED[error.rule].level == registry.ERROR, error
    for warning in (warning for report in reports for warning in report.warnings):
        assert REGISTERED[warning.rule].level == registry.WARNING, warning


def test_every_error_rule_has_a_failing_case() -> None:
    # GIVEN the rules found by the invalid requests
    found = {error.rule for request in invalid_requests() for error in validate_request(request).errors}

    # THEN every error rule is among them: each has at least one non-compliant case
    error_rules = {rule.id for rule in registry.rules() if rule.level == registry.ERROR}
    assert error_rules - found == set()


def test_the_docs_table_is_the_registry() -> None:
    # GIVEN the table of rules on the validation page, where the script writes it
    assert rule_table.PAGE == ROOT / "docs" / "validation.md"
    table = rule_table.page_table(read("docs/validation.md"))
    # THEN it is the registry's, rule for rule
    assert table == rule_table.table(), (
        f"docs/validation.md's table of rules is out of date: run {rule_table.COMMAND}"
    )


def test_the_pages_table_of_built_in_algorithms_is_the_data() -> None:
    table = rule_table.page_table(
        read("docs/validation.md"), rule_table.ALGORITHMS_BEGIN, rule_table.ALGORITHMS_END
    )
    assert table == rule_table.algorithms_table(), (
        f"docs/validation.md's table of algorithms is out of date: run {rule_table.COMMAND}"
    )
    assert table.count("\n| `") == 17


def test_the_table_lists_each_rule_once_with_its_level() -> None:
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (error|warning) \|", rule_table.table(), re.M)
    assert rows == [(rule.id, rule.level) for rule in ordered_rules()]


def test_acknowledgement_ids_in_the_docs_name_registered_warning_rules() -> None:
    # GIVEN every acknowledgement id of a rule (``<prefix>:<rule id>:<API path>``) the README and docs show
    ids = re.findall(r"cdk-sagemaker-tuning:([a-z0-9-]+):[A-Z]", "\n".join(read(page) for page in pages()))

    # THEN each names a warning rule of the registry, or the one error that can be acknowledged (a field
    # newer than the vendored API model)
    assert ids
    for rule_id in ids:
        assert REGISTERED[rule_id].level == registry.WARNING or rule_id in ACKNOWLEDGEABLE_RULES, rule_id
    assert {"unknown-field"} == ACKNOWLEDGEABLE_RULES


def test_a_registered_function_is_run_by_validate_request(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN a new rule, one registered function
    monkeypatch.setattr(registry, "_RULES", copy.copy(registry._RULES))

    @registry.rule("no-jobs-named-x", level=registry.WARNING, source="this test")
    def no_jobs_named_x(request: Mapping[str, Any]) -> Iterator[Problem]:
        """No job is named x."""
        if request.get("HyperParameterTuningJobName") == "x":
            yield Problem("HyperParameterTuningJobName", "'x' is not a name", "x")

    request = base_request()
    request["HyperParameterTuningJobName"] = "x"

    # WHEN
    report = validate_request(request)

    # THEN its finding carries its id and level, and becomes a warning
    [warning] = [w for w in report.warnings if w.rule == "no-jobs-named-x"]
    assert warning.level == registry.WARNING
    assert warning.acknowledgement_id == "cdk-sagemaker-tuning:no-jobs-named-x:HyperParameterTuningJobName"
    assert "no-jobs-named-x" in rule_table.table()


@pytest.mark.parametrize(
    ("rule_id", "level", "source", "message"),
    [
        ("Not_An_Id", registry.ERROR, "a page", "lower-case words"),
        ("an-id", "fatal", "a page", "level must be"),
        ("an-id", registry.ERROR, " ", "needs a source"),
        ("api-model", registry.ERROR, "a page", "registered twice"),
    ],
)
def test_a_rule_that_cannot_be_registered(rule_id: str, level: Any, source: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        registry.rule(rule_id, level=level, source=source)(lambda request: iter(()))
