"""Wait for completion: Completed gives the best-job attributes, Failed and Stopped fail at once."""

import json
from datetime import UTC, datetime, timedelta

from cdk_sagemaker_tuning._handler import index
import pytest
from cfn_events import cfn_event, is_complete_event, xgboost_request
from cdk_sagemaker_tuning._handler.lifecycle import HandlerError
from sagemaker_doubles import create_moto_training_job, describe_response, job_arn

NAME = "XgboostT-XgboostTunin-0123456789"
BY_NAME = {"HyperParameterTuningJobName": NAME}
BEST_JOB = "XgboostT-XgboostTunin-0123456789-017-1a2b3c4d"
BEST = {
    "TrainingJobName": BEST_JOB,
    "TrainingJobArn": f"arn:aws:sagemaker:us-east-1:123456789012:training-job/{BEST_JOB}",
    "CreationTime": "2026-11-27T18:10:00Z",
    "TrainingJobStatus": "Completed",
    "TunedHyperParameters": {"eta": "0.21", "max_depth": "6"},
    "FinalHyperParameterTuningJobObjectiveMetric": {
        "Type": "Maximize",
        "MetricName": "validation:auc",
        "Value": 0.9312,
    },
}


def waiting_event():
    event = cfn_event("Create", xgboost_request(), wait_for_completion=True)
    return is_complete_event(
        event, {"PhysicalResourceId": NAME, "Data": {"Arn": job_arn(NAME), "Name": NAME}}
    )


def test_create_waits_until_completed_and_returns_the_best_job_on_moto(moto_sagemaker):
    # GIVEN a create that waits for completion (moto completes jobs at once) and its best training job
    event = cfn_event("Create", xgboost_request(), wait_for_completion=True)
    create_moto_training_job(moto_sagemaker, "FakeTrainingJobName", "s3://example-data/output")

    # WHEN
    result = index.on_event(event, None)
    answer = index.is_complete(is_complete_event(event, result), None)

    # THEN
    name = result["PhysicalResourceId"]
    assert answer == {
        "IsComplete": True,
        "Data": {
            "Arn": result["Data"]["Arn"],
            "Name": name,
            "BestTrainingJobName": "FakeTrainingJobName",
            "BestObjectiveValue": "1.0",
            "BestModelArtifacts": "s3://example-data/output/FakeTrainingJobName/output/model.tar.gz",
        },
    }
    assert len(json.dumps(answer["Data"]).encode()) < 4096


def test_create_waits_through_in_progress(stubbed):
    # GIVEN a job that is still running at the first poll
    stubbed.add_response(
        "describe_hyper_parameter_tuning_job", describe_response(NAME, "InProgress"), BY_NAME
    )
    stubbed.add_response(
        "describe_hyper_parameter_tuning_job",
        describe_response(NAME, "Completed", BestTrainingJob=BEST),
        BY_NAME,
    )
    stubbed.add_response(
        "describe_training_job",
        {
            "TrainingJobName": BEST_JOB,
            "TrainingJobArn": BEST["TrainingJobArn"],
            "ModelArtifacts": {
                "S3ModelArtifacts": f"s3://example-data/output/{BEST_JOB}/output/model.tar.gz"
            },
            "TrainingJobStatus": "Completed",
            "SecondaryStatus": "Completed",
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
            "CreationTime": "2026-11-27T18:10:00Z",
        },
        {"TrainingJobName": BEST_JOB},
    )

    # WHEN the Provider framework polls twice
    first = index.is_complete(waiting_event(), None)
    second = index.is_complete(waiting_event(), None)

    # THEN not complete (and no Data, which the framework refuses then), then complete with the best job
    assert first == {"IsComplete": False}
    assert second["IsComplete"] is True
    assert second["Data"]["BestTrainingJobName"] == BEST_JOB
    assert second["Data"]["BestObjectiveValue"] == "0.9312"
    assert second["Data"]["BestModelArtifacts"] == f"s3://example-data/output/{BEST_JOB}/output/model.tar.gz"
    stubbed.assert_no_pending_responses()


def test_a_failed_job_fails_the_deployment_with_sagemakers_reason(stubbed):
    stubbed.add_response(
        "describe_hyper_parameter_tuning_job",
        describe_response(
            NAME, "Failed", FailureReason="All training jobs failed. ClientError: Data download failed"
        ),
        BY_NAME,
    )
    with pytest.raises(
        HandlerError,
        match=f"Tuning job '{NAME}' failed: All training jobs failed. ClientError: Data download failed",
    ):
        index.is_complete(waiting_event(), None)
    stubbed.assert_no_pending_responses()


@pytest.mark.parametrize("status", ["Stopped", "Stopping"])
def test_a_stopped_job_fails_the_deployment(stubbed, status):
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response(NAME, status), BY_NAME)
    with pytest.raises(HandlerError, match=f"Tuning job '{NAME}' was stopped before it completed"):
        index.is_complete(waiting_event(), None)
    stubbed.assert_no_pending_responses()


def test_a_replacing_update_waits_for_the_new_job(stubbed):
    # GIVEN an update whose on_event created a new job (new physical id)
    event = cfn_event(
        "Update",
        xgboost_request(),
        physical_id="old-job",
        old_request=xgboost_request(Tags=[]),
        wait_for_completion=True,
    )
    event = is_complete_event(event, {"PhysicalResourceId": NAME})
    stubbed.add_response(
        "describe_hyper_parameter_tuning_job", describe_response(NAME, "InProgress"), BY_NAME
    )

    # WHEN / THEN the poll asks about the new job, not the old one
    assert index.is_complete(event, None) == {"IsComplete": False}
    stubbed.assert_no_pending_responses()


def test_a_job_still_running_near_the_end_of_the_wait_budget_is_stopped(stubbed, monkeypatch):
    # GIVEN a wait budget of 55 minutes and a job created two hours ago that is still running
    monkeypatch.setenv("WAIT_BUDGET_SECONDS", "3300")
    started = datetime.now(UTC) - timedelta(hours=2)
    stubbed.add_response(
        "describe_hyper_parameter_tuning_job",
        describe_response(NAME, "InProgress", CreationTime=started),
        BY_NAME,
    )
    stubbed.add_response("stop_hyper_parameter_tuning_job", {}, {"HyperParameterTuningJobName": NAME})

    # WHEN the Provider framework polls for completion
    with pytest.raises(HandlerError) as raised:
        index.is_complete(waiting_event(), None)

    # THEN the job is stopped (not left running after the framework's timeout) and the reason says why
    stubbed.assert_no_pending_responses()
    message = str(raised.value)
    assert f"Tuning job '{NAME}' did not complete within the deployment's one-hour budget" in message
    assert "was stopped" in message
    assert "wait_for_completion" in message


def test_a_running_job_within_the_wait_budget_is_awaited(stubbed, monkeypatch):
    # GIVEN a job created ten minutes ago, within a 55-minute budget
    monkeypatch.setenv("WAIT_BUDGET_SECONDS", "3300")
    started = datetime.now(UTC) - timedelta(minutes=10)
    stubbed.add_response(
        "describe_hyper_parameter_tuning_job",
        describe_response(NAME, "InProgress", CreationTime=started),
        BY_NAME,
    )

    # WHEN / THEN it is still awaited, and nothing is stopped (the Stubber would refuse a Stop)
    assert index.is_complete(waiting_event(), None) == {"IsComplete": False}
    stubbed.assert_no_pending_responses()
