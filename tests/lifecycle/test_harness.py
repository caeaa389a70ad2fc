"""The harness itself: each check it makes on the handler can fail, shown with small stand-in handlers.

GIVEN / WHEN / THEN. The stand-ins answer CloudFormation the way the protocol says (a PUT of the JSON answer to
the ResponseURL), or break it on purpose.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import urllib.request
from datetime import timedelta
from typing import Any

import boto3
import pytest

from tests.harness.cloudformation import CloudFormation, Faults
from tests.harness.function_logs import FunctionLog
from tests.harness.lambda_service import MAX_RETRIES, TooManyCalls
from tests.harness.sagemaker_proxy import JobScript, SageMakerProxy
from tests.harness.sample import SECRET, sample_request
from tests.support.cfn_events import xgboost_request


def put_answer(
    event: dict[str, Any], status: str = "SUCCESS", reason: str = "", physical_id: str = "job"
) -> None:
    body = {
        "Status": status,
        "Reason": reason,
        "PhysicalResourceId": physical_id,
        "StackId": event["StackId"],
        "RequestId": event["RequestId"],
        "LogicalResourceId": event["LogicalResourceId"],
        "Data": {},
    }
    request = urllib.request.Request(event["ResponseURL"], data=json.dumps(body).encode(), method="PUT")
    urllib.request.urlopen(request, timeout=5).close()


def describe_then_answer(event: dict[str, Any], context: Any) -> None:
    """One SageMaker call, then the answer."""
    try:
        boto3.client("sagemaker").describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="job")
    except boto3.client("sagemaker").exceptions.ResourceNotFound:
        pass
    put_answer(event)


def test_an_answer_arrives_and_is_returned(cloudformation: CloudFormation) -> None:
    # GIVEN a handler that answers SUCCESS
    cloudformation.handler = lambda: describe_then_answer

    # WHEN / THEN
    assert cloudformation.create(sample_request()).status == "SUCCESS"


def test_no_answer_fails_the_scenario(cloudformation: CloudFormation) -> None:
    # GIVEN a handler that never answers
    cloudformation.handler = lambda: lambda event, context: None

    # WHEN / THEN
    with pytest.raises(AssertionError, match="CloudFormation received no answer"):
        cloudformation.create(sample_request())


def test_two_different_answers_to_one_event_fail_the_scenario(cloudformation: CloudFormation) -> None:
    # GIVEN a handler whose duplicated delivery answers differently
    answers = iter(["SUCCESS", "FAILED"])
    cloudformation.handler = lambda: lambda event, context: put_answer(event, next(answers), "x")

    # WHEN / THEN
    with pytest.raises(AssertionError, match="different answers"):
        cloudformation.create(sample_request(), faults=Faults(duplicate=frozenset({0})))


def test_a_reason_over_1024_bytes_fails_the_scenario(cloudformation: CloudFormation) -> None:
    cloudformation.handler = lambda: lambda event, context: put_answer(event, "FAILED", "é" * 513)
    with pytest.raises(AssertionError, match="Reason of 1026 bytes"):
        cloudformation.create(sample_request())


def test_an_answer_to_an_expired_url_is_refused(cloudformation: CloudFormation) -> None:
    # GIVEN an event whose presigned URL expired (signed more than two hours ago)
    cloudformation.handler = lambda: lambda event, context: put_answer(event)

    # WHEN / THEN S3 refuses the PUT (the stand-in raises on 403: Lambda retries it, to no avail)
    with pytest.raises(AssertionError, match="CloudFormation received no answer"):
        cloudformation.create(sample_request(), sent_ago=timedelta(hours=2, seconds=5))
    assert len(cloudformation.responses.rejected) == 1 + MAX_RETRIES


def test_a_crash_after_a_sagemaker_call_is_retried_by_lambda(cloudformation: CloudFormation) -> None:
    # GIVEN a handler that makes one SageMaker call, then answers
    cloudformation.handler = lambda: describe_then_answer

    # WHEN the function dies right after that call
    answer = cloudformation.create(sample_request(), faults=Faults(crash_after_calls=frozenset({1})))

    # THEN Lambda retried the payload, which answered
    assert answer.status == "SUCCESS"
    outcomes = [(d.attempt, d.outcome) for d in cloudformation.lambda_service.deliveries]
    assert outcomes == [(0, "crashed"), (1, "returned")]


def test_an_answer_sent_after_the_crash_fails_the_scenario(cloudformation: CloudFormation) -> None:
    # GIVEN a handler that answers in a finally block, which a real kill would never reach
    def answers_whatever_happens(event: dict[str, Any], context: Any) -> None:
        try:
            boto3.client("sagemaker").list_hyper_parameter_tuning_jobs()
        finally:
            put_answer(event)

    cloudformation.handler = lambda: answers_whatever_happens

    # WHEN / THEN
    with pytest.raises(AssertionError, match="went on after it was killed"):
        cloudformation.create(sample_request(), faults=Faults(crash_after_calls=frozenset({1})))


def test_a_self_invocation_is_queued_and_delivered(cloudformation: CloudFormation) -> None:
    # GIVEN a handler that hands over to itself once, as the real one does to go on waiting
    def hands_over(event: dict[str, Any], context: Any) -> None:
        if "next" in event:
            put_answer(event)
            return
        payload = json.dumps({**event, "next": True})
        boto3.client("lambda").invoke(
            FunctionName=context.invoked_function_arn, InvocationType="Event", Payload=payload
        )

    cloudformation.handler = lambda: hands_over

    # WHEN / THEN
    assert cloudformation.create(sample_request()).status == "SUCCESS"
    assert len(cloudformation.lambda_service.deliveries) == 2


def test_a_secret_in_a_log_line_is_found(function_log: FunctionLog) -> None:
    # GIVEN a line that carries the secret in an extra field, as a careless handler might log it
    logging.getLogger("cdk_sagemaker_tuning").info("created", extra={"environment": {"DB_PASSWORD": SECRET}})

    # WHEN / THEN
    assert len(function_log.leaks([SECRET])) == 1
    assert function_log.records()[-1]["message"] == "created"


def test_the_proxy_plays_a_jobs_life(sagemaker: SageMakerProxy) -> None:
    # GIVEN a job that runs for two looks, and another that runs until stopped, then stops in one look
    sagemaker.seed_job(
        xgboost_request(HyperParameterTuningJobName="ends"), JobScript(in_progress_describes=2)
    )
    sagemaker.seed_job(xgboost_request(HyperParameterTuningJobName="runs"), JobScript(stopping_describes=1))
    client = boto3.client("sagemaker", endpoint_url=sagemaker.endpoint)

    def look(name: str) -> str:
        return str(
            client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)[
                "HyperParameterTuningJobStatus"
            ]
        )

    # WHEN / THEN
    assert [look("ends") for _ in range(3)] == ["InProgress", "InProgress", "Completed"]
    client.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="runs")
    assert sagemaker.live_jobs() == {"runs": "Stopping"}
    assert [look("runs") for _ in range(2)] == ["Stopping", "Stopped"]
    assert sagemaker.live_jobs() == {}
    with pytest.raises(client.exceptions.ClientError, match="ValidationException"):
        client.stop_hyper_parameter_tuning_job(HyperParameterTuningJobName="runs")


def test_the_error_of_a_failed_invocation_is_part_of_the_function_log(
    cloudformation: CloudFormation, function_log: FunctionLog
) -> None:
    # GIVEN a handler that raises with the secret in its message (Lambda's runtime logs errorMessage)
    def raises(event: dict[str, Any], context: Any) -> None:
        raise ValueError(f"bad value {SECRET}")

    cloudformation.handler = lambda: raises

    # WHEN Lambda delivers it (and retries it twice)
    with pytest.raises(AssertionError, match="no answer"):
        cloudformation.create(sample_request())

    # THEN the runtime's error lines are there to search, and hold the secret
    runtime_log = cloudformation.lambda_service.runtime_log
    assert len(runtime_log) == 1 + MAX_RETRIES
    assert len(function_log.leaks([SECRET], *runtime_log)) == 1 + MAX_RETRIES
    runtime_log.clear()  # the fixture's own check would fail this scenario, as it should fail the handler's


def test_concurrent_deliveries_run_at_the_same_time_and_their_logs_are_the_functions(
    cloudformation: CloudFormation, function_log: FunctionLog
) -> None:
    # GIVEN a handler that can only get past a two-party barrier when two copies run at once
    barrier = threading.Barrier(2, timeout=5)

    def meets_its_twin(event: dict[str, Any], context: Any) -> None:
        barrier.wait()
        logging.getLogger("cdk_sagemaker_tuning").info("met")
        put_answer(event)

    cloudformation.handler = lambda: meets_its_twin

    # WHEN
    answer = cloudformation.create(sample_request(), faults=Faults(concurrent=frozenset({0})))

    # THEN both returned, both answered the same, and both log lines are the function's
    assert answer.status == "SUCCESS"
    assert [d.outcome for d in cloudformation.lambda_service.deliveries] == ["returned", "returned"]
    assert [record["message"] for record in function_log.records()] == ["met", "met"]


def test_a_handler_that_polls_without_end_stops_the_scenario(cloudformation: CloudFormation) -> None:
    # GIVEN a handler that describes a job forever
    def polls_forever(event: dict[str, Any], context: Any) -> None:
        client = boto3.client("sagemaker")
        while True:
            with contextlib.suppress(client.exceptions.ResourceNotFound):
                client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="job")

    cloudformation.handler = lambda: polls_forever

    # WHEN / THEN the harness stops it after a bounded number of calls
    with pytest.raises(TooManyCalls):
        cloudformation.create(sample_request())
