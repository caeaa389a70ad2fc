"""The handler's shell, end to end within one invocation: SageMaker and Lambda scripted with botocore's
Stubber, CloudFormation's ResponseURL on loopback, the clock and the sleep injected.

These check the CloudFormation contract where it lives in the shell (which job a failure names, what is
stopped, what is logged, when the function hands over); the harness's lifecycle scenarios run the same
handler against a whole local CloudFormation, Lambda and SageMaker.
"""

from __future__ import annotations

import json
import logging
from calendar import timegm
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from cdk_sagemaker_tuning._handler import (
    completion_check,
    contract,
    create_plan,
    delete_plan,
    index,
    sagemaker_api,
)
from cdk_sagemaker_tuning._handler.lifecycle import ResourceEvent
from cdk_sagemaker_tuning._handler.runtime import invocation as invocation_module
from cdk_sagemaker_tuning._handler.runtime.budget import EventBudget
from cdk_sagemaker_tuning._handler.runtime.continuation import Continuation
from cdk_sagemaker_tuning._handler.runtime.invocation import Invocation
from cdk_sagemaker_tuning._handler.tuning_job_handler import COSTS, TuningJobHandler
from tests.support.cfn_events import STACK_ID, cfn_event, xgboost_request

SIGNED = datetime(2026, 12, 1, 6, 45, 0, tzinfo=UTC)
SIGNED_EPOCH = float(timegm(SIGNED.timetuple()))
FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:TuningJobs"
LOG_STREAM = "2026/12/01/[$LATEST]0123456789abcdef"
OTHER_STACK = "arn:aws:cloudformation:us-east-1:123456789012:stack/Other/11111111-2222-3333-4444-555555555555"
SECRET = "hunter2-s3cr3t-value"


@dataclass
class Context:
    remaining_millis: int = 900_000
    invoked_function_arn: str = FUNCTION_ARN
    log_stream_name: str = LOG_STREAM

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_millis


class Clock:
    """Epoch seconds that advance only when the handler sleeps."""

    def __init__(self, now: float) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def sagemaker() -> Iterator[Stubber]:
    client = boto3.client("sagemaker", endpoint_url="http://127.0.0.1:9", config=sagemaker_api.CLIENT_CONFIG)
    with Stubber(client) as stubber:
        yield stubber
    stubber.assert_no_pending_responses()


@pytest.fixture
def lambda_() -> Iterator[Stubber]:
    client = boto3.client("lambda", endpoint_url="http://127.0.0.1:9")
    with Stubber(client) as stubber:
        yield stubber
    stubber.assert_no_pending_responses()


def run(
    event: dict[str, Any],
    sagemaker: Stubber,
    *,
    clock: Clock | None = None,
    context: Context | None = None,
    lambda_: Stubber | None = None,
) -> None:
    clock = clock or Clock(SIGNED_EPOCH + 1)
    state = Continuation.from_event(event) or Continuation(first_invocation=clock())
    invocation: Invocation[Any] = Invocation(
        event=event,
        context=context or Context(),
        state=state,
        budget=EventBudget.of(event, state.first_invocation, COSTS, environ={}),
        costs=COSTS,
        clock=clock,
        sleep=clock.sleep,
        lambda_client=(lambda: lambda_.client) if lambda_ is not None else _no_lambda,
    )
    invocation.run(TuningJobHandler(invocation, sagemaker_api.SageMakerApi(sagemaker.client)))


def _no_lambda() -> Any:
    raise AssertionError("the handler re-invoked itself")


def event_for(
    response_url: Any, request_type: str, request: dict[str, Any] | None = None, **kwargs: Any
) -> dict[str, Any]:
    made = cfn_event(request_type, request or xgboost_request(), **kwargs)
    made["ResponseURL"] = response_url.url
    return made


def answers(response_url: Any) -> list[dict[str, Any]]:
    return [json.loads(request["body"]) for request in response_url.requests]


def arn(name: str) -> str:
    return f"arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/{name}"


