"""TuningJobWait.for_completion at deploy time: the job resource, the watch, EventBridge, the WaitCondition's
handle and the results resource, in CloudFormation's order (issue 11's acceptance).

The stack's resources come in the template's order: the job (answers at once), the rule on its terminal
state changes, the watch (checks once), the WaitCondition (waits for the handle), the results. EventBridge's
deliveries and the scheduled check are invocations a scenario sends when it says so. GIVEN / WHEN / THEN;
every scenario also proves that no secret, ResponseURL or handle signature reached the function's log.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from cdk_sagemaker_tuning._handler import contract
from tests.harness.cloudformation import CloudFormation
from tests.harness.function_logs import FunctionLog
from tests.harness.response_server import Answer
from tests.harness.sagemaker_proxy import BEST_OBJECTIVE_VALUE, JobScript, SageMakerProxy
from tests.harness.sample import sample_request
from tests.harness.wait_condition import WaitConditionHandles, WaitOutcome, handle_signature

EIGHT_HOURS = 8 * 3600


@dataclass
class WaitingStack:
    """One stack with a job awaited by TuningJobWait.for_completion, deployed step by step."""

    cloudformation: CloudFormation
    handles: WaitConditionHandles
    handle: str = "TuningCompletionHandle"
    job: str = ""
    watch_answer: Answer | None = None

    @property
    def handle_url(self) -> str:
        return self.handles.url(self.handle)

    def create_job(self) -> Answer:
        answer = self.cloudformation.create(sample_request())
        assert answer.status == "SUCCESS", answer.reason
        self.job = answer.physical_id
        return answer

    def watch(self, timeout_seconds: int = EIGHT_HOURS) -> Answer:
        """The watch, created once the rule exists."""
        return self.cloudformation.custom(
            contract.WATCH_RESOURCE_TYPE,
            "Create",
            {
                contract.PROP_JOB_NAME: self.job,
                contract.PROP_WAIT_HANDLE: self.handle_url,
                contract.PROP_TIMEOUT_SECONDS: str(timeout_seconds),
            },
            logical_id="TuningCompletionWatch",
        )

    def state_change(self, *, duplicate: bool = False) -> list[str]:
        """EventBridge delivers the rule's input for the job's state change."""
        return self.cloudformation.eventbridge(
            {contract.SIGNAL_KEY: {"job": self.job, "handle": self.handle_url}}, duplicate=duplicate
        )

    def scheduled_check(self, deadline: str, timeout_seconds: int = EIGHT_HOURS) -> list[str]:
        payload = {
            "job": self.job,
            "handle": self.handle_url,
            "deadline": deadline,
            "timeout": timeout_seconds,
        }
        return self.cloudformation.eventbridge({contract.SIGNAL_KEY: payload})

    def wait_condition(self) -> WaitOutcome | None:
        return self.handles.outcome(self.handle)

    def results(self) -> Answer:
        return self.cloudformation.custom(
            contract.RESULTS_RESOURCE_TYPE,
            "Create",
            {contract.PROP_JOB_NAME: self.job},
            logical_id="TuningCompletionResults",
        )

    def roll_back(self) -> Answer:
        """The failed deployment's rollback deletes the job resource."""
        return self.cloudformation.delete(self.job, sample_request())


@pytest.fixture
def stack(
    cloudformation: CloudFormation, handles: WaitConditionHandles, function_log: FunctionLog
) -> Iterator[WaitingStack]:
    handles.reset()
    waiting = WaitingStack(cloudformation, handles)
    yield waiting
    # The handle's URL is a credential too: it must reach no log line.
    leaks = function_log.leaks([handle_signature(waiting.handle)], *cloudformation.lambda_service.runtime_log)
    assert leaks == [], "a WaitCondition handle's signature reached the function's log"


def _deadline(answer: Answer | None) -> str:
    assert answer is not None
    return str(answer.data[contract.ATTR_DEADLINE])


def _expected_results(job: str) -> dict[str, Any]:
    best = f"{job}-017-1a2b3c4d"
    return {
        contract.ATTR_BEST_TRAINING_JOB_NAME: best,
        contract.ATTR_BEST_OBJECTIVE_VALUE: str(BEST_OBJECTIVE_VALUE),
        contract.ATTR_BEST_MODEL_ARTIFACTS: f"s3://example-data/output/{best}/output/model.tar.gz",
        "BestHyperParameter.eta": "0.21",
        "BestHyperParameter.max_depth": "6",
        contract.ATTR_COMPLETED_TRAINING_JOBS: "17",
        contract.ATTR_FAILED_TRAINING_JOBS: "2",
        contract.ATTR_STOPPED_TRAINING_JOBS: "1",
    }


def test_a_job_that_ends_after_its_rule_exists(stack: WaitingStack, sagemaker: SageMakerProxy) -> None:
    # GIVEN a job still running when the watch looks, that has completed when its event arrives
    sagemaker.new_jobs = JobScript(in_progress_describes=1)
    stack.create_job()
    watch = stack.watch()
    assert watch.status == "SUCCESS" and contract.ATTR_DEADLINE in watch.data
    assert stack.wait_condition() is None  # still waiting

    # WHEN EventBridge delivers the job's state change
    assert stack.state_change() == ["returned"]

    # THEN the WaitCondition succeeds and the results resource answers the best job, within the limit
    assert stack.wait_condition() == WaitOutcome("SUCCESS", "")
    results = stack.results()
    assert results.status == "SUCCESS", results.reason
    assert _expected_results(stack.job).items() <= results.data.items()
    assert results.size < contract.MAX_RESPONSE_BYTES
    assert sagemaker.live_jobs() == {}


