"""The rule registry: every finding has an id and a level, each rule's levels are declared, the README's
table is the registry's."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cdk_sagemaker_tuning.validation import registry, validate_request
from cdk_sagemaker_tuning.validation.report import ValidationReport
from scripts.rules_table import README, with_table
from tests.samples import xgboost_request


def broken_requests() -> list[dict[str, Any]]:
    """Requests that trip errors and warnings of several rules."""
    base = xgboost_request("arn:aws:iam::123456789012:role/training", "s3://bucket/out")
    parallel = copy.deepcopy(base)
    parallel["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"] = 50
    channels = copy.deepcopy(base)
    channel = {
        "ChannelName": "train",
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://b/t"}},
    }
    channels["TrainingJobDefinition"]["InputDataConfig"] = [channel, channel]
    both = copy.deepcopy(base)
    both["TrainingJobDefinitions"] = [both["TrainingJobDefinition"]]
    wrong = copy.deepcopy(base)
    wrong["HyperParameterTuningJobConfig"]["Strategy"] = "Bayesan"
    return [parallel, channels, both, wrong]


@pytest.mark.parametrize("request_", broken_requests())
def test_every_finding_has_an_id_and_the_level_of_its_list(request_: dict[str, Any]) -> None:
    report = validate_request(request_)
    findings = [*report.errors, *report.warnings]
    assert findings, "the request was meant to be refused or warned about"
    for problem in report.errors:
        assert problem.rule and problem.level == "error", problem
    for problem in report.warnings:
        assert problem.rule and problem.level == "warning", problem


@pytest.mark.parametrize("rule", registry.RULES, ids=lambda rule: rule.id)
def test_each_rules_findings_have_the_levels_it_declares(rule: registry.Rule) -> None:
    found: set[str] = set()
    for request_ in broken_requests():
        report = ValidationReport()
        rule.check(request_, report)
        found |= {"error"} if report.errors else set()
        found |= {"warning"} if report.warnings else set()
    assert found <= set(rule.levels), (rule.id, found)
    assert rule.summary and rule.cited, rule.id


def test_rule_ids_are_unique_and_kebab_case() -> None:
    ids = [rule.id for rule in registry.RULES]
    assert len(ids) == len(set(ids))
    assert all(rule_id == rule_id.lower() and " " not in rule_id and "_" not in rule_id for rule_id in ids)


def test_the_readmes_table_of_rules_is_the_registrys() -> None:
    readme = README.read_text()
    assert registry.markdown_table() in readme
    assert with_table(readme) == readme, "run: python scripts/rules_table.py --write"