def describe(name: str, status: str, **extra: Any) -> dict[str, Any]:
    return {
        "HyperParameterTuningJobName": name,
        "HyperParameterTuningJobArn": arn(name),
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 3},
        },
        "HyperParameterTuningJobStatus": status,
        "CreationTime": datetime(2026, 12, 1, 4, 0, tzinfo=UTC),
        "TrainingJobStatusCounters": {},
        "ObjectiveStatusCounters": {},
        **extra,
    }


def tags(stack_id: str = STACK_ID, request_id: str = "another-request") -> dict[str, Any]:
    return {
        "Tags": [
            {"Key": contract.STACK_TAG, "Value": stack_id},
            {"Key": contract.REQUEST_ID_TAG, "Value": request_id},
        ]
    }


def name_of(event: dict[str, Any]) -> str:
    return create_plan.plan_create(ResourceEvent.from_cfn(event)).name


def expect_create(sagemaker: Stubber, event: dict[str, Any]) -> str:
    plan = create_plan.plan_create(ResourceEvent.from_cfn(event))
    sagemaker.add_response(
        "create_hyper_parameter_tuning_job", {"HyperParameterTuningJobArn": arn(plan.name)}, plan.params
    )
    return plan.name


def by_name(name: str) -> dict[str, str]:
    return {"HyperParameterTuningJobName": name}


# -- create -----------------------------------------------------------------------------------------------


def test_create_starts_a_job_owned_by_the_stack_and_answers_its_name(
    sagemaker: Stubber, response_url: Any
) -> None:
    # GIVEN a create without waiting
    event = event_for(response_url, "Create")
    name = expect_create(sagemaker, event)

    # WHEN
    run(event, sagemaker)

    # THEN one answer, SUCCESS, naming the job; the create carried the stack's ownership tag
    [answer] = answers(response_url)
    assert answer["Status"] == "SUCCESS"
    assert answer["PhysicalResourceId"] == name
    assert answer["Data"] == {contract.ATTR_ARN: arn(name), contract.ATTR_NAME: name}
    sent_tags = create_plan.plan_create(ResourceEvent.from_cfn(event)).params["Tags"]
    assert {"Key": contract.STACK_TAG, "Value": STACK_ID} in sent_tags


def test_a_6_kb_sagemaker_error_fails_the_create_with_a_bounded_reason_and_no_job_name(
    sagemaker: Stubber, response_url: Any
) -> None:
    # GIVEN SageMaker refuses the create with a 6 KB message
    event = event_for(response_url, "Create")
    sagemaker.add_client_error(
        "create_hyper_parameter_tuning_job", "ValidationException", "x" * 6000, http_status_code=400
    )
    # (the name is looked up once: an earlier attempt whose answer was lost may have started the job)
    sagemaker.add_client_error("describe_hyper_parameter_tuning_job", "ResourceNotFound", "can't find")

    # WHEN
    run(event, sagemaker)

    # THEN FAILED, reason within 1 KB naming the log stream, body within 4 KB, and a physical id that the
    # rollback's Delete will not take for a job
    [request] = response_url.requests
    answer = json.loads(request["body"])
    assert answer["Status"] == "FAILED"
    assert len(request["body"]) <= contract.MAX_RESPONSE_BYTES
    assert len(answer["Reason"].encode()) <= contract.MAX_REASON_BYTES
    assert answer["Reason"].startswith("SageMaker CreateHyperParameterTuningJob for ")
    assert LOG_STREAM in answer["Reason"]
    assert not delete_plan.is_job_name_of_ours(answer["PhysicalResourceId"])


def test_a_fixed_name_held_by_another_stacks_job_fails_without_naming_that_job(
    sagemaker: Stubber, response_url: Any
) -> None:
    # GIVEN the fixed name is taken by a job of another stack
    event = event_for(response_url, "Create", xgboost_request(HyperParameterTuningJobName="my-tuning-1"))
    sagemaker.add_client_error("create_hyper_parameter_tuning_job", "ResourceInUse", "in use")
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("my-tuning-1", "InProgress"))
    sagemaker.add_response("list_tags", tags(OTHER_STACK, "r"), {"ResourceArn": arn("my-tuning-1")})

    # WHEN
    run(event, sagemaker)

    # THEN FAILED with a clear message; the physical id is not the other stack's job (its Delete is a no-op)
    [answer] = answers(response_url)
    assert answer["Status"] == "FAILED"
    assert "created by another stack (Other)" in answer["Reason"]
    assert answer["PhysicalResourceId"] != "my-tuning-1"
    assert not delete_plan.is_job_name_of_ours(answer["PhysicalResourceId"])


