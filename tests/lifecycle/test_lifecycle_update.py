"""Update: replacement on a changed request, tags in place, fixed names, rollbacks, option-only changes."""

from cdk_sagemaker_tuning._handler import index
from cdk_sagemaker_tuning._handler import lifecycle
import pytest
from cfn_events import cfn_event, is_complete_event, xgboost_request
from cdk_sagemaker_tuning._handler.lifecycle import HandlerError
from sagemaker_doubles import create_moto_training_job, describe_response, job_arn


def job_names(api):
    summaries = api.client.list_hyper_parameter_tuning_jobs()["HyperParameterTuningJobSummaries"]
    return sorted(job["HyperParameterTuningJobName"] for job in summaries)


def more_training_jobs(**overrides):
    request = xgboost_request(**overrides)
    request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxNumberOfTrainingJobs"] = 40
    return request


@pytest.fixture
def created(moto_sagemaker):
    """A job created by a first deployment: (its request, on_event's result)."""
    request = xgboost_request()
    return request, index.on_event(cfn_event("Create", request), None)


def test_changed_request_creates_a_new_job_and_a_new_physical_id(moto_sagemaker, created):
    # GIVEN
    old_request, old = created

    # WHEN the request changes
    result = index.on_event(
        cfn_event(
            "Update", more_training_jobs(), physical_id=old["PhysicalResourceId"], old_request=old_request
        ),
        None,
    )

    # THEN a new job exists under a new name; the old one is left for CloudFormation's clean-up (Delete)
    assert result["PhysicalResourceId"] != old["PhysicalResourceId"]
    assert job_names(moto_sagemaker) == sorted([old["PhysicalResourceId"], result["PhysicalResourceId"]])
    new_job = moto_sagemaker.describe_tuning_job(result["PhysicalResourceId"])
    assert new_job["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxNumberOfTrainingJobs"] == 40


def test_tag_only_change_is_applied_in_place(moto_sagemaker, created):
    # GIVEN
    old_request, old = created
    new_request = xgboost_request(
        Tags=[{"Key": "project", "Value": "renamed"}, {"Key": "team", "Value": "ml"}]
    )
    arn = old["Data"]["Arn"]
    moto_sagemaker.add_tags(arn, [{"Key": "added-by-hand", "Value": "keep-me"}])

    # WHEN only the tags change
    result = index.on_event(
        cfn_event("Update", new_request, physical_id=old["PhysicalResourceId"], old_request=old_request), None
    )

    # THEN the same job, with the new tags; the handler's and hand-made tags stay
    assert result == old
    assert job_names(moto_sagemaker) == [old["PhysicalResourceId"]]
    tags = moto_sagemaker.list_tags(arn)
    assert tags["project"] == "renamed"
    assert tags["team"] == "ml"
    assert tags["added-by-hand"] == "keep-me"
    assert lifecycle.REQUEST_ID_TAG in tags
    assert lifecycle.FINGERPRINT_TAG in tags


def test_removing_a_tag_deletes_it_in_place(moto_sagemaker, created):
    old_request, old = created
    index.on_event(
        cfn_event(
            "Update", xgboost_request(Tags=[]), physical_id=old["PhysicalResourceId"], old_request=old_request
        ),
        None,
    )
    assert "project" not in moto_sagemaker.list_tags(old["Data"]["Arn"])


def test_fixed_name_with_a_changed_request_fails_with_what_to_do(moto_sagemaker):
    # GIVEN a job whose name the user fixed
    old_request = xgboost_request(HyperParameterTuningJobName="xgb-tuning-7")
    index.on_event(cfn_event("Create", old_request), None)

    # WHEN the request changes but the name does not
    with pytest.raises(HandlerError) as raised:
        index.on_event(
            cfn_event(
                "Update",
                more_training_jobs(HyperParameterTuningJobName="xgb-tuning-7"),
                physical_id="xgb-tuning-7",
                old_request=old_request,
            ),
            None,
        )

    # THEN the update fails saying how to proceed, and no second job was attempted
    assert "Change HyperParameterTuningJobName, or drop it to have a unique name generated" in str(
        raised.value
    )
    assert job_names(moto_sagemaker) == ["xgb-tuning-7"]


def test_rolled_back_update_leaves_the_old_job_untouched(moto_sagemaker):
    # GIVEN an update that failed (fixed name, changed request), so CloudFormation rolls back by sending the
    # old properties as the new ones to the old physical id
    original = xgboost_request(HyperParameterTuningJobName="xgb-tuning-7")
    created = index.on_event(cfn_event("Create", original), None)
    tags_before = moto_sagemaker.list_tags(created["Data"]["Arn"])
    failed = more_training_jobs(HyperParameterTuningJobName="xgb-tuning-7")

    # WHEN
    result = index.on_event(
        cfn_event("Update", original, physical_id="xgb-tuning-7", old_request=failed), None
    )

    # THEN the old job is kept as it was
    assert result["PhysicalResourceId"] == "xgb-tuning-7"
    assert job_names(moto_sagemaker) == ["xgb-tuning-7"]
    assert moto_sagemaker.list_tags(created["Data"]["Arn"]) == tags_before


def test_rollback_of_a_replacement_keeps_the_job_that_matches(moto_sagemaker, created):
    # GIVEN a generated-name job and a later update that CloudFormation rolls back to the same properties
    original, old = created

    # WHEN the rollback update arrives for the old physical id (old properties = the abandoned ones)
    result = index.on_event(
        cfn_event(
            "Update", original, physical_id=old["PhysicalResourceId"], old_request=more_training_jobs()
        ),
        None,
    )

    # THEN no new job: the job already matches the request (the digest tagged on it says so)
    assert result["PhysicalResourceId"] == old["PhysicalResourceId"]
    assert job_names(moto_sagemaker) == [old["PhysicalResourceId"]]


