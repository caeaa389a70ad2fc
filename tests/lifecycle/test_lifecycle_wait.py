"""WaitForCompletion: the answer comes when the job ends, or when the event's budget runs out.

GIVEN / WHEN / THEN; every scenario also proves (conftest) that no secret reached the function's log.
"""

from __future__ import annotations

from datetime import timedelta

from cdk_sagemaker_tuning._handler import contract
from cdk_sagemaker_tuning._handler.runtime import budget
from cdk_sagemaker_tuning._handler.tuning_job_handler import COSTS
from tests.harness.cloudformation import CloudFormation, Faults
from tests.harness.sagemaker_proxy import BEST_OBJECTIVE_VALUE, JobScript, SageMakerProxy
from tests.harness.sample import sample_request


def best_job_data(name: str) -> dict[str, str]:
    best = f"{name}-017-1a2b3c4d"
    return {
        contract.ATTR_BEST_TRAINING_JOB_NAME: best,
        contract.ATTR_BEST_OBJECTIVE_VALUE: str(BEST_OBJECTIVE_VALUE),
        contract.ATTR_BEST_MODEL_ARTIFACTS: f"s3://example-data/output/{best}/output/model.tar.gz",
    }


def test_wait_until_completed_answers_the_best_training_job(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN jobs that run for three looks, then complete
    sagemaker.new_jobs = JobScript(in_progress_describes=3)

    # WHEN CloudFormation creates a resource that waits for completion
    answer = cloudformation.create(sample_request(), wait_for_completion=True)

    # THEN the answer carries the best training job's attributes, and nothing runs any more
    name = answer.physical_id
    assert answer.status == "SUCCESS", answer.reason
    assert answer.data == {
        contract.ATTR_ARN: answer.data[contract.ATTR_ARN],
        contract.ATTR_NAME: name,
        **best_job_data(name),
    }
    assert sagemaker.live_jobs() == {}


def test_wait_across_invocations_when_one_invocation_has_no_room_to_poll(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a job that completes at the ninth look, and invocations that have room for a few polls only
    sagemaker.new_jobs = JobScript(in_progress_describes=8)
    reserve = COSTS.calls_per_step * COSTS.call_seconds + 60
    assert budget.invocation_has_room(int((reserve + 0.03) * 1000), 0.01, COSTS)
    assert not budget.invocation_has_room(int(reserve * 1000), 0.01, COSTS)

    # WHEN, with the second delivery duplicated (Lambda delivers at least once)
    answer = cloudformation.create(
        sample_request(),
        wait_for_completion=True,
        faults=Faults(timeout_seconds=reserve + 0.03, duplicate=frozenset({1})),
    )

    # THEN the handler went on by invoking itself, and CloudFormation received one outcome
    assert answer.status == "SUCCESS", answer.reason
    assert (
        answer.data[contract.ATTR_BEST_TRAINING_JOB_NAME]
        == best_job_data(answer.physical_id)[contract.ATTR_BEST_TRAINING_JOB_NAME]
    )
    assert len(cloudformation.lambda_service.deliveries) >= 3
    assert sagemaker.live_jobs() == {}


def test_a_failed_job_fails_the_resource_with_sagemakers_reason(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN jobs that fail after two looks
    sagemaker.new_jobs = JobScript(
        in_progress_describes=2,
        ends_as="Failed",
        failure_reason="All training jobs failed. ClientError: bad data",
    )

    # WHEN
    answer = cloudformation.create(sample_request(), wait_for_completion=True)

    # THEN
    assert answer.status == "FAILED"
    assert "All training jobs failed. ClientError: bad data" in answer.reason
    assert answer.physical_id in answer.reason
    assert sagemaker.live_jobs() == {}


def test_a_job_still_running_when_the_budget_runs_out_is_stopped_and_the_resource_fails(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a job that never completes, and an event whose budget (half of a 60 s ServiceTimeout) has
    # 0.1 s left when it arrives
    sagemaker.new_jobs = JobScript(stopping_describes=0)

    # WHEN
    answer = cloudformation.create(
        sample_request(), wait_for_completion=True, service_timeout=60, sent_ago=timedelta(seconds=29.9)
    )

    # THEN CloudFormation hears FAILED, saying why, and the job this event started was stopped
    assert answer.status == "FAILED"
    assert answer.physical_id in answer.reason
    assert sagemaker.stopped == [answer.physical_id]
    assert sagemaker.live_jobs() in ({}, {answer.physical_id: "Stopping"})


def test_turning_wait_on_for_a_job_two_hours_old_waits_for_it(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a job created two hours ago by an earlier deployment, still running, completing in two looks
    created = cloudformation.create(sample_request())
    sagemaker.set_script(
        created.physical_id, JobScript(in_progress_describes=2, created_ago=timedelta(hours=2))
    )

    # WHEN an update turns WaitForCompletion on
    answer = cloudformation.update(
        created.physical_id, sample_request(), sample_request(), wait_for_completion=True
    )

    # THEN the budget counts from the update, not from the job's creation: the job is awaited, not stopped
    assert (answer.status, answer.physical_id) == ("SUCCESS", created.physical_id), answer.reason
    assert answer.data[contract.ATTR_BEST_TRAINING_JOB_NAME] == f"{created.physical_id}-017-1a2b3c4d"
    assert sagemaker.stopped == []
    assert sagemaker.live_jobs() == {}


def test_throttling_past_botocores_attempts_while_waiting_does_not_fail_the_wait(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a job that completes at the third look, and SageMaker throttling five Describe attempts in a
    # row (all of botocore's attempts for one call) while the handler waits
    sagemaker.new_jobs = JobScript(in_progress_describes=2)
    sagemaker.fail("DescribeHyperParameterTuningJob", "ThrottlingException", "Rate exceeded", times=5)

    # WHEN
    answer = cloudformation.create(sample_request(), wait_for_completion=True)

    # THEN a passing throttle is no reason to fail a long wait, nor to stop the job: the next poll goes on
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.stopped == []
    assert sagemaker.live_jobs() == {}


def test_a_refused_hand_over_fails_the_resource_and_stops_the_job(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a job that runs on, invocations that must hand over to go on waiting, and Lambda refusing the
    # function's invocation of itself (all of botocore's attempts)
    sagemaker.new_jobs = JobScript(stopping_describes=0)
    reserve = COSTS.calls_per_step * COSTS.call_seconds + 60
    cloudformation.lambda_service.refuse_invocations = 10

    # WHEN
    answer = cloudformation.create(
        sample_request(), wait_for_completion=True, faults=Faults(timeout_seconds=reserve + 0.03)
    )

    # THEN CloudFormation hears FAILED at once (not after its ServiceTimeout), and the job is stopped
    assert answer.status == "FAILED"
    assert "re-invoke" in answer.reason
    assert sagemaker.stopped == [answer.physical_id]
    assert sagemaker.live_jobs() in ({}, {answer.physical_id: "Stopping"})