def test_a_duplicate_create_adopts_its_own_job_and_answers_the_same(
    sagemaker: Stubber, response_url: Any
) -> None:
    # GIVEN the first delivery created the job; the duplicate's create finds the name taken
    event = event_for(response_url, "Create")
    name = name_of(event)
    sagemaker.add_client_error("create_hyper_parameter_tuning_job", "ResourceInUse", "in use")
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe(name, "InProgress"), by_name(name))
    sagemaker.add_response("list_tags", tags(STACK_ID, event["RequestId"]), {"ResourceArn": arn(name)})

    # WHEN
    run(event, sagemaker)

    # THEN it answers SUCCESS with the one job: no second job, no different outcome
    [answer] = answers(response_url)
    assert (answer["Status"], answer["PhysicalResourceId"]) == ("SUCCESS", name)


def test_a_create_that_waits_polls_until_completed(
    sagemaker: Stubber, response_url: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a create that waits: the job runs for one poll, then completes
    monkeypatch.setenv(contract.ENV_POLL_INTERVAL_SECONDS, "30")
    event = event_for(response_url, "Create", wait_for_completion=True)
    name = expect_create(sagemaker, event)
    best = {
        "TrainingJobName": "best-1",
        "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/best-1",
        "TrainingJobStatus": "Completed",
        "CreationTime": SIGNED,
        "FinalHyperParameterTuningJobObjectiveMetric": {"MetricName": "validation:auc", "Value": 0.9},
        "TunedHyperParameters": {},
    }
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe(name, "InProgress"), by_name(name))
    sagemaker.add_response(
        "describe_hyper_parameter_tuning_job",
        describe(name, "Completed", BestTrainingJob=best),
        by_name(name),
    )
    sagemaker.add_response(
        "describe_training_job",
        {
            "TrainingJobName": "best-1",
            "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/best-1",
            "ModelArtifacts": {"S3ModelArtifacts": "s3://b/best-1/model.tar.gz"},
            "TrainingJobStatus": "Completed",
            "SecondaryStatus": "Completed",
            "AlgorithmSpecification": {"TrainingInputMode": "File"},
            "ResourceConfig": {"VolumeSizeInGB": 10},
            "StoppingCondition": {},
            "CreationTime": SIGNED,
        },
        {"TrainingJobName": "best-1"},
    )
    clock = Clock(SIGNED_EPOCH + 1)

    # WHEN
    run(event, sagemaker, clock=clock)

    # THEN one poll interval slept, and the best job's attributes answered
    assert clock.sleeps == [30.0]
    [answer] = answers(response_url)
    assert answer["Status"] == "SUCCESS"
    assert answer["Data"][contract.ATTR_BEST_TRAINING_JOB_NAME] == "best-1"
    assert answer["Data"][contract.ATTR_BEST_MODEL_ARTIFACTS] == "s3://b/best-1/model.tar.gz"


def test_a_create_out_of_budget_stops_the_job_it_started_and_answers_its_name(
    sagemaker: Stubber, response_url: Any
) -> None:
    # GIVEN a create that waits, continued with its job, its budget spent (the event is an hour old)
    event = event_for(response_url, "Create", wait_for_completion=True)
    name = name_of(event)
    event[contract.CONTINUATION_KEY] = {"firstInvocation": SIGNED_EPOCH, "job": name, "invocation": 5}
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe(name, "InProgress"), by_name(name))
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe(name, "InProgress"), by_name(name))
    sagemaker.add_response("list_tags", tags(STACK_ID, event["RequestId"]), {"ResourceArn": arn(name)})
    sagemaker.add_response("stop_hyper_parameter_tuning_job", {}, by_name(name))

    # WHEN
    run(event, sagemaker, clock=Clock(SIGNED_EPOCH + 3600))

    # THEN the job this event started is stopped, and FAILED names it so the rollback's Delete finds it
    [answer] = answers(response_url)
    assert (answer["Status"], answer["PhysicalResourceId"]) == ("FAILED", name)
    assert "so it was stopped" in answer["Reason"]