@pytest.mark.parametrize("option", ["wait_for_completion", "delete_job_record"])
def test_changing_only_an_option_keeps_the_job(moto_sagemaker, created, option):
    original, old = created
    result = index.on_event(
        cfn_event(
            "Update", original, physical_id=old["PhysicalResourceId"], old_request=original, **{option: True}
        ),
        None,
    )
    assert result == old
    assert job_names(moto_sagemaker) == [old["PhysicalResourceId"]]


def test_turning_on_wait_for_completion_waits_for_the_existing_job(moto_sagemaker, created):
    # GIVEN an existing job (moto completes jobs at once) and its best training job
    original, old = created
    create_moto_training_job(moto_sagemaker, "FakeTrainingJobName", "s3://example-data/output")
    event = cfn_event(
        "Update",
        original,
        physical_id=old["PhysicalResourceId"],
        old_request=original,
        wait_for_completion=True,
    )

    # WHEN the update turns WaitForCompletion on
    result = index.on_event(event, None)
    answer = index.is_complete(is_complete_event(event, result), None)

    # THEN the same job is awaited and its best-job attributes are returned
    assert result["PhysicalResourceId"] == old["PhysicalResourceId"]
    assert answer["IsComplete"] is True
    assert answer["Data"]["BestTrainingJobName"] == "FakeTrainingJobName"
    assert (
        answer["Data"]["BestModelArtifacts"]
        == "s3://example-data/output/FakeTrainingJobName/output/model.tar.gz"
    )


def test_rollback_of_a_replacement_sent_to_the_new_job_returns_to_the_original(moto_sagemaker, created):
    # GIVEN job A and an update that replaced it with job B (a later resource then failed)
    original, a = created
    changed = more_training_jobs()
    b = index.on_event(
        cfn_event("Update", changed, physical_id=a["PhysicalResourceId"], old_request=original), None
    )
    assert b["PhysicalResourceId"] != a["PhysicalResourceId"]

    # WHEN CloudFormation rolls back: an Update to B's physical id with A's properties as the new ones
    result = index.on_event(
        cfn_event("Update", original, physical_id=b["PhysicalResourceId"], old_request=changed), None
    )

    # THEN the physical id goes back to A (CloudFormation's clean-up then deletes B) and no third job starts
    assert result == {"PhysicalResourceId": a["PhysicalResourceId"], "Data": a["Data"]}
    assert job_names(moto_sagemaker) == sorted([a["PhysicalResourceId"], b["PhysicalResourceId"]])


def test_replacement_records_the_job_it_replaces(moto_sagemaker, created):
    # GIVEN job A
    original, a = created

    # WHEN an update replaces it
    b = index.on_event(
        cfn_event("Update", more_training_jobs(), physical_id=a["PhysicalResourceId"], old_request=original),
        None,
    )

    # THEN the new job names the job it replaces, which a rollback needs to find its way back
    assert moto_sagemaker.list_tags(b["Data"]["Arn"])[lifecycle.REPLACES_TAG] == a["PhysicalResourceId"]
    assert lifecycle.REPLACES_TAG not in moto_sagemaker.list_tags(a["Data"]["Arn"])


def test_update_of_a_replacement_whose_original_is_gone_creates_a_new_job(moto_sagemaker, created):
    # GIVEN A replaced by B, and A's record since deleted (a completed deployment's clean-up)
    original, a = created
    changed = more_training_jobs()
    b = index.on_event(
        cfn_event("Update", changed, physical_id=a["PhysicalResourceId"], old_request=original), None
    )
    moto_sagemaker.delete_tuning_job(a["PhysicalResourceId"])

    # WHEN a later update asks for A's request again
    result = index.on_event(
        cfn_event("Update", original, physical_id=b["PhysicalResourceId"], old_request=changed), None
    )

    # THEN a new job is created, since there is no job to return to
    assert result["PhysicalResourceId"] not in (a["PhysicalResourceId"], b["PhysicalResourceId"])
    assert job_names(moto_sagemaker) == sorted([b["PhysicalResourceId"], result["PhysicalResourceId"]])


def test_a_later_update_back_to_a_stopped_replaced_job_creates_a_new_one(stubbed):
    # GIVEN job A replaced by job B in a completed update, whose clean-up stopped A (its record kept)
    original, changed = xgboost_request(), more_training_jobs()
    event = cfn_event("Update", original, physical_id="job-b", old_request=changed)
    asked_for = lifecycle.fingerprint(lifecycle.ResourceEvent.from_cfn(event).request)
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response("job-b", "InProgress"))
    stubbed.add_response(
        "list_tags",
        {
            "Tags": [
                {"Key": lifecycle.FINGERPRINT_TAG, "Value": "b"},
                {"Key": lifecycle.REPLACES_TAG, "Value": "job-a"},
            ]
        },
    )
    stubbed.add_response(
        "describe_hyper_parameter_tuning_job",
        describe_response("job-a", "Stopped"),
        {"HyperParameterTuningJobName": "job-a"},
    )
    stubbed.add_response("list_tags", {"Tags": [{"Key": lifecycle.FINGERPRINT_TAG, "Value": asked_for}]})
    stubbed.add_response(
        "create_hyper_parameter_tuning_job", {"HyperParameterTuningJobArn": job_arn("job-c")}
    )

    # WHEN a later deployment asks for A's request again
    result = index.on_event(event, None)

    # THEN a new job runs it, rather than the stopped A
    assert result["PhysicalResourceId"] not in ("job-a", "job-b")
    stubbed.assert_no_pending_responses()
