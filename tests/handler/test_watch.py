"""The function's completion-wait invocations over a scripted SageMaker: the rules' checks and the watch
resource of earlier versions (``_handler.watch``), and the results resource (``_handler.completion_results``).

The handle URL and the ResponseURL are recorded by a fake ``put``; SageMaker is a small script of
descriptions, so each test states what SageMaker says and what the function signals or answers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

import pytest

from cdk_sagemaker_tuning._handler import completion_results, contract, index, sagemaker_api, watch
from cdk_sagemaker_tuning._handler.runtime import response
from cdk_sagemaker_tuning._handler.runtime.budget import EventBudget
from cdk_sagemaker_tuning._handler.runtime.continuation import Continuation
from cdk_sagemaker_tuning._handler.runtime.invocation import Invocation
from tests.support.cfn_events import STACK_ID

JOB = "churn-tuning"
HANDLE = "https://cloudformation-waitcondition-us-east-1.s3.amazonaws.com/handle?Signature=handle-secret"
RESPONSE_URL = "https://cloudformation-custom-resource-response.s3.amazonaws.com/r?Signature=cfn-secret"


@dataclass
class ScriptedSageMaker:
    """DescribeHyperParameterTuningJob answers in order (the last repeats); records Stop calls."""

    descriptions: list[dict[str, Any] | None]
    stopped: list[str] = field(default_factory=list)
    stop_error: sagemaker_api.SageMakerError | None = None

    def describe_tuning_job(self, name: str) -> dict[str, Any] | None:
        return self.descriptions.pop(0) if len(self.descriptions) > 1 else self.descriptions[0]

    def stop_tuning_job(self, name: str) -> None:
        if self.stop_error:
            raise self.stop_error
        self.stopped.append(name)

    def describe_training_job(self, name: str) -> dict[str, Any]:
        return {"ModelArtifacts": {"S3ModelArtifacts": f"s3://bucket/{name}/model.tar.gz"}}


def status(value: str) -> dict[str, Any]:
    described: dict[str, Any] = {"HyperParameterTuningJobName": JOB, "HyperParameterTuningJobStatus": value}
    if value == "Completed":
        described["HyperParameterTuningJobArn"] = (
            f"arn:aws:sagemaker:us-east-1:1:hyper-parameter-tuning-job/{JOB}"
        )
        described["BestTrainingJob"] = {
            "TrainingJobName": f"{JOB}-001",
            "FinalHyperParameterTuningJobObjectiveMetric": {"Value": 0.5},
            "TunedHyperParameters": {"eta": "0.3"},
        }
        described["TrainingJobStatusCounters"] = {"Completed": 1}
    return described


@dataclass
class Puts:
    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __call__(self, url: str, body: bytes) -> int:
        self.sent.append((url, json.loads(body)))
        return 200


def watcher(sagemaker: ScriptedSageMaker, puts: Puts, now: float = 1_000_000.0) -> watch.Watcher:
    return watch.Watcher(sagemaker, clock=lambda: now, put=puts)  # type: ignore[arg-type]


def handle(checker: watch.Watcher, event: dict[str, Any]) -> None:
    """What ``index`` does with the event: a rule's check, or a resource served by the runtime."""
    if contract.SIGNAL_KEY in event:
        checker.check(event[contract.SIGNAL_KEY])
        return
    costs = completion_results.COSTS
    invocation: Invocation[Any] = Invocation(
        event=event,
        context=None,
        state=Continuation(first_invocation=checker.clock()),
        budget=EventBudget.of(event, checker.clock(), costs, environ={}),
        costs=costs,
        clock=checker.clock,
    )
    handler: Any = (
        watch.WatchResourceHandler(invocation, checker)
        if event["ResourceType"] == contract.WATCH_RESOURCE_TYPE
        else completion_results.ResultsHandler(invocation, checker.api)
    )
    with mock.patch.object(response, "send", checker.put):  # the answer's PUT, recorded like a signal
        invocation.run(handler)


def signal_event(**extra: Any) -> dict[str, Any]:
    return {contract.SIGNAL_KEY: {"job": JOB, "handle": HANDLE, **extra}}


def resource_event(resource_type: str, request_type: str = "Create") -> dict[str, Any]:
    return {
        "RequestType": request_type,
        "ResourceType": resource_type,
        "RequestId": "11111111-2222-3333-4444-555555555555",
        "StackId": STACK_ID,
        "LogicalResourceId": "TuningCompletionWatch",
        "ResponseURL": RESPONSE_URL,
        "ResourceProperties": {
            contract.PROP_JOB_NAME: JOB,
            contract.PROP_WAIT_HANDLE: HANDLE,
            contract.PROP_TIMEOUT_SECONDS: "28800",
        },
        **({"PhysicalResourceId": f"{JOB}-watch"} if request_type != "Create" else {}),
    }