def test_a_create_hands_over_when_the_invocation_runs_out_of_time(
    sagemaker: Stubber, lambda_: Stubber, response_url: Any
) -> None:
    # GIVEN a create that waits, in an invocation with too little time left for another poll
    event = event_for(response_url, "Create", wait_for_completion=True)
    name = expect_create(sagemaker, event)
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe(name, "InProgress"), by_name(name))
    invoked: list[dict[str, Any]] = []
    lambda_.add_response(
        "invoke",
        {"StatusCode": 202},
        {"FunctionName": FUNCTION_ARN, "InvocationType": "Event", "Payload": ANY},
    )
    lambda_.client.meta.events.register(
        "before-parameter-build.lambda.Invoke",
        lambda params, **_: invoked.append(json.loads(params["Payload"])),
    )

    # WHEN the first step is done with 9 minutes left
    run(event, sagemaker, lambda_=lambda_, context=Context(remaining_millis=540_000))

    # THEN no answer yet: the function re-invoked itself with the original event and the job to wait for
    assert answers(response_url) == []
    [payload] = invoked
    continuation = payload.pop(contract.CONTINUATION_KEY)
    assert payload == event
    assert continuation["job"] == name
    assert continuation["invocation"] == 2


def test_a_continued_create_does_not_create_again(sagemaker: Stubber, response_url: Any) -> None:
    # GIVEN the continuation of a create waiting for its job (a Lambda retry of it sends the same payload)
    event = event_for(response_url, "Create", wait_for_completion=True)
    event[contract.CONTINUATION_KEY] = {"firstInvocation": SIGNED_EPOCH, "job": "job-1", "invocation": 2}
    sagemaker.add_response(
        "describe_hyper_parameter_tuning_job", describe("job-1", "Failed", FailureReason="r")
    )
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Failed"))

    # WHEN
    run(event, sagemaker)

    # THEN it only describes (the Stubber refuses any create), and fails with the job's name
    [answer] = answers(response_url)
    assert (answer["Status"], answer["PhysicalResourceId"]) == ("FAILED", "job-1")
    assert "'job-1' failed: r" in answer["Reason"]


def test_an_undelivered_answer_raises_so_that_lambda_retries(sagemaker: Stubber, response_url: Any) -> None:
    event = event_for(
        response_url,
        "Delete",
        physical_id=create_plan.failed_create_physical_id(
            ResourceEvent.from_cfn(cfn_event("Create", xgboost_request()))
        ),
    )
    response_url.statuses = [403]
    with pytest.raises(invocation_module.AnswerNotDelivered):
        run(event, sagemaker)


# -- update -----------------------------------------------------------------------------------------------


def test_turning_wait_on_never_stops_a_job_this_update_did_not_start(
    sagemaker: Stubber, response_url: Any
) -> None:
    # GIVEN an update turning wait_for_completion on for a job created by an earlier create, continued
    # until its budget is spent
    event = event_for(
        response_url,
        "Update",
        physical_id="job-1",
        old_request=xgboost_request(),
        wait_for_completion=True,
    )
    event[contract.CONTINUATION_KEY] = {"firstInvocation": SIGNED_EPOCH, "job": "job-1", "invocation": 5}
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "InProgress"))
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "InProgress"))
    sagemaker.add_response("list_tags", tags(STACK_ID, "the-create-request"))

    # WHEN
    run(event, sagemaker, clock=Clock(SIGNED_EPOCH + 3600))

    # THEN the update fails and the job runs on (the Stubber refuses any Stop)
    [answer] = answers(response_url)
    assert (answer["Status"], answer["PhysicalResourceId"]) == ("FAILED", "job-1")
    assert "left running" in answer["Reason"]


