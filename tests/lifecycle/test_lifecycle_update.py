"""Update, as CloudFormation sends it, and the rollbacks it sends when a later resource fails.

A replacing update answers a new physical id; CloudFormation then deletes the old one in its clean-up
phase. A rollback is an Update to the current physical id with the old properties as the new ones; the
rollback of a replacement is followed by the Delete of the replacement. GIVEN / WHEN / THEN; every scenario
also proves (conftest) that no secret reached the function's log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from cdk_sagemaker_tuning._handler import contract
from tests.harness.cloudformation import CloudFormation
from tests.harness.sagemaker_proxy import JobScript, SageMakerProxy
from tests.harness.sample import changed_request, retagged_request, sample_request


@pytest.fixture
def created(cloudformation: CloudFormation) -> str:
    """Job A, created by a first deployment from ``sample_request()``: its name."""
    answer = cloudformation.create(sample_request())
    assert answer.status == "SUCCESS", answer.reason
    return answer.physical_id


def test_a_changed_request_replaces_the_job_and_the_clean_up_stops_the_old_one(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN job A
    # WHEN the request changes, and the deployment completes (CloudFormation's clean-up deletes A)
    answer = cloudformation.update(created, changed_request(), sample_request())
    clean_up = cloudformation.delete(created, sample_request())

    # THEN a new job B runs the new request, and A was stopped
    assert answer.status == "SUCCESS", answer.reason
    assert answer.physical_id != created
    assert clean_up.status == "SUCCESS", clean_up.reason
    assert (
        sagemaker.describe(answer.physical_id)["HyperParameterTuningJobConfig"]["ResourceLimits"][
            "MaxNumberOfTrainingJobs"
        ]
        == 40
    )
    assert sagemaker.tags(answer.physical_id)[contract.REPLACES_TAG] == created
    assert sagemaker.stopped == [created]
    assert sagemaker.live_jobs() == {answer.physical_id: "InProgress"}


def test_rollback_of_a_replacement_returns_to_the_old_job_and_stops_the_new_one(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN job A replaced by job B in an update that a later resource then fails
    replacement = cloudformation.update(created, changed_request(), sample_request())
    assert replacement.status == "SUCCESS", replacement.reason

    # WHEN CloudFormation rolls back: an Update of B back to A's request, then the Delete of B
    rollback = cloudformation.update(replacement.physical_id, sample_request(), changed_request())
    clean_up = cloudformation.delete(replacement.physical_id, changed_request())

    # THEN the physical id is A's again, no third job started, B was stopped and A runs on
    assert rollback.status == "SUCCESS", rollback.reason
    assert rollback.physical_id == created
    assert rollback.data[contract.ATTR_NAME] == created
    assert clean_up.status == "SUCCESS", clean_up.reason
    assert sagemaker.job_names() == sorted([created, replacement.physical_id])
    assert sagemaker.stopped == [replacement.physical_id]
    assert sagemaker.live_jobs() == {created: "InProgress"}


def test_a_tags_only_update_retags_the_job_in_place_and_its_rollback_restores_them(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN job A, with a tag someone added by hand
    sagemaker.moto_client.add_tags(
        ResourceArn=sagemaker.describe(created)["HyperParameterTuningJobArn"],
        Tags=[{"Key": "added-by-hand", "Value": "keep-me"}],
    )
    tags_before = sagemaker.tags(created)

    # WHEN only the tags change
    update = cloudformation.update(created, retagged_request(), sample_request())

    # THEN the same job, retagged; the handler's and the hand-made tags stay
    assert (update.status, update.physical_id) == ("SUCCESS", created), update.reason
    tags = sagemaker.tags(created)
    assert (tags["project"], tags["team"], tags["added-by-hand"]) == ("renamed", "ml", "keep-me")
    assert contract.STACK_TAG in tags

    # WHEN CloudFormation rolls the update back
    rollback = cloudformation.update(created, sample_request(), retagged_request())

    # THEN the tags are as before, and the one job runs on
    assert (rollback.status, rollback.physical_id) == ("SUCCESS", created), rollback.reason
    assert {k: v for k, v in sagemaker.tags(created).items() if k != contract.FINGERPRINT_TAG} == {
        k: v for k, v in tags_before.items() if k != contract.FINGERPRINT_TAG
    }
    assert sagemaker.stopped == []
    assert sagemaker.live_jobs() == {created: "InProgress"}


def test_a_changed_request_with_a_fixed_name_fails_and_keeps_the_job(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a job with a fixed name
    fixed = sample_request(HyperParameterTuningJobName="xgb-tuning-7")
    assert cloudformation.create(fixed).status == "SUCCESS"

    # WHEN the request changes but the name does not (a new job would need the same name)
    answer = cloudformation.update(
        "xgb-tuning-7", changed_request(HyperParameterTuningJobName="xgb-tuning-7"), fixed
    )

    # THEN the update fails saying how to proceed, and the job runs on
    assert answer.status == "FAILED"
    assert "HyperParameterTuningJobName" in answer.reason
    assert sagemaker.live_jobs() == {"xgb-tuning-7": "InProgress"}


@pytest.mark.parametrize("option", ["wait_for_completion", "delete_job_record"])
def test_changing_only_an_option_keeps_the_job(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str, option: str
) -> None:
    # GIVEN job A (when waited for, it completes at the next look)
    if option == "wait_for_completion":
        sagemaker.set_script(created, JobScript(in_progress_describes=0))

    # WHEN only an option changes
    answer = cloudformation.update(created, sample_request(), sample_request(), **{option: True})

    # THEN the same job, no new one, nothing stopped
    assert (answer.status, answer.physical_id) == ("SUCCESS", created), answer.reason
    assert sagemaker.job_names() == [created]
    assert sagemaker.stopped == []
    assert sagemaker.live_jobs() == ({} if option == "wait_for_completion" else {created: "InProgress"})


def test_job_deleted_out_of_band_then_a_tags_only_update_then_its_rollback(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN job A's record deleted by hand
    sagemaker.delete_out_of_band(created)

    # WHEN a tags-only update arrives, and CloudFormation then rolls it back (a later resource failed)
    update = cloudformation.update(created, retagged_request(), sample_request())
    rollback = cloudformation.update(created, sample_request(), retagged_request())

    # THEN both succeed with the same physical id: there is nothing to retag, and failing the update would
    # fail its rollback too (the same kind of update), leaving the stack UPDATE_ROLLBACK_FAILED
    assert (update.status, update.physical_id) == ("SUCCESS", created), update.reason
    assert (rollback.status, rollback.physical_id) == ("SUCCESS", created), rollback.reason
    assert sagemaker.attempts["CreateHyperParameterTuningJob"] == 1  # the first deployment's only
    assert sagemaker.live_jobs() == {}


def test_job_deleted_out_of_band_then_a_replacing_update_then_its_rollback(
    cloudformation: CloudFormation,
    sagemaker: SageMakerProxy,
    created: str,
    stack_status: Callable[[str], None],
) -> None:
    # GIVEN job A's record deleted by hand
    sagemaker.delete_out_of_band(created)

    # WHEN a replacing update arrives, then CloudFormation rolls it back (Update of B, then Delete of B)
    stack_status("UPDATE_IN_PROGRESS")
    update = cloudformation.update(created, changed_request(), sample_request())
    assert update.status == "SUCCESS", update.reason
    stack_status("UPDATE_ROLLBACK_IN_PROGRESS")
    rollback = cloudformation.update(update.physical_id, sample_request(), changed_request())
    clean_up = cloudformation.delete(update.physical_id, changed_request())

    # THEN the rollback returned to A as it was (gone), starting nothing; B was stopped; nothing runs
    assert (rollback.status, rollback.physical_id) == ("SUCCESS", created), rollback.reason
    assert clean_up.status == "SUCCESS", clean_up.reason
    assert sagemaker.attempts["CreateHyperParameterTuningJob"] == 2  # A's and B's
    assert sagemaker.stopped == [update.physical_id]
    assert sagemaker.live_jobs() == {}


def test_job_stopped_out_of_band_then_a_replacing_update_then_its_rollback(
    cloudformation: CloudFormation,
    sagemaker: SageMakerProxy,
    created: str,
    stack_status: Callable[[str], None],
) -> None:
    # GIVEN job A stopped by hand
    sagemaker.stop_out_of_band(created)

    # WHEN a replacing update arrives, then CloudFormation rolls it back
    stack_status("UPDATE_IN_PROGRESS")
    update = cloudformation.update(created, changed_request(), sample_request())
    stack_status("UPDATE_ROLLBACK_IN_PROGRESS")
    rollback = cloudformation.update(update.physical_id, sample_request(), changed_request())
    cloudformation.delete(update.physical_id, changed_request())

    # THEN the rollback returned to A (stopped, as before the update) rather than starting a third job
    assert (rollback.status, rollback.physical_id) == ("SUCCESS", created), rollback.reason
    assert sagemaker.attempts["CreateHyperParameterTuningJob"] == 2
    assert sagemaker.live_jobs() == {}


def test_an_update_back_to_a_stopped_jobs_request_starts_a_new_job(
    cloudformation: CloudFormation,
    sagemaker: SageMakerProxy,
    created: str,
    stack_status: Callable[[str], None],
) -> None:
    # GIVEN A replaced by B in a completed update (CloudFormation's clean-up stopped A)
    stack_status("UPDATE_IN_PROGRESS")
    replacement = cloudformation.update(created, changed_request(), sample_request()).physical_id
    cloudformation.delete(created, sample_request())

    # WHEN a later update (not a rollback) asks for A's request again
    update = cloudformation.update(replacement, sample_request(), changed_request())

    # THEN a new job runs it: the user asked for a running job, and A is stopped
    assert update.status == "SUCCESS", update.reason
    assert update.physical_id not in (created, replacement)
    assert sagemaker.live_jobs()[update.physical_id] == "InProgress"


def test_the_rollback_of_an_awaited_replacement_returns_to_the_completed_job_and_its_results(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, stack_status: Callable[[str], None]
) -> None:
    # GIVEN an awaited job A that completed, and a replacing update whose new job B completed too
    sagemaker.new_jobs = JobScript(in_progress_describes=0)
    first = cloudformation.create(sample_request(), wait_for_completion=True)
    stack_status("UPDATE_IN_PROGRESS")
    update = cloudformation.update(
        first.physical_id,
        changed_request(),
        sample_request(),
        wait_for_completion=True,
        old_wait_for_completion=True,
    )

    # WHEN a later resource fails and CloudFormation rolls back
    stack_status("UPDATE_ROLLBACK_IN_PROGRESS")
    rollback = cloudformation.update(
        update.physical_id,
        sample_request(),
        changed_request(),
        wait_for_completion=True,
        old_wait_for_completion=True,
    )

    # THEN A is the resource again, with the results it had
    assert (rollback.status, rollback.physical_id) == ("SUCCESS", first.physical_id), rollback.reason
    assert rollback.data == first.data


def test_a_replacement_whose_new_job_fails_is_rolled_back_to_the_old_job(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN job A, and an update that replaces it and waits for the new job, which fails
    sagemaker.new_jobs = JobScript(in_progress_describes=1, ends_as="Failed")

    # WHEN the update fails, and CloudFormation rolls back (the physical id is still A's)
    update = cloudformation.update(created, changed_request(), sample_request(), wait_for_completion=True)
    rollback = cloudformation.update(
        created, sample_request(), changed_request(), old_wait_for_completion=True
    )

    # THEN the update answered FAILED with A's physical id; the rollback keeps A, which runs on alone
    assert (update.status, update.physical_id) == ("FAILED", created)
    assert (rollback.status, rollback.physical_id) == ("SUCCESS", created), rollback.reason
    assert len(sagemaker.job_names()) == 2
    assert sagemaker.live_jobs() == {created: "InProgress"}


def test_a_replacement_out_of_budget_stops_the_new_job_and_keeps_the_old(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN job A, and a replacing update that waits, sent with 0.1 s of its budget left
    sagemaker.new_jobs = JobScript(stopping_describes=0)

    # WHEN the update runs out of budget, and CloudFormation rolls back
    update = cloudformation.update(
        created,
        changed_request(),
        sample_request(),
        wait_for_completion=True,
        service_timeout=60,
        sent_ago=timedelta(seconds=29.9),
    )
    rollback = cloudformation.update(
        created, sample_request(), changed_request(), old_wait_for_completion=True
    )

    # THEN the new job B was stopped, A is kept and runs on alone
    assert (update.status, update.physical_id) == ("FAILED", created)
    assert (rollback.status, rollback.physical_id) == ("SUCCESS", created), rollback.reason
    assert len(sagemaker.stopped) == 1 and sagemaker.stopped[0] != created
    assert sagemaker.live_jobs() in (
        {created: "InProgress"},
        {created: "InProgress", sagemaker.stopped[0]: "Stopping"},
    )


def test_a_replacement_refused_by_a_limit_keeps_the_old_job(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, created: str
) -> None:
    # GIVEN job A, and the account at its limit of concurrent tuning jobs
    sagemaker.fail("CreateHyperParameterTuningJob", "ResourceLimitExceeded", "limit of 100 jobs")

    # WHEN a replacing update arrives
    answer = cloudformation.update(created, changed_request(), sample_request())

    # THEN it fails with A's physical id (CloudFormation's rollback then keeps A), and A runs on alone
    assert (answer.status, answer.physical_id) == ("FAILED", created)
    assert "ResourceLimitExceeded: limit of 100 jobs" in answer.reason
    assert sagemaker.live_jobs() == {created: "InProgress"}
