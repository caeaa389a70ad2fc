"""The stack's reconciler, its one rule on tuning jobs' state changes, and events of another stack (issue 17).

The stack is the local CloudFormation stand-in (``cfn_stack``): its status and resources are what the
scenario sets. Jobs are created through the handler, as CloudFormation would, so they carry the tags the
handler writes. GIVEN / WHEN / THEN; every scenario also proves (conftest) that no secret, ResponseURL or
handle signature reached the function's log.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk.assertions import Template

from cdk_sagemaker_tuning import HyperParameterTuningJob, TuningJobWait
from cdk_sagemaker_tuning._handler import contract
from tests.harness.cloudformation import CloudFormation, Faults
from tests.harness.cloudformation_api import CloudFormationApi
from tests.harness.function_logs import FunctionLog
from tests.harness.sagemaker_proxy import JobScript, SageMakerProxy
from tests.harness.sample import OTHER_STACK_ID, sample_request
from tests.harness.wait_condition import WaitConditionHandles, handle_signature
from tests.support.cfn_events import LOGICAL_ID, xgboost_request

HANDLE = "TuningCompletionHandle1A2B3C4D"
HANDLE_TYPE = "AWS::CloudFormation::WaitConditionHandle"
RECONCILE = {contract.RECONCILE_KEY: {}}
#: The shortest wait (contract.MIN_WAIT_SECONDS): its deadline is DEADLINE_MARGIN_SECONDS before it.
TIMEOUT = contract.MIN_WAIT_SECONDS


@pytest.fixture
def handles(handles: WaitConditionHandles, function_log: FunctionLog) -> Iterator[WaitConditionHandles]:
    handles.reset()
    yield handles
    leaks = function_log.leaks([handle_signature(HANDLE)])
    assert leaks == [], "a WaitCondition handle's signature reached the function's log"


def state_change(job: str, status: str = "Completed") -> dict[str, object]:
    """The EventBridge event of a tuning job's state change, as the stack's one rule delivers it."""
    return {
        "version": "0",
        "source": "aws.sagemaker",
        "detail-type": "SageMaker HyperParameter Tuning Job State Change",
        "detail": {"HyperParameterTuningJobName": job, "HyperParameterTuningJobStatus": status},
    }


def awaited_job(
    cloudformation: CloudFormation,
    cfn_stack: CloudFormationApi,
    handles: WaitConditionHandles,
    *,
    sent_ago: timedelta = timedelta(0),
) -> str:
    """An awaited job, its resource and handle in the stack, which is still being created (the wait runs)."""
    answer = cloudformation.create(
        sample_request(), wait_handle=HANDLE, wait_timeout=TIMEOUT, sent_ago=sent_ago
    )
    assert answer.status == "SUCCESS", answer.reason
    cfn_stack.status = "CREATE_IN_PROGRESS"
    cfn_stack.put(LOGICAL_ID, contract.RESOURCE_TYPE, answer.physical_id)
    cfn_stack.put(HANDLE, HANDLE_TYPE, handles.url(HANDLE))
    return answer.physical_id


# -- (a) orphans --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE"])
def test_a_job_no_resource_holds_is_stopped_once_the_stack_is_stable(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, cfn_stack: CloudFormationApi, status: str
) -> None:
    # GIVEN a job of this stack whose create answer never reached CloudFormation (no resource holds it)
    orphan = cloudformation.create(sample_request()).physical_id
    cfn_stack.status = status

    # WHEN the scheduled reconciliation runs
    assert cloudformation.eventbridge(RECONCILE) == ["returned"]

    # THEN the orphan is stopped
    assert sagemaker.stopped == [orphan]


def test_no_job_is_stopped_while_the_stack_is_being_deployed(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, cfn_stack: CloudFormationApi
) -> None:
    # GIVEN a job no resource holds yet, during an update (its create's answer may be on its way)
    cloudformation.create(sample_request())
    cfn_stack.status = "UPDATE_IN_PROGRESS"

    # WHEN
    cloudformation.eventbridge(RECONCILE)

    # THEN
    assert sagemaker.stopped == []


def test_the_reconciler_stops_only_orphans_of_its_own_stack(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, cfn_stack: CloudFormationApi
) -> None:
    # GIVEN a job a resource holds, a retained job whose resource left the stack, another stack's job and a
    # job without tags, all running; and one orphan
    live = cloudformation.create(sample_request()).physical_id
    cfn_stack.put(LOGICAL_ID, contract.RESOURCE_TYPE, live)
    retained = cloudformation.create(sample_request(), retain=contract.RETAIN_ON_DELETE).physical_id
    other = xgboost_request(
        HyperParameterTuningJobName="other-stacks-job",
        Tags=[{"Key": contract.STACK_TAG, "Value": OTHER_STACK_ID}],
    )
    sagemaker.seed_job(other)
    sagemaker.seed_job(xgboost_request(HyperParameterTuningJobName="by-hand", Tags=[]))
    orphan = cloudformation.create(sample_request()).physical_id
    cfn_stack.status = "UPDATE_COMPLETE"

    # WHEN
    cloudformation.eventbridge(RECONCILE)

    # THEN only the orphan was stopped
    assert sagemaker.stopped == [orphan]
    assert set(sagemaker.live_jobs()) >= {live, retained, "other-stacks-job", "by-hand"}


def test_a_stack_that_cannot_be_read_stops_nothing(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, cfn_stack: CloudFormationApi
) -> None:
    # GIVEN an orphan, and the stack cannot be read (here: the function asks for a stack that is not there)
    cloudformation.create(sample_request())
    cfn_stack.stack_id = OTHER_STACK_ID

    # WHEN
    assert cloudformation.eventbridge(RECONCILE) == ["returned"]

    # THEN nothing is stopped on a guess: the next run tries again
    assert sagemaker.stopped == []


def test_a_create_event_lambda_drops_is_kept_and_its_job_stopped_once_the_stack_has_rolled_back(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, cfn_stack: CloudFormationApi
) -> None:
    # GIVEN Lambda's three attempts at a create each die right after a SageMaker call (the first started
    # the job): Lambda gives up, and CloudFormation never hears of the job
    faults = Faults(crash_after_calls=frozenset({1, 2, 3}))
    cloudformation.create(sample_request(), faults=faults, expect_answer=False)
    [job] = sagemaker.live_jobs()
    # THEN the event is kept in the function's on-failure destination
    assert len(cloudformation.lambda_service.dropped) == 1

    # WHEN CloudFormation gives up at the ServiceTimeout, rolls the stack back, and the reconciler runs
    cfn_stack.status = "ROLLBACK_COMPLETE"
    cloudformation.eventbridge(RECONCILE)

    # THEN the job that nothing owns is stopped
    assert sagemaker.stopped == [job]


# -- (b) waits ----------------------------------------------------------------------------------------------


def test_a_missed_state_change_is_signalled_by_the_next_reconciliation(
    cloudformation: CloudFormation,
    sagemaker: SageMakerProxy,
    cfn_stack: CloudFormationApi,
    handles: WaitConditionHandles,
) -> None:
    # GIVEN an awaited job that completed, and its state change event was lost
    sagemaker.new_jobs = JobScript(in_progress_describes=0)
    job = awaited_job(cloudformation, cfn_stack, handles)

    # WHEN the scheduled reconciliation runs
    cloudformation.eventbridge(RECONCILE)

    # THEN the wait received the job's outcome
    outcome = handles.outcome(HANDLE)
    assert outcome is not None and outcome.status == "SUCCESS"
    assert sagemaker.live_jobs() == {}
    assert job in sagemaker.job_names()


def test_a_job_past_its_wait_deadline_is_stopped_and_the_timeout_signalled(
    cloudformation: CloudFormation,
    sagemaker: SageMakerProxy,
    cfn_stack: CloudFormationApi,
    handles: WaitConditionHandles,
) -> None:
    # GIVEN an awaited job created long enough ago that its deadline has passed, still running
    job = awaited_job(
        cloudformation,
        cfn_stack,
        handles,
        sent_ago=timedelta(seconds=TIMEOUT - contract.DEADLINE_MARGIN_SECONDS + 60),
    )

    # WHEN
    cloudformation.eventbridge(RECONCILE)

    # THEN it is stopped, and the wait fails with a readable reason
    assert sagemaker.stopped == [job]
    outcome = handles.outcome(HANDLE)
    assert outcome is not None and outcome.status == "FAILURE"
    assert "did not complete by its wait's deadline" in outcome.reason


def test_a_running_awaited_job_before_its_deadline_is_left_running_and_unsignalled(
    cloudformation: CloudFormation,
    sagemaker: SageMakerProxy,
    cfn_stack: CloudFormationApi,
    handles: WaitConditionHandles,
) -> None:
    # GIVEN
    job = awaited_job(cloudformation, cfn_stack, handles)

    # WHEN
    cloudformation.eventbridge(RECONCILE)

    # THEN
    assert sagemaker.stopped == []
    assert handles.signals(HANDLE) == []
    assert sagemaker.live_jobs() == {job: "InProgress"}


# -- the stack's one rule on state changes -----------------------------------------------------------------


def test_a_state_change_of_an_awaited_job_signals_its_wait_and_a_duplicate_signals_the_same(
    cloudformation: CloudFormation,
    sagemaker: SageMakerProxy,
    cfn_stack: CloudFormationApi,
    handles: WaitConditionHandles,
) -> None:
    # GIVEN an awaited job that failed
    sagemaker.new_jobs = JobScript(in_progress_describes=0, ends_as="Failed")
    job = awaited_job(cloudformation, cfn_stack, handles)

    # WHEN EventBridge delivers its state change twice (at least once)
    assert cloudformation.eventbridge(state_change(job, "Failed"), duplicate=True) == ["returned", "returned"]

    # THEN two signals with the same UniqueId: the wait counts one FAILURE with SageMaker's reason
    signals = handles.signals(HANDLE)
    assert len(signals) == 2 and signals[0] == signals[1]
    outcome = handles.outcome(HANDLE)
    assert outcome is not None and outcome.status == "FAILURE"
    assert "Data download failed" in outcome.reason


def test_a_state_change_of_another_stacks_job_is_ignored(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, handles: WaitConditionHandles
) -> None:
    # GIVEN another stack's job that names a handle of the same logical id in its wait tag
    other = xgboost_request(
        HyperParameterTuningJobName="other-stacks-job",
        Tags=[
            {"Key": contract.STACK_TAG, "Value": OTHER_STACK_ID},
            {"Key": contract.WAIT_TAG, "Value": f"{HANDLE}@0"},
        ],
    )
    sagemaker.seed_job(other, JobScript(in_progress_describes=0))

    # WHEN its state change reaches this stack's function (the rule matches every job of the account)
    cloudformation.eventbridge(state_change("other-stacks-job"))

    # THEN nothing is signalled
    assert handles.signals(HANDLE) == []


# -- events of another stack ------------------------------------------------------------------------------


def test_a_create_event_of_another_stack_is_refused_and_starts_nothing(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # WHEN a stack other than the function's own uses it as its ServiceToken
    answer = cloudformation.create(sample_request(), stack_id=OTHER_STACK_ID)

    # THEN
    assert answer.status == "FAILED"
    assert "serves only the stack it belongs to" in answer.reason
    assert not contract.NAME_PATTERN.fullmatch(answer.physical_id)
    assert sagemaker.attempts["CreateHyperParameterTuningJob"] == 0


def test_a_delete_event_of_another_stack_stops_nothing(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN this stack's job
    job = cloudformation.create(sample_request()).physical_id

    # WHEN another stack's Delete names it
    answer = cloudformation.delete(job, sample_request(), stack_id=OTHER_STACK_ID)

    # THEN refused, and the job runs on
    assert (answer.status, answer.physical_id) == ("FAILED", job)
    assert sagemaker.stopped == []


# -- stacks deployed by earlier versions: the watch resource ------------------------------------------------


def test_a_rolled_back_watch_whose_handle_expired_still_succeeds(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, handles: WaitConditionHandles
) -> None:
    # GIVEN a job that completed long ago, whose old handle's presigned URL has expired
    sagemaker.new_jobs = JobScript(in_progress_describes=0)
    job = cloudformation.create(sample_request()).physical_id
    handles.expire(HANDLE)

    # WHEN a failed update's rollback brings the watch back to that job and handle
    properties = {
        contract.PROP_JOB_NAME: job,
        contract.PROP_WAIT_HANDLE: handles.url(HANDLE),
        contract.PROP_TIMEOUT_SECONDS: str(TIMEOUT),
    }
    answer = cloudformation.custom(
        contract.WATCH_RESOURCE_TYPE,
        "Update",
        properties,
        logical_id="TuningCompletionWatch",
        physical_id="x",
    )

    # THEN the watch succeeds (UPDATE_ROLLBACK_FAILED otherwise): the signal was best effort
    assert answer.status == "SUCCESS", answer.reason


def test_a_watch_that_cannot_see_its_new_job_yet_does_not_fail_the_wait(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, handles: WaitConditionHandles
) -> None:
    # GIVEN a job SageMaker does not show yet (its lag right after a create)
    properties = {
        contract.PROP_JOB_NAME: "not-visible-yet",
        contract.PROP_WAIT_HANDLE: handles.url(HANDLE),
        contract.PROP_TIMEOUT_SECONDS: str(TIMEOUT),
    }

    # WHEN
    answer = cloudformation.custom(
        contract.WATCH_RESOURCE_TYPE, "Create", properties, logical_id="TuningCompletionWatch"
    )

    # THEN the watch succeeds and signals nothing: "not found" is no outcome
    assert answer.status == "SUCCESS", answer.reason
    assert handles.signals(HANDLE) == []


# -- the synthesized template and the handler agree -------------------------------------------------------


def test_an_awaited_job_of_a_synthesized_stack_gets_its_outcome_signalled_to_its_own_handle(
    cloudformation: CloudFormation,
    sagemaker: SageMakerProxy,
    cfn_stack: CloudFormationApi,
    handles: WaitConditionHandles,
    function_log: FunctionLog,
) -> None:
    # GIVEN a synthesized stack with one awaited job, deployed as CloudFormation would: the job resource's
    # wait properties as the template has them, every resource of the template in the stack
    stack = Stack(App(), "Awaited")
    HyperParameterTuningJob.from_request(
        stack,
        "Tuning",
        request=xgboost_request(),
        wait=TuningJobWait.for_completion(timeout=Duration.hours(1)),
    )
    template = Template.from_stack(stack).to_json()
    [(job_id, job)] = [
        (logical_id, resource)
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == contract.RESOURCE_TYPE
    ]
    [handle_id] = [
        logical_id
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == HANDLE_TYPE
    ]
    properties = job["Properties"]
    sagemaker.new_jobs = JobScript(in_progress_describes=0)
    answer = cloudformation.create(
        sample_request(),
        wait_handle=properties[contract.PROP_WAIT_HANDLE_ID],
        wait_timeout=int(properties[contract.PROP_WAIT_TIMEOUT]),
    )
    cfn_stack.from_template(template, {job_id: answer.physical_id, handle_id: handles.url(handle_id)})
    cfn_stack.status = "CREATE_IN_PROGRESS"

    # WHEN the job's state change arrives through the stack's one rule
    cloudformation.eventbridge(state_change(answer.physical_id))

    # THEN its outcome went to the handle the template's WaitCondition waits on
    outcome = handles.outcome(handle_id)
    assert outcome is not None and outcome.status == "SUCCESS"
    assert function_log.leaks([handle_signature(handle_id)]) == []