def test_a_tags_only_update_of_a_job_deleted_outside_cloudformation_succeeds(
    sagemaker: Stubber, response_url: Any
) -> None:
    # GIVEN the job is gone, and the update changes only a tag
    event = event_for(
        response_url,
        "Update",
        xgboost_request(Tags=[{"Key": "project", "Value": "b"}]),
        physical_id="job-1",
        old_request=xgboost_request(),
    )
    sagemaker.add_client_error(
        "describe_hyper_parameter_tuning_job", "ResourceNotFound", "Amazon SageMaker can't find it"
    )

    # WHEN
    run(event, sagemaker)

    # THEN SUCCESS with the same physical id and nothing tagged (so its rollback succeeds the same way)
    [answer] = answers(response_url)
    assert (answer["Status"], answer["PhysicalResourceId"]) == ("SUCCESS", "job-1")
    assert answer["Data"][contract.ATTR_NAME] == "job-1"


def test_a_failed_replacing_update_stops_the_new_job_and_keeps_the_old_physical_id(
    sagemaker: Stubber, response_url: Any
) -> None:
    # GIVEN a replacing update whose new job then fails for a reason of the handler's own
    old = xgboost_request()
    new = xgboost_request(HyperParameterTuningJobConfig={**old["HyperParameterTuningJobConfig"]}, Tags=[])
    new["HyperParameterTuningJobConfig"]["Strategy"] = "Random"
    event = event_for(response_url, "Update", new, physical_id="job-1", old_request=old)
    sagemaker.add_client_error("describe_hyper_parameter_tuning_job", "ResourceNotFound", "can't find")
    parsed = ResourceEvent.from_cfn(event)
    # the new job records the job it replaces, even though that one is gone (its rollback returns to it)
    plan = create_plan.plan_create(parsed, "job-1")
    sagemaker.add_response(
        "create_hyper_parameter_tuning_job", {"HyperParameterTuningJobArn": arn(plan.name)}, plan.params
    )
    # the create's answer is unreadable for the handler: an internal error after the job started
    invocation_error = RuntimeError(SECRET)

    def explode(*_: Any, **__: Any) -> Any:
        raise invocation_error

    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe(plan.name, "InProgress"))
    sagemaker.add_response("list_tags", tags(STACK_ID, event["RequestId"]))
    sagemaker.add_response("stop_hyper_parameter_tuning_job", {}, by_name(plan.name))

    # WHEN response_data breaks after the create
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(completion_check, "response_data", explode)
        run(event, sagemaker)

    # THEN the job it started is stopped, and the update fails on its old physical id
    [answer] = answers(response_url)
    assert (answer["Status"], answer["PhysicalResourceId"]) == ("FAILED", "job-1")
    assert "Internal error in the tuning-job handler (RuntimeError)" in answer["Reason"]
    assert SECRET not in answer["Reason"]


# -- delete -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "job_tags",
    [
        tags(OTHER_STACK),  # another stack's
        {"Tags": [{"Key": contract.REQUEST_ID_TAG, "Value": "r"}]},  # no ownership tag (by hand, or older)
        {"Tags": []},
    ],
)
def test_delete_of_a_foreign_job_succeeds_without_touching_it(
    sagemaker: Stubber, response_url: Any, job_tags: dict[str, Any]
) -> None:
    # GIVEN the physical id names a running job this stack does not own
    event = event_for(response_url, "Delete", physical_id="job-1")
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "InProgress"))
    sagemaker.add_response("list_tags", job_tags)

    # WHEN
    run(event, sagemaker)

    # THEN SUCCESS, and no Stop (the Stubber would refuse it)
    assert [(a["Status"], a["PhysicalResourceId"]) for a in answers(response_url)] == [("SUCCESS", "job-1")]


def test_delete_stops_a_running_job_and_waits_until_stopped(
    sagemaker: Stubber, response_url: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(contract.ENV_POLL_INTERVAL_SECONDS, "5")
    event = event_for(response_url, "Delete", physical_id="job-1")
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "InProgress"))
    sagemaker.add_response("list_tags", tags())
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "InProgress"))
    sagemaker.add_response("stop_hyper_parameter_tuning_job", {}, by_name("job-1"))
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopping"))
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopped"))
    clock = Clock(SIGNED_EPOCH + 1)

    run(event, sagemaker, clock=clock)

    assert clock.sleeps == [5.0, 5.0]
    assert [(a["Status"], a["PhysicalResourceId"]) for a in answers(response_url)] == [("SUCCESS", "job-1")]


