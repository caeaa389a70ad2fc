"""The checks of the typed classes and constructs: each has an id, a failing case and a row in docs/validation.md.

Their findings are ``Problem`` s with a stable id and a level, raised together as one
``TuningJobValidationError`` (a ``ValueError``), like the request's rules' findings (``test_registry.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Duration, Environment, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    HyperParameterTuningJob,
    SageMakerCreateHyperParameterTuningJob,
    TrainingAlgorithm,
    TrainingOutput,
    TuningJobCompletionCriteria,
    TuningJobValidationError,
    TuningJobWait,
    TuningObjective,
    builtin_image_uri,
)
from cdk_sagemaker_tuning._core import checks
from cdk_sagemaker_tuning.grants.execution_role import execution_role
from cdk_sagemaker_tuning.typed.network import security_group
from cdk_sagemaker_tuning.validation import registry
from scripts import rules_table
from tests.samples import ROLE_ARN, typed_job, xgboost_request

PAGE = Path(__file__).resolve().parents[2] / "docs" / "validation.md"
EAST = Environment(account="123456789012", region="us-east-1")


def _stack(region: str = "us-east-1") -> Stack:
    return Stack(App(), "Checks", env=Environment(account="123456789012", region=region))


def _wrong_type() -> None:
    TuningObjective("Maximize", "validation:auc")  # type: ignore[arg-type]


def _wrong_value() -> None:
    TrainingOutput(s3.Bucket.from_bucket_name(_stack(), "Data", "example-bucket"), "/output")


def _exclusive_props() -> None:
    TuningJobCompletionCriteria()


def _bad_name_prefix() -> None:
    typed_job(_stack(), tuning_job_name_prefix="churn_model")


def _unknown_builtin_version() -> None:
    TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST, version="9.9-9")


def _builtin_without_a_registry_in_the_region() -> None:
    builtin_image_uri(_stack("il-central-1"), BuiltInAlgorithm.LDA)


def _role_id_taken() -> None:
    job = Construct(_stack(), "Job")
    Construct(job, "Role")
    execution_role(job)


def _two_vpcs_for_one_security_group() -> None:
    stack = _stack()
    job = Construct(stack, "Job")
    security_group(job, ec2.Vpc(stack, "First"))
    security_group(job, ec2.Vpc(stack, "Second"))


def _connections_without_a_vpc() -> None:
    typed_job(_stack()).connections  # noqa: B018


def _results_without_a_wait() -> None:
    job = HyperParameterTuningJob.from_request(_stack(), "Job", request=xgboost_request())
    job.best_hyperparameter("max_depth")


def _wait_shorter_than_a_wait_condition_allows() -> None:
    TuningJobWait.for_completion(timeout=Duration.minutes(5))


def _handle_id_longer_than_its_tag() -> None:
    # CDK keeps up to 240 characters of the path in a logical id: nested long ids reach it.
    scope: Construct = _stack()
    for level in range(4):
        scope = Construct(scope, f"Level{level}" + "x" * 60)
    HyperParameterTuningJob.from_request(
        scope, "Job", request=xgboost_request(), wait=TuningJobWait.for_completion(timeout=Duration.hours(2))
    )


def _same_fixed_name_twice() -> None:
    app = App()
    for stack_id in ("First", "Second"):
        typed_job(Stack(app, stack_id, env=EAST), tuning_job_name="churn-1")
    try:
        app.synth()
    except RuntimeError as error:
        # CDK reports validations as one message; the finding's line is in it, with its id.
        [line] = {line.split("] ", 1)[1] for line in str(error).splitlines() if "[unique-job-names]" in line}
        problem = checks.UNIQUE_JOB_NAMES.problem(line.removesuffix(" [unique-job-names]"))
        raise TuningJobValidationError([problem]) from error


def _override_of_the_tags() -> None:
    job = HyperParameterTuningJob.from_request(_stack(), "Job", request=xgboost_request())
    job.add_request_override("Tags", [])


def _runtime_role_in_a_task() -> None:
    request = xgboost_request(
        role_arn=sfn.JsonPath.string_at("$.Role"),
        HyperParameterTuningJobName=sfn.JsonPath.string_at("$.Name"),
    )
    SageMakerCreateHyperParameterTuningJob.from_request(_stack(), "Tune", request=request)


def _jsonata_in_a_json_path_state() -> None:
    request = xgboost_request(HyperParameterTuningJobName="{% $states.input.name %}")
    task = SageMakerCreateHyperParameterTuningJob.from_request(_stack(), "Tune", request=request)
    task.to_state_json()


#: A failing case of each check, with words of its message.
CASES: dict[str, tuple[Callable[[], Any], str]] = {
    "prop-type": (_wrong_type, r"'objective_type' must be ObjectiveType.MAXIMIZE or ObjectiveType.MINIMIZE"),
    "prop-value": (
        _wrong_value,
        r"'output.prefix' should be a key prefix not starting with '/', got '/output'",
    ),
    "prop-combination": (_exclusive_props, r"needs at least one of 'target_objective_value'"),
    "name-prefix": (_bad_name_prefix, r"'churn_model' is not a valid name prefix"),
    "builtin-image-version": (
        _unknown_builtin_version,
        r"'version' of BuiltInAlgorithm.XGBOOST should be one of",
    ),
    "builtin-image-region": (_builtin_without_a_registry_in_the_region, r"LDA has no known image registry"),
    "construct-id-taken": (_role_id_taken, r"Checks/Job/Role exists and is not an iam.Role"),
    "one-vpc-per-job": (_two_vpcs_for_one_security_group, r"use different VPCs"),
    "connections-need-a-vpc": (_connections_without_a_vpc, r"has no 'connections'"),
    "results-need-a-wait": (
        _results_without_a_wait,
        r"'best_hyperparameter\('max_depth'\)' is known only once",
    ),
    "wait-timeout": (
        _wait_shorter_than_a_wait_condition_allows,
        r"'timeout' must be from 30 minutes to 12 hours",
    ),
    "wait-handle-id": (
        _handle_id_longer_than_its_tag,
        r"handle logical id .* give the job .* shorter construct ids",
    ),
    "unique-job-names": (_same_fixed_name_twice, r"tuning job name 'churn-1' is fixed by 2 jobs"),
    "override-path": (_override_of_the_tags, r"request override path 'Tags': use Tags.of\(job\)"),
    "task-roles-at-synth": (
        _runtime_role_in_a_task,
        r"'RoleArn' '\$\.Role' is a run-time value: the state machine may pass only execution roles it knows",
    ),
    "query-language": (
        _jsonata_in_a_json_path_state,
        r"is a JSONata expression, but the task state uses JSONPath",
    ),
}


def test_every_check_has_a_failing_case() -> None:
    assert sorted(CASES) == sorted(check.id for check in checks.CHECKS)


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_a_failing_case_raises_one_error_with_the_check_s_id_and_message(check_id: str) -> None:
    # GIVEN the check's failing case
    make, words = CASES[check_id]

    # WHEN it runs
    with pytest.raises(TuningJobValidationError) as raised:
        make()

    # THEN one ValueError lists the finding, with the check's id and level, its line ending with the id
    assert isinstance(raised.value, ValueError)
    [problem] = [problem for problem in raised.value.problems if problem.rule == check_id]
    assert problem.level == "error"
    assert re.search(words, problem.message), problem.message
    assert f"{problem} [{check_id}]" in str(raised.value)


def test_a_typed_finding_names_its_prop() -> None:
    # WHEN the objective's type is wrong THEN the finding names the prop, and has no API path
    with pytest.raises(TuningJobValidationError) as raised:
        _wrong_type()
    [problem] = raised.value.problems
    assert (problem.path, problem.prop, problem.rule) == ("", "objective_type", "prop-type")


def test_findings_of_several_kinds_are_raised_together() -> None:
    # GIVEN a definition with a prop of the wrong type and two props that exclude one another
    from cdk_sagemaker_tuning import InstanceConfig, TrainingJobDefinition

    bucket = s3.Bucket.from_bucket_name(_stack(), "Data", "example-bucket")

    # WHEN it is declared
    with pytest.raises(TuningJobValidationError) as raised:
        TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            output=TrainingOutput(bucket),
            retry_attempts="3",  # type: ignore[arg-type]
            instance_configs=[InstanceConfig("ml.m5.xlarge")],
            instance_count=2,
        )

    # THEN one error lists both, each with its id
    assert [(p.prop, p.rule) for p in raised.value.problems] == [
        ("retry_attempts", "prop-type"),
        ("instance_count", "prop-combination"),
    ]


def test_check_ids_are_ids_and_none_is_a_rule_s() -> None:
    ids = [check.id for check in checks.CHECKS]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", check_id) for check_id in ids)
    assert set(ids) & {rule.id for rule in registry.rules()} == set()
    assert all(check.summary.strip() and check.source.strip() for check in checks.CHECKS)


def test_a_rule_cannot_take_a_check_s_id() -> None:
    with pytest.raises(ValueError, match="is the id of a check"):
        registry.rule("prop-type", level=registry.ERROR, source="a page")(lambda request: iter(()))


def test_the_pages_table_of_checks_is_the_declared_checks() -> None:
    text = PAGE.read_text()
    table = rules_table.page_table(text, rules_table.CHECKS_BEGIN, rules_table.CHECKS_END)
    assert table == rules_table.checks_table(), (
        f"docs/validation.md's table of checks is out of date: run {rules_table.COMMAND}"
    )
    assert re.findall(r"^\| `([a-z0-9-]+)` \|", table, re.M) == [check.id for check in checks.CHECKS]


def test_the_role_arn_given_for_a_role_still_is_a_value_error() -> None:
    # Code written against earlier versions catches ValueError around the typed classes: it still does.
    from cdk_sagemaker_tuning import TrainingJobDefinition

    bucket = s3.Bucket.from_bucket_name(_stack(), "Data", "example-bucket")
    with pytest.raises(ValueError, match=r"'role' must be an iam.IRole, got the string"):
        TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            output=TrainingOutput(bucket),
            role=ROLE_ARN,  # type: ignore[arg-type]
        )
