"""The event's budget (counted from the event, never from the job) and the continuation state."""

from __future__ import annotations

from calendar import timegm
from datetime import UTC, datetime
from typing import Any

import pytest

from cdk_sagemaker_tuning._handler import contract, sagemaker_api
from cdk_sagemaker_tuning._handler.runtime import budget
from cdk_sagemaker_tuning._handler.runtime.continuation import Continuation, next_payload
from cdk_sagemaker_tuning._handler.tuning_job_handler import COSTS

SIGNED = datetime(2026, 12, 1, 6, 45, 0, tzinfo=UTC)
SIGNED_EPOCH = float(timegm(SIGNED.timetuple()))
SIGV4_URL = (
    "https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/arn%3Aaws/x"
    "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261201T064500Z&X-Amz-SignedHeaders=host"
    "&X-Amz-Expires=7200&X-Amz-Credential=AKIA%2F20261201%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Signature=ab"
)


def event(url: str = SIGV4_URL, service_timeout: str | None = None) -> dict[str, Any]:
    properties = {} if service_timeout is None else {contract.PROP_SERVICE_TIMEOUT: service_timeout}
    return {"ResponseURL": url, "ResourceProperties": properties}


# -- when the event started -------------------------------------------------------------------------------


def test_the_signing_time_of_a_sigv4_url_is_its_x_amz_date() -> None:
    assert budget.signing_time(SIGV4_URL) == SIGNED_EPOCH


def test_the_signing_time_of_a_sigv2_url_is_two_hours_before_it_expires() -> None:
    url = f"https://bucket.s3.amazonaws.com/key?AWSAccessKeyId=AKIA&Expires={int(SIGNED_EPOCH) + 7200}&Signature=x"
    assert budget.signing_time(url) == SIGNED_EPOCH


@pytest.mark.parametrize(
    "url", ["", "http://127.0.0.1:1/k", "https://b/k?X-Amz-Date=yesterday", "https://b/k?Expires=x"]
)
def test_a_url_without_a_readable_time_gives_none(url: str) -> None:
    assert budget.signing_time(url) is None


def test_every_delivery_of_one_event_computes_the_same_start() -> None:
    # GIVEN the same event delivered three times, the last an hour later (duplicates, Lambda retries)
    first, duplicate, retry = SIGNED_EPOCH + 2, SIGNED_EPOCH + 30, SIGNED_EPOCH + 3600

    # WHEN each computes its budget
    budgets = {budget.EventBudget.of(event(), when, COSTS, environ={}) for when in (first, duplicate, retry)}

    # THEN all agree: the budget counts from the signing time, not from when each ran
    assert len(budgets) == 1
    assert budgets.pop().start == SIGNED_EPOCH


def test_without_a_signing_time_the_first_invocation_is_the_start() -> None:
    assert budget.event_start("http://127.0.0.1:1/k", 1000.0) == 1000.0
    # AND a signing time later than the first invocation (a clock skew) never pushes the start later
    assert budget.event_start(SIGV4_URL, SIGNED_EPOCH - 5) == SIGNED_EPOCH - 5


# -- how long -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "seconds"),
    [(None, 3600.0), ("3600", 3600.0), ("600", 600.0), ("0", 1.0), ("99999", 3600.0), ("soon", 3600.0)],
)
def test_service_timeout_is_read_from_the_properties_within_cloudformations_range(
    raw: Any, seconds: float
) -> None:
    properties = {} if raw is None else {contract.PROP_SERVICE_TIMEOUT: raw}
    assert budget.service_timeout_seconds(properties) == seconds


def test_the_budget_keeps_a_margin_for_a_last_step_a_stop_and_the_answer() -> None:
    # GIVEN the construct's ServiceTimeout of one hour
    made = budget.EventBudget.of(event(service_timeout="3600"), SIGNED_EPOCH, COSTS, environ={})

    # THEN the handler decides its answer early enough for six worst-case SageMaker calls and the PUT
    worst = 6 * sagemaker_api.worst_case_call_seconds() + 4 * 10 + 1 + 2 + 4
    assert made.deadline == SIGNED_EPOCH + 3600 - worst
    assert not made.exhausted(made.deadline - 1)
    assert made.exhausted(made.deadline)


def test_a_short_service_timeout_keeps_half_of_itself_as_margin() -> None:
    made = budget.EventBudget.of(event(service_timeout="60"), SIGNED_EPOCH, COSTS, environ={})
    assert made.seconds == 30


def test_the_environment_may_shorten_the_budget_but_never_lengthen_it() -> None:
    shorter = {contract.ENV_EVENT_BUDGET_SECONDS: "120"}
    longer = {contract.ENV_EVENT_BUDGET_SECONDS: "999999"}
    assert budget.EventBudget.of(event(), SIGNED_EPOCH, COSTS, environ=shorter).seconds == 120
    default = budget.EventBudget.of(event(), SIGNED_EPOCH, COSTS, environ={}).seconds
    assert budget.EventBudget.of(event(), SIGNED_EPOCH, COSTS, environ=longer).seconds == default


def test_an_invocation_polls_again_only_with_room_for_a_whole_step_and_the_hand_over() -> None:
    reserve_millis = (4 * sagemaker_api.worst_case_call_seconds() + 60) * 1000
    assert budget.invocation_has_room(reserve_millis + 30_001, 30, COSTS)
    assert not budget.invocation_has_room(reserve_millis + 30_000, 30, COSTS)
    # AND a fresh invocation of the function (contract.FUNCTION_TIMEOUT_SECONDS) has room to poll
    assert budget.invocation_has_room(
        contract.FUNCTION_TIMEOUT_SECONDS * 1000, contract.POLL_INTERVAL_SECONDS, COSTS
    )


@pytest.mark.parametrize(("raw", "seconds"), [(None, 30.0), ("0.01", 0.01), ("-1", 30.0), ("x", 30.0)])
def test_the_poll_interval_comes_from_the_environment(raw: Any, seconds: float) -> None:
    environ = {} if raw is None else {contract.ENV_POLL_INTERVAL_SECONDS: raw}
    assert budget.poll_interval_seconds(environ) == seconds


# -- the continuation -------------------------------------------------------------------------------------


def test_the_continuation_rides_on_the_original_event_and_round_trips() -> None:
    # GIVEN the first invocation hands over while waiting for job-1
    original = {"RequestType": "Create", "RequestId": "r", "ResourceProperties": {"Request": {}}}
    state = Continuation(first_invocation=SIGNED_EPOCH, job="job-1")

    # WHEN
    payload = next_payload(original, state)

    # THEN the next invocation gets the event unchanged, plus the state under one key
    assert {key: value for key, value in payload.items() if key != contract.CONTINUATION_KEY} == original
    assert Continuation.from_event(payload) == Continuation(SIGNED_EPOCH, "job-1", invocation=2)
    assert contract.CONTINUATION_KEY not in original


@pytest.mark.parametrize(
    "raw", [None, "x", {}, {"firstInvocation": "yesterday"}, {"firstInvocation": True, "job": "j"}]
)
def test_a_missing_or_malformed_continuation_starts_the_event_over(raw: Any) -> None:
    payload = {} if raw is None else {contract.CONTINUATION_KEY: raw}
    assert Continuation.from_event(payload) is None