@pytest.mark.parametrize(("delete_record", "status"), [(False, "SUCCESS"), (True, "FAILED")])
def test_delete_out_of_budget_while_sagemaker_stops_the_job(
    sagemaker: Stubber, response_url: Any, delete_record: bool, status: str | None
) -> None:
    # GIVEN a delete continued until its budget is spent, SageMaker still stopping the job
    event = event_for(response_url, "Delete", physical_id="job-1", delete_job_record=delete_record)
    event[contract.CONTINUATION_KEY] = {"firstInvocation": SIGNED_EPOCH, "job": "job-1", "invocation": 7}
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopping"))
    sagemaker.add_response("list_tags", tags())
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopping"))

    # WHEN
    run(event, sagemaker, clock=Clock(SIGNED_EPOCH + 3600))

    # THEN it succeeds, unless the record must go too (it can only once the job has stopped)
    [answer] = answers(response_url)
    assert (answer["Status"], answer["PhysicalResourceId"]) == (status, "job-1")


# -- nothing secret is logged -----------------------------------------------------------------------------


def secret_request() -> dict[str, Any]:
    request = xgboost_request()
    request["TrainingJobDefinition"]["Environment"] = {"API_TOKEN": SECRET}
    request["TrainingJobDefinition"]["StaticHyperParameters"]["password"] = SECRET
    return request


def test_no_log_record_holds_a_secret_from_the_request_the_url_or_sagemakers_message(
    sagemaker: Stubber, response_url: Any, caplog: pytest.LogCaptureFixture
) -> None:
    # GIVEN a secret in Environment and StaticHyperParameters, and SageMaker errors that echo it
    caplog.set_level(logging.DEBUG)
    request = secret_request()
    create = event_for(response_url, "Create", request, wait_for_completion=True)
    name = expect_create(sagemaker, create)
    sagemaker.add_client_error("describe_hyper_parameter_tuning_job", "ValidationException", f"bad {SECRET}")
    sagemaker.add_client_error("describe_hyper_parameter_tuning_job", "ThrottlingException", SECRET)
    refused = event_for(response_url, "Create", request)
    sagemaker.add_client_error("create_hyper_parameter_tuning_job", "ValidationException", f"echo {SECRET}")
    sagemaker.add_client_error("describe_hyper_parameter_tuning_job", "ResourceNotFound", "can't find")
    update = event_for(
        response_url, "Update", request, physical_id=name, old_request=request, wait_for_completion=False
    )
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe(name, "InProgress"))
    sagemaker.add_response("list_tags", tags(STACK_ID, create["RequestId"]))
    sagemaker.add_response("add_tags", {"Tags": request["Tags"]})
    delete = event_for(response_url, "Delete", request, physical_id=name)
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe(name, "Completed"))
    sagemaker.add_response("list_tags", tags(STACK_ID, create["RequestId"]))
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe(name, "Completed"))

    # WHEN the handler runs every path
    for event in (create, refused, update, delete):
        run(event, sagemaker)

    # THEN the answers went out, and no log record (message or extra field) holds the secret or the URL
    assert [a["Status"] for a in answers(response_url)] == ["FAILED", "FAILED", "SUCCESS", "SUCCESS"]
    assert caplog.records
    for record in caplog.records:
        text = record.getMessage() + " " + " ".join(str(value) for value in vars(record).values())
        assert SECRET not in text, record.__dict__
        assert "X-Amz-Signature" not in text
        assert response_url.url not in text


def test_a_continuation_always_takes_one_step_whatever_time_it_has(
    sagemaker: Stubber, lambda_: Stubber, response_url: Any
) -> None:
    # GIVEN a continued delete whose invocation has little time (every invocation must make progress)
    event = event_for(response_url, "Delete", physical_id="job-1")
    event[contract.CONTINUATION_KEY] = {"firstInvocation": SIGNED_EPOCH, "job": "job-1", "invocation": 3}
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopping"))
    sagemaker.add_response("list_tags", tags())
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopping"))
    lambda_.add_response(
        "invoke",
        {"StatusCode": 202},
        {"FunctionName": FUNCTION_ARN, "InvocationType": "Event", "Payload": ANY},
    )

    # WHEN
    run(event, sagemaker, lambda_=lambda_, context=Context(remaining_millis=60_000))

    # THEN it polled once, then handed over (no answer yet)
    assert answers(response_url) == []