def test_a_job_that_ended_before_its_rule_existed(stack: WaitingStack, sagemaker: SageMakerProxy) -> None:
    # GIVEN a job that has completed before the rule on its state changes was created (its event is lost)
    sagemaker.new_jobs = JobScript(in_progress_describes=0)
    stack.create_job()

    # WHEN the watch is created, after the rule
    assert stack.watch().status == "SUCCESS"

    # THEN the watch itself signalled: the WaitCondition succeeds with no event at all
    assert stack.wait_condition() == WaitOutcome("SUCCESS", "")
    assert stack.results().data[contract.ATTR_BEST_TRAINING_JOB_NAME] == f"{stack.job}-017-1a2b3c4d"


def test_a_duplicate_event_counts_as_one(stack: WaitingStack, sagemaker: SageMakerProxy) -> None:
    # GIVEN a job that completes after the watch
    sagemaker.new_jobs = JobScript(in_progress_describes=1)
    stack.create_job()
    stack.watch_answer = stack.watch()

    # WHEN EventBridge delivers its state change twice, and the check at the deadline comes as well
    assert stack.state_change(duplicate=True) == ["returned", "returned"]
    stack.scheduled_check(deadline=_deadline(stack.watch_answer))

    # THEN three identical signals with one UniqueId: one success, not three
    signals = stack.handles.signals(stack.handle)
    assert len(signals) == 3 and all(signal == signals[0] for signal in signals)
    assert signals[0]["UniqueId"] == contract.SIGNAL_UNIQUE_ID
    assert stack.wait_condition() == WaitOutcome("SUCCESS", "")


def test_a_missed_event_is_caught_by_the_check_at_the_deadline(
    stack: WaitingStack, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a job that completes after the watch, whose event never arrives, and a deadline that is now
    sagemaker.new_jobs = JobScript(in_progress_describes=1)
    stack.create_job()
    timeout = contract.DEADLINE_MARGIN_SECONDS
    deadline = stack.watch(timeout_seconds=timeout).data[contract.ATTR_DEADLINE]
    # WHEN the one-off check at the deadline runs
    stack.scheduled_check(deadline, timeout_seconds=timeout)
    # THEN it signals the job's success, and stops nothing
    assert stack.wait_condition() == WaitOutcome("SUCCESS", "")
    assert sagemaker.stopped == []


def test_a_failed_job_fails_the_wait_with_sagemakers_reason(
    stack: WaitingStack, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a job that fails after the watch
    sagemaker.new_jobs = JobScript(
        in_progress_describes=1,
        ends_as="Failed",
        failure_reason="All training jobs failed. ClientError: bad data",
    )
    stack.create_job()
    stack.watch()

    # WHEN its state change arrives
    stack.state_change()

    # THEN the WaitCondition fails with SageMaker's reason, and the rollback's delete finds nothing running
    outcome = stack.wait_condition()
    assert outcome is not None and outcome.status == "FAILURE"
    assert (
        f"Tuning job '{stack.job}' failed: All training jobs failed. ClientError: bad data" in outcome.reason
    )
    assert stack.roll_back().status == "SUCCESS"
    assert sagemaker.live_jobs() == {}


def test_a_job_past_its_deadline_is_stopped_and_the_deployment_fails_readably(
    stack: WaitingStack, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a job that runs until stopped, and a watch whose deadline is now: a timeout of exactly the
    # margin the deadline keeps before the WaitCondition's own timeout
    sagemaker.new_jobs = JobScript(in_progress_describes=None)
    stack.create_job()
    timeout = contract.DEADLINE_MARGIN_SECONDS
    deadline = stack.watch(timeout_seconds=timeout).data[contract.ATTR_DEADLINE]

    # WHEN the scheduled check runs
    assert stack.scheduled_check(deadline, timeout_seconds=timeout) == ["returned"]

    # THEN the job was stopped and the WaitCondition fails saying so
    assert sagemaker.stopped == [stack.job]
    outcome = stack.wait_condition()
    assert outcome is not None and outcome.status == "FAILURE"
    assert (
        f"Tuning job '{stack.job}' did not complete within the wait's timeout of 10 min, so it was stopped"
        in outcome.reason
    )
    # AND the rollback's delete waits for the stop to finish: nothing is left running
    assert stack.roll_back().status == "SUCCESS"
    assert sagemaker.live_jobs() == {}


def test_results_of_a_job_that_did_not_complete_fail_the_resource(
    stack: WaitingStack, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a job that was stopped (the results resource is reached only after a successful wait: this is
    # the guard should it be reached anyway)
    sagemaker.new_jobs = JobScript(in_progress_describes=None)
    stack.create_job()
    sagemaker.stop_out_of_band(stack.job)
    # WHEN the results are read THEN the resource fails with the job's status
    answer = stack.results()
    assert answer.status == "FAILED" and "has not completed" in answer.reason