def test_an_ended_job_is_signalled_to_the_handle() -> None:
    puts = Puts()
    handle(watcher(ScriptedSageMaker([status("Completed")]), puts), signal_event())
    assert [(url, body["Status"], body["UniqueId"]) for url, body in puts.sent] == [
        (HANDLE, "SUCCESS", contract.SIGNAL_UNIQUE_ID)
    ]


def test_a_duplicate_event_sends_the_same_signal_again() -> None:
    # GIVEN a job that completed WHEN its event arrives twice THEN both signals are one (same UniqueId, body)
    puts = Puts()
    w = watcher(ScriptedSageMaker([status("Completed")]), puts)
    handle(w, signal_event())
    handle(w, signal_event())
    assert len(puts.sent) == 2 and puts.sent[0] == puts.sent[1]


def test_a_running_job_before_its_deadline_is_left_alone() -> None:
    puts = Puts()
    sagemaker = ScriptedSageMaker([status("InProgress")])
    early = 1000.0 - contract.DEADLINE_TOLERANCE_SECONDS - 1
    handle(watcher(sagemaker, puts, now=early), signal_event(deadline="1000", timeout=28800))
    assert puts.sent == [] and sagemaker.stopped == []


def test_a_running_job_past_its_deadline_is_stopped_and_the_timeout_signalled() -> None:
    puts = Puts()
    sagemaker = ScriptedSageMaker([status("InProgress")])
    handle(watcher(sagemaker, puts, now=300.0), signal_event(deadline="200", timeout=28800))
    assert sagemaker.stopped == [JOB]
    [(url, body)] = puts.sent
    assert url == HANDLE and body["Status"] == "FAILURE"
    assert "did not complete within the wait's timeout of 8 h, so it was stopped" in body["Reason"]


def test_a_repeated_check_at_the_deadline_signals_the_same_timeout() -> None:
    # GIVEN a job running at the deadline, then stopping (because of the first check)
    puts = Puts()
    sagemaker = ScriptedSageMaker([status("InProgress"), status("Stopping")])
    check = watcher(sagemaker, puts, now=300.0)
    # WHEN the check at the deadline is delivered twice
    handle(check, signal_event(deadline="200", timeout=28800))
    handle(check, signal_event(deadline="200", timeout=28800))
    # THEN the job was stopped once and both signals say the same
    assert sagemaker.stopped == [JOB]
    assert len(puts.sent) == 2 and puts.sent[0] == puts.sent[1]


def test_a_job_that_cannot_be_stopped_still_fails_the_wait() -> None:
    puts = Puts()
    refused = sagemaker_api.SageMakerError("StopHyperParameterTuningJob", "AccessDeniedException", "no", JOB)
    sagemaker = ScriptedSageMaker([status("InProgress")], stop_error=refused)
    handle(watcher(sagemaker, puts, now=300.0), signal_event(deadline="200", timeout=3600))
    assert "could not be stopped" in puts.sent[0][1]["Reason"]