def test_a_delete_whose_hand_over_lambda_refused_still_answers(
    sagemaker: Stubber, lambda_: Stubber, response_url: Any
) -> None:
    # GIVEN Lambda refuses the re-invocation of a delete whose job is stopping (4xx: nothing was queued)
    event = event_for(response_url, "Delete", physical_id="job-1")
    event[contract.CONTINUATION_KEY] = {"firstInvocation": SIGNED_EPOCH, "job": "job-1", "invocation": 3}
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopping"))
    sagemaker.add_response("list_tags", tags())
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopping"))
    lambda_.add_client_error("invoke", "AccessDeniedException", "no", http_status_code=403)
    # (the job is looked at once more: a job no step asked to stop yet would be stopped now)
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopping"))

    # WHEN
    run(event, sagemaker, lambda_=lambda_, context=Context(remaining_millis=60_000))

    # THEN CloudFormation is not left waiting until ServiceTimeout: SageMaker finishes the stop on its own
    [answer] = answers(response_url)
    assert (answer["Status"], answer["PhysicalResourceId"]) == ("SUCCESS", "job-1")


def test_a_hand_over_whose_outcome_is_unknown_raises_instead_of_answering(
    sagemaker: Stubber, lambda_: Stubber, response_url: Any
) -> None:
    # GIVEN Lambda answers the re-invocation with a server error: it may have queued it
    event = event_for(response_url, "Delete", physical_id="job-1")
    event[contract.CONTINUATION_KEY] = {"firstInvocation": SIGNED_EPOCH, "job": "job-1", "invocation": 3}
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopping"))
    sagemaker.add_response("list_tags", tags())
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopping"))
    lambda_.add_client_error("invoke", "ServiceException", "unavailable", http_status_code=500)

    # WHEN / THEN the invocation raises (Lambda retries it) and answers nothing a queued chain could contradict
    with pytest.raises(invocation_module.HandOverUncertain):
        run(event, sagemaker, lambda_=lambda_, context=Context(remaining_millis=60_000))
    assert answers(response_url) == []


def test_a_retry_after_a_crash_that_followed_the_budgets_stop_answers_the_same(
    sagemaker: Stubber, response_url: Any
) -> None:
    # GIVEN the attempt that stopped the job for its budget died before answering; Lambda retries it
    event = event_for(response_url, "Create", wait_for_completion=True)
    name = name_of(event)
    event[contract.CONTINUATION_KEY] = {"firstInvocation": SIGNED_EPOCH, "job": name, "invocation": 5}
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe(name, "Stopping"), by_name(name))
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe(name, "Stopping"), by_name(name))
    sagemaker.add_response("list_tags", tags(STACK_ID, event["RequestId"]), {"ResourceArn": arn(name)})

    # WHEN
    run(event, sagemaker, clock=Clock(SIGNED_EPOCH + 3600))

    # THEN the out-of-budget answer the dead attempt would have sent, not "stopped before it completed"
    [answer] = answers(response_url)
    assert (answer["Status"], answer["PhysicalResourceId"]) == ("FAILED", name)
    assert "so it was stopped" in answer["Reason"]


def test_throttling_that_outlasts_botocore_while_polling_only_skips_a_poll(
    sagemaker: Stubber, response_url: Any
) -> None:
    # GIVEN a delete waiting for a stopping job, one Describe throttled past botocore's attempts
    event = event_for(response_url, "Delete", physical_id="job-1")
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopping"))
    sagemaker.add_response("list_tags", tags())
    sagemaker.add_client_error("describe_hyper_parameter_tuning_job", "ThrottlingException", "Rate exceeded")
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe("job-1", "Stopped"))
    clock = Clock(SIGNED_EPOCH + 1)

    # WHEN
    run(event, sagemaker, clock=clock)

    # THEN the next poll goes on, and the delete succeeds
    assert len(clock.sleeps) == 1
    assert [(a["Status"], a["PhysicalResourceId"]) for a in answers(response_url)] == [("SUCCESS", "job-1")]


