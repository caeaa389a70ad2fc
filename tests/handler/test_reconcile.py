"""The reconciler's decisions, as pure functions of the stack's resources and a job's tags and state."""

from __future__ import annotations

from cdk_sagemaker_tuning._handler import contract, reconcile
from cdk_sagemaker_tuning._handler.cloudformation_api import StackResource
from tests.support.cfn_events import STACK_ID

OTHER_STACK = STACK_ID.replace("XgboostTuningExample", "Other")


def resource(logical_id: str, physical_id: str | None, status: str = "CREATE_COMPLETE") -> StackResource:
    return StackResource(logical_id, contract.RESOURCE_TYPE, physical_id, status, 0.0)


def test_live_jobs_are_the_physical_ids_of_tuning_job_resources_not_deleted() -> None:
    resources = [
        resource("A", "job-a"),
        resource("B", "job-b", status="DELETE_COMPLETE"),
        resource("C", None),
        StackResource(
            "Handle", "AWS::CloudFormation::WaitConditionHandle", "https://x", "CREATE_COMPLETE", 0.0
        ),
    ]
    assert reconcile.live_jobs(resources) == {"job-a"}


def test_an_orphan_is_this_stacks_job_no_resource_holds_and_nobody_kept() -> None:
    ours = {contract.STACK_TAG: STACK_ID}
    assert reconcile.is_orphan(STACK_ID, "job-x", ours, live={"job-a"})
    assert not reconcile.is_orphan(STACK_ID, "job-a", ours, live={"job-a"})
    assert not reconcile.is_orphan(STACK_ID, "job-x", {**ours, contract.RETAIN_TAG: "true"}, live=set())
    assert not reconcile.is_orphan(STACK_ID, "job-x", {contract.STACK_TAG: OTHER_STACK}, live=set())
    assert not reconcile.is_orphan(STACK_ID, "job-x", {}, live=set())


def test_only_complete_statuses_are_stable_and_only_in_progress_ones_are_deploying() -> None:
    assert reconcile.is_stable("UPDATE_ROLLBACK_COMPLETE")
    assert not reconcile.is_stable("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
    assert not reconcile.is_stable("DELETE_COMPLETE")
    assert reconcile.is_deploying("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
    assert not reconcile.is_deploying("CREATE_FAILED")


def test_the_wait_tag_names_the_handle_and_the_deadline() -> None:
    assert reconcile.AwaitedJob.of({contract.WAIT_TAG: "Handle1A2B@1765000000"}) == reconcile.AwaitedJob(
        "Handle1A2B", 1765000000
    )
    assert reconcile.AwaitedJob.of({contract.WAIT_TAG: "garbled"}) is None
    assert reconcile.AwaitedJob.of({}) is None


def test_a_running_job_is_signalled_only_past_its_deadline_and_then_stopped() -> None:
    awaited = reconcile.AwaitedJob("Handle", 1000)
    running = {"HyperParameterTuningJobStatus": "InProgress"}
    assert reconcile.wait_signal("job", running, awaited, now=999) == (None, False)
    signal, stop = reconcile.wait_signal("job", running, awaited, now=1000)
    assert stop and signal is not None and signal.status == "FAILURE"


def test_an_ended_job_is_signalled_its_outcome_whatever_the_time() -> None:
    awaited = reconcile.AwaitedJob("Handle", 1000)
    failed = {"HyperParameterTuningJobStatus": "Failed", "FailureReason": "boom"}
    signal, stop = reconcile.wait_signal("job", failed, awaited, now=5000)
    assert not stop and signal is not None and signal.status == "FAILURE" and "boom" in signal.reason