def test_the_watch_signals_a_job_that_ended_before_the_rule_and_answers_the_deadline() -> None:
    puts = Puts()
    handle(
        watcher(ScriptedSageMaker([status("Failed")]), puts, now=1000.0),
        resource_event(contract.WATCH_RESOURCE_TYPE),
    )
    (signal_url, signal), (answer_url, answer) = puts.sent
    assert signal_url == HANDLE and signal["Status"] == "FAILURE"
    assert answer_url == RESPONSE_URL and answer["Status"] == "SUCCESS"
    assert answer["PhysicalResourceId"] == f"{JOB}-watch"
    due = 1000 + 28800 - contract.DEADLINE_MARGIN_SECONDS  # 28,200 s after 1970-01-01T00:16:40Z
    assert answer["Data"] == {
        contract.ATTR_DEADLINE: str(-(-due // 60) * 60),
        contract.ATTR_DEADLINE_SCHEDULE: "cron(7 8 1 1 ? 1970)",
    }


def test_the_watch_of_a_running_job_only_answers() -> None:
    puts = Puts()
    handle(
        watcher(ScriptedSageMaker([status("InProgress")]), puts), resource_event(contract.WATCH_RESOURCE_TYPE)
    )
    assert [url for url, _ in puts.sent] == [RESPONSE_URL]


def test_the_results_resource_answers_the_results() -> None:
    puts = Puts()
    handle(
        watcher(ScriptedSageMaker([status("Completed")]), puts),
        resource_event(contract.RESULTS_RESOURCE_TYPE),
    )
    [(url, answer)] = puts.sent
    assert url == RESPONSE_URL and answer["Status"] == "SUCCESS"
    assert answer["Data"]["BestHyperParameter.eta"] == "0.3"
    assert answer["Data"][contract.ATTR_BEST_MODEL_ARTIFACTS] == f"s3://bucket/{JOB}-001/model.tar.gz"


def test_the_results_of_a_job_that_did_not_complete_fail_with_the_reason() -> None:
    puts = Puts()
    handle(
        watcher(ScriptedSageMaker([status("Stopped")]), puts), resource_event(contract.RESULTS_RESOURCE_TYPE)
    )
    [(_, answer)] = puts.sent
    assert answer["Status"] == "FAILED" and "has not completed (its status is Stopped)" in answer["Reason"]


@pytest.mark.parametrize("resource_type", [contract.WATCH_RESOURCE_TYPE, contract.RESULTS_RESOURCE_TYPE])
def test_delete_answers_without_calling_sagemaker(resource_type: str) -> None:
    puts = Puts()
    sagemaker = ScriptedSageMaker([])  # any Describe would fail: the script is empty
    handle(watcher(sagemaker, puts), resource_event(resource_type, "Delete"))
    [(_, answer)] = puts.sent
    assert answer["Status"] == "SUCCESS" and answer["PhysicalResourceId"] == f"{JOB}-watch"


def test_an_unreadable_property_is_answered_naming_it() -> None:
    # GIVEN a watch event whose timeout is not a number (nothing but a broken template would send it)
    puts = Puts()
    event = resource_event(contract.WATCH_RESOURCE_TYPE)
    event["ResourceProperties"][contract.PROP_TIMEOUT_SECONDS] = "eight hours"
    # WHEN it is handled THEN CloudFormation gets a FAILED answer naming the property
    handle(watcher(ScriptedSageMaker([status("InProgress")]), puts), event)
    [(url, answer)] = puts.sent
    assert url == RESPONSE_URL and answer["Status"] == "FAILED"
    assert f"property '{contract.PROP_TIMEOUT_SECONDS}' must be a whole number of seconds" in answer["Reason"]


@pytest.mark.parametrize("resource_type", [contract.WATCH_RESOURCE_TYPE, contract.RESULTS_RESOURCE_TYPE])
def test_an_unexpected_error_is_answered_not_left_to_cloudformations_timeout(resource_type: str) -> None:
    # GIVEN a SageMaker whose Describe breaks in a way nobody expected, saying something secret
    class Broken(ScriptedSageMaker):
        def describe_tuning_job(self, name: str) -> dict[str, Any] | None:
            raise RuntimeError("secret-detail")

    puts = Puts()
    # WHEN the resource's event is handled
    handle(watcher(Broken([]), puts), resource_event(resource_type))
    # THEN CloudFormation gets a FAILED answer naming the kind of error only, with the resource's id
    [(url, answer)] = puts.sent
    assert url == RESPONSE_URL and answer["Status"] == "FAILED"
    assert "Internal error in the tuning-job handler (RuntimeError)" in answer["Reason"]
    assert "secret-detail" not in answer["Reason"]
    kind = "watch" if resource_type == contract.WATCH_RESOURCE_TYPE else "results"
    assert answer["PhysicalResourceId"] == f"{JOB}-{kind}"


def test_index_routes_the_waits_invocations_to_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN the entry point with SageMaker and the PUT replaced
    puts = Puts()
    monkeypatch.setattr(sagemaker_api, "default_api", lambda: ScriptedSageMaker([status("Completed")]))
    monkeypatch.setattr(response, "send", puts)
    # WHEN a rule's input arrives THEN the handle is signalled (not answered as a tuning job resource)
    index.handler(signal_event(), None)
    assert [url for url, _ in puts.sent] == [HANDLE]


def test_nothing_secret_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    puts = Puts()
    w = watcher(ScriptedSageMaker([status("Completed")]), puts, now=300.0)
    handle(w, signal_event(deadline="200", timeout=3600))
    handle(w, resource_event(contract.WATCH_RESOURCE_TYPE))
    handle(w, resource_event(contract.RESULTS_RESOURCE_TYPE))
    logged = caplog.text + " ".join(json.dumps(r.__dict__, default=str) for r in caplog.records)
    assert caplog.records
    assert "handle-secret" not in logged and "cfn-secret" not in logged
