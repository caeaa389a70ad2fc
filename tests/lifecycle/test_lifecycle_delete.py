"""Delete, as CloudFormation sends it: stop what this stack runs and wait until it has stopped.

GIVEN / WHEN / THEN; every scenario also proves (conftest) that no secret reached the function's log.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from cdk_sagemaker_tuning._handler import contract
from tests.harness.cloudformation import CloudFormation
from tests.harness.sagemaker_proxy import JobScript, SageMakerProxy
from tests.harness.sample import OTHER_STACK_ID, sample_request


@pytest.fixture
def created(cloudformation: CloudFormation, sagemaker: SageMakerProxy) -> str:
    """A job this stack created and that is running: its name."""
    answer = cloudformation.create(sample_request())
    assert sagemaker.live_jobs() == {answer.physical_id: "InProgress"}
    return answer.physical_id


def test_delete_of_a_running_job_stops_it_and_waits_until_it_has_stopped(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN a running job that takes three Describe calls to stop
    sagemaker.set_script(created, JobScript(stopping_describes=3))

    # WHEN CloudFormation deletes the resource
    answer = cloudformation.delete(created, sample_request())

    # THEN the answer comes once the job has stopped, and nothing runs
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.stopped == [created]
    assert sagemaker.status(created) == "Stopped"
    assert sagemaker.live_jobs() == {}


def test_delete_of_a_stopping_job_waits_without_stopping_it_again(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN a job already stopping (someone stopped it in the console)
    sagemaker.set_script(created, JobScript(stopping_describes=2))
    sagemaker.stop_out_of_band(created)
    assert sagemaker.status(created) == "Stopping"

    # WHEN
    answer = cloudformation.delete(created, sample_request())

    # THEN
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts["StopHyperParameterTuningJob"] == 0
    assert sagemaker.live_jobs() == {}


def test_delete_of_a_stopped_job_succeeds_at_once(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN a job that has already stopped
    sagemaker.set_script(created, JobScript(stopping_describes=0))
    sagemaker.stop_out_of_band(created)

    # WHEN
    answer = cloudformation.delete(created, sample_request())

    # THEN nothing more to do; the record is kept (DeleteJobRecord is off)
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts["StopHyperParameterTuningJob"] == 0
    assert sagemaker.attempts["DeleteHyperParameterTuningJob"] == 0
    assert sagemaker.job_names() == [created]
    assert sagemaker.live_jobs() == {}


def test_delete_of_a_completed_job_neither_stops_it_nor_deletes_its_record(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN a job that has completed
    sagemaker.set_script(created, JobScript(in_progress_describes=0))

    # WHEN
    answer = cloudformation.delete(created, sample_request())

    # THEN
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts["StopHyperParameterTuningJob"] == 0
    assert sagemaker.job_names() == [created]
    assert sagemaker.live_jobs() == {}


def test_delete_of_a_missing_job_succeeds(cloudformation: CloudFormation, sagemaker: SageMakerProxy) -> None:
    # GIVEN a job name that SageMaker does not know (deleted by hand, or never created)
    # WHEN
    answer = cloudformation.delete("XgboostT-XgboostTunin-0123456789", sample_request())

    # THEN
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts["StopHyperParameterTuningJob"] == 0
    assert sagemaker.live_jobs() == {}


def test_delete_of_another_stacks_job_leaves_it_running(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a physical id that names a running job of another stack
    sagemaker.seed_job(
        sample_request(
            HyperParameterTuningJobName="theirs", Tags=[{"Key": contract.STACK_TAG, "Value": OTHER_STACK_ID}]
        )
    )

    # WHEN this stack deletes its resource
    answer = cloudformation.delete("theirs", sample_request())

    # THEN the delete succeeds without stopping a job this stack does not own
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts["StopHyperParameterTuningJob"] == 0
    assert sagemaker.live_jobs() == {"theirs": "InProgress"}


def test_delete_of_an_untagged_job_leaves_it_running(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a running job made by hand, without the stack tag
    sagemaker.seed_job(sample_request(HyperParameterTuningJobName="by-hand", Tags=[]))

    # WHEN
    answer = cloudformation.delete("by-hand", sample_request())

    # THEN
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts["StopHyperParameterTuningJob"] == 0
    assert sagemaker.live_jobs() == {"by-hand": "InProgress"}


def test_delete_job_record_stops_the_job_then_deletes_its_record(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN DeleteJobRecord on a running job
    # WHEN
    answer = cloudformation.delete(created, sample_request(), delete_job_record=True)

    # THEN stopped first (SageMaker refuses to delete a running job), then its record is gone
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.stopped == [created]
    assert sagemaker.job_names() == []
    assert sagemaker.live_jobs() == {}


def test_delete_whose_budget_runs_out_while_the_job_stops_succeeds(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN a job that takes very long to stop, and a Delete with 0.1 s of its budget (half of a 60 s
    # ServiceTimeout) left when it arrives
    sagemaker.set_script(created, JobScript(stopping_describes=10_000))

    # WHEN
    answer = cloudformation.delete(
        created, sample_request(), service_timeout=60, sent_ago=timedelta(seconds=29.9)
    )

    # THEN CloudFormation hears SUCCESS in time: the job was stopped and SageMaker finishes stopping it
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.stopped == [created]
    assert sagemaker.live_jobs() == {created: "Stopping"}


def test_delete_delivered_after_its_budget_still_stops_the_job(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN a Delete that reaches the function only after its budget has run out (Lambda's retries of a
    # crashed invocation, or its queue, delayed it)
    # WHEN
    answer = cloudformation.delete(
        created, sample_request(), service_timeout=60, sent_ago=timedelta(seconds=45)
    )

    # THEN, as for any delete whose budget ran out while SageMaker stops the job, CloudFormation hears
    # SUCCESS; but the job must not run on: it was at least asked to stop
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.stopped == [created]
    assert sagemaker.live_jobs() == {created: "Stopping"}


def test_delete_whose_stop_answer_is_lost_still_waits_until_stopped(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN SageMaker stops the job but the answer to Stop is lost (botocore retries: "already stopping")
    sagemaker.lose_answer("StopHyperParameterTuningJob")

    # WHEN
    answer = cloudformation.delete(created, sample_request())

    # THEN the refused retry is taken for what it is, and the delete ends once the job has stopped
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts["StopHyperParameterTuningJob"] == 2
    assert sagemaker.status(created) == "Stopped"
    assert sagemaker.live_jobs() == {}


def test_rollback_of_a_create_that_failed_after_starting_its_job_stops_nothing_more(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a create that waited for its job, which failed (CloudFormation then deletes the resource)
    sagemaker.new_jobs = JobScript(in_progress_describes=1, ends_as="Failed")
    failed = cloudformation.create(sample_request(), wait_for_completion=True)
    assert failed.status == "FAILED"

    # WHEN CloudFormation deletes it, with the physical id the create answered (the job's name)
    answer = cloudformation.delete(failed.physical_id, sample_request(), wait_for_completion=True)

    # THEN
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts["StopHyperParameterTuningJob"] == 0
    assert sagemaker.live_jobs() == {}