@pytest.mark.parametrize(
    ("code", "status", "transient"),
    [
        ("ThrottlingException", 400, True),
        ("InternalFailure", 500, True),
        ("SomethingNew", 503, True),
        ("ValidationException", 400, False),
        ("LimitExceededException", 400, False),
        ("AccessDeniedException", 403, False),
    ],
)
def test_which_errors_are_transient(code: str, status: int, transient: bool) -> None:
    error = sagemaker_api.SageMakerError("DescribeHyperParameterTuningJob", code, "m", "job-1", status)
    assert error.is_transient is transient


def test_a_completed_job_whose_result_cannot_be_answered_fails_with_the_reason(
    sagemaker: Stubber, response_url: Any
) -> None:
    # GIVEN a continued create whose job completed, its best training job without model artifacts
    event = event_for(response_url, "Create", wait_for_completion=True)
    event[contract.CONTINUATION_KEY] = {"firstInvocation": SIGNED_EPOCH, "job": "job-1", "invocation": 2}
    best = {
        "TrainingJobName": "best-1",
        "TrainingJobArn": "arn:aws:sagemaker:us-east-1:123456789012:training-job/best-1",
        "TrainingJobStatus": "Completed",
        "CreationTime": SIGNED,
        "FinalHyperParameterTuningJobObjectiveMetric": {"MetricName": "validation:auc", "Value": 0.9},
        "TunedHyperParameters": {},
    }
    sagemaker.add_response(
        "describe_hyper_parameter_tuning_job", describe("job-1", "Completed", BestTrainingJob=best)
    )
    sagemaker.add_response(
        "describe_training_job",
        {
            "TrainingJobName": "best-1",
            "TrainingJobArn": best["TrainingJobArn"],
            "ModelArtifacts": {"S3ModelArtifacts": ""},
            "TrainingJobStatus": "Completed",
            "SecondaryStatus": "Completed",
            "AlgorithmSpecification": {"TrainingInputMode": "File"},
            "ResourceConfig": {"VolumeSizeInGB": 10},
            "StoppingCondition": {},
            "CreationTime": SIGNED,
        },
    )
    sagemaker.add_response(
        "describe_hyper_parameter_tuning_job", describe("job-1", "Completed", BestTrainingJob=best)
    )

    # WHEN
    run(event, sagemaker)

    # THEN FAILED with the handler's own words (not an internal error), naming the job
    [answer] = answers(response_url)
    assert (answer["Status"], answer["PhysicalResourceId"]) == ("FAILED", "job-1")
    assert "has no model artifacts" in answer["Reason"]


def test_the_aws_libraries_never_log_request_bodies_whatever_the_functions_level() -> None:
    # GIVEN the handler's module is loaded (as in Lambda) and the function runs at DEBUG
    root = logging.getLogger()
    before = root.level
    root.setLevel(logging.DEBUG)
    try:
        # THEN botocore (which logs whole requests, Environment included, at DEBUG) says only warnings
        for library in ("botocore", "boto3", "urllib3"):
            assert logging.getLogger(library).getEffectiveLevel() >= logging.WARNING, library
        assert index.logger.name == "cdk_sagemaker_tuning"
    finally:
        root.setLevel(before)


def test_a_duplicate_create_waits_for_the_job_to_be_describable_before_adopting_it(
    sagemaker: Stubber, response_url: Any
) -> None:
    # GIVEN a duplicate delivery racing the first: the name is taken, but Describe does not show it yet
    event = event_for(response_url, "Create")
    name = name_of(event)
    sagemaker.add_client_error("create_hyper_parameter_tuning_job", "ResourceInUse", "in use")
    sagemaker.add_client_error("describe_hyper_parameter_tuning_job", "ResourceNotFound", "can't find")
    sagemaker.add_response("describe_hyper_parameter_tuning_job", describe(name, "InProgress"), by_name(name))
    sagemaker.add_response("list_tags", tags(STACK_ID, event["RequestId"]), {"ResourceArn": arn(name)})
    clock = Clock(SIGNED_EPOCH + 1)

    # WHEN
    run(event, sagemaker, clock=clock)

    # THEN it adopts the job, answering what the first delivery answered
    assert clock.sleeps == [2.0]
    [answer] = answers(response_url)
    assert (answer["Status"], answer["PhysicalResourceId"]) == ("SUCCESS", name)
