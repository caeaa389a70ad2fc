"""Template tests of the job's EventBridge rules: on_state_change, on_completed, on_failed, on_stopped."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_sns as sns
from aws_cdk.assertions import Match, Template

from cdk_sagemaker_tuning import HyperParameterTuningJob, TuningJobStatus
from cdk_sagemaker_tuning.resource.events import STATE_CHANGE_DETAIL_TYPE
from tests.problems import raises_problem
from tests.test_tuning_job_from_request import minimal_request

ROLE_ARN = "arn:aws:iam::123456789012:role/training"


def _job() -> tuple[Stack, HyperParameterTuningJob]:
    stack = Stack(App(), "Events")
    return stack, HyperParameterTuningJob.from_request(stack, "Tuning", request=minimal_request(ROLE_ARN))


def _only_rule(template: Template) -> dict[str, Any]:
    """The one rule the test added (the stack's reconciler runs on a schedule: not an event rule)."""
    rules = [
        rule
        for rule in template.find_resources("AWS::Events::Rule").values()
        if "EventPattern" in rule["Properties"]
    ]
    assert len(rules) == 1, rules
    return dict(rules[0]["Properties"])


def _job_ref(stack: Stack, job: HyperParameterTuningJob) -> Any:
    return stack.resolve(job.tuning_job_name)


def test_on_state_change_matches_the_jobs_own_events() -> None:
    # GIVEN a job WHEN a rule is added on its state changes, with no status filter
    stack, job = _job()
    rule = job.on_state_change("Changes")
    # THEN the rule matches SageMaker's tuning-job state changes of this job's name, any status
    assert isinstance(rule, events.Rule)
    pattern = _only_rule(Template.from_stack(stack))["EventPattern"]
    assert pattern == {
        "source": ["aws.sagemaker"],
        "detail-type": [STATE_CHANGE_DETAIL_TYPE],
        "detail": {"HyperParameterTuningJobName": [_job_ref(stack, job)]},
    }


@pytest.mark.parametrize(
    ("method", "status"),
    [("on_completed", "Completed"), ("on_failed", "Failed"), ("on_stopped", "Stopped")],
)
def test_status_shortcuts_filter_on_one_status(method: str, status: str) -> None:
    # GIVEN a job WHEN a shortcut rule is added
    stack, job = _job()
    getattr(job, method)("Rule")
    # THEN it matches that status only
    detail = _only_rule(Template.from_stack(stack))["EventPattern"]["detail"]
    assert detail["HyperParameterTuningJobStatus"] == [status]


def test_options_and_target_reach_the_rule() -> None:
    # GIVEN a job and an SNS topic
    stack, job = _job()
    topic = sns.Topic(stack, "Topic")
    # WHEN a rule is added with a target, a name, a description and more pattern
    job.on_state_change(
        "Ended",
        target=targets.SnsTopic(topic),
        statuses=[TuningJobStatus.FAILED, TuningJobStatus.STOPPED],
        description="tuning ended badly",
        rule_name="tuning-ended",
        event_pattern=events.EventPattern(
            detail={"FailureReason": events.Match.exists()}, region=["eu-west-1"]
        ),
    )
    # THEN all of them are on the rule, the caller's pattern merged into the job's own
    properties = _only_rule(Template.from_stack(stack))
    assert properties["Name"] == "tuning-ended"
    assert properties["Description"] == "tuning ended badly"
    assert properties["EventPattern"]["region"] == ["eu-west-1"]
    assert properties["EventPattern"]["detail"] == {
        "HyperParameterTuningJobName": [_job_ref(stack, job)],
        "HyperParameterTuningJobStatus": ["Failed", "Stopped"],
        "FailureReason": [{"exists": True}],
    }
    Template.from_stack(stack).has_resource_properties(
        "AWS::Events::Rule",
        {"Targets": [Match.object_like({"Arn": stack.resolve(topic.topic_arn)})]},
    )


def test_empty_statuses_are_refused() -> None:
    # GIVEN a job WHEN a rule is asked for no status at all THEN it is refused, naming the prop
    _, job = _job()
    with raises_problem("prop-value", "'statuses' must name at least one"):
        job.on_state_change("None", statuses=[])


def test_statuses_must_be_the_enum() -> None:
    # GIVEN a job WHEN a status is given as a plain string THEN it is refused with the value
    _, job = _job()
    with raises_problem("prop-type", "TuningJobStatus values, got 'Completed'"):
        job.on_state_change("Strings", statuses=["Completed"])  # type: ignore[list-item]
