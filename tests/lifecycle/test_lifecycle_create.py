"""Create: names, idempotent retries, adoption versus conflict, and what reaches SageMaker."""

import logging

from cdk_sagemaker_tuning._handler import index
from cdk_sagemaker_tuning._handler import lifecycle
from cdk_sagemaker_tuning._handler import naming
import pytest
from cfn_events import cfn_event, is_complete_event, xgboost_request
from cdk_sagemaker_tuning._handler.lifecycle import HandlerError


def job_names(api):
    return [
        job["HyperParameterTuningJobName"]
        for job in api.client.list_hyper_parameter_tuning_jobs()["HyperParameterTuningJobSummaries"]
    ]


def test_create_starts_one_job_with_a_generated_name_and_typed_request(moto_sagemaker):
    # GIVEN a create event without a job name
    event = cfn_event("Create", xgboost_request())

    # WHEN
    result = index.on_event(event, None)

    # THEN the physical id is a generated, valid job name and Data carries its ARN and name
    name = result["PhysicalResourceId"]
    assert naming.is_valid_name(name)
    assert name == naming.generated_name(event["StackId"], event["LogicalResourceId"], event["RequestId"])
    assert result["Data"] == {
        "Arn": f"arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/{name}",
        "Name": name,
    }
    assert job_names(moto_sagemaker) == [name]
    # SageMaker received numbers and booleans, not CloudFormation's strings
    job = moto_sagemaker.describe_tuning_job(name)
    assert job["HyperParameterTuningJobConfig"]["ResourceLimits"] == {
        "MaxNumberOfTrainingJobs": 20,
        "MaxParallelTrainingJobs": 3,
    }
    assert job["TrainingJobDefinition"]["EnableNetworkIsolation"] is True
    # and the job carries the user's tags plus the handler's ownership tags
    tags = moto_sagemaker.list_tags(result["Data"]["Arn"])
    assert tags["project"] == "xgboost-tuning-example"
    assert tags[lifecycle.REQUEST_ID_TAG] == event["RequestId"]


def test_create_uses_a_fixed_name(moto_sagemaker):
    result = index.on_event(
        cfn_event("Create", xgboost_request(HyperParameterTuningJobName="xgb-tuning-7")), None
    )
    assert result["PhysicalResourceId"] == "xgb-tuning-7"
    assert job_names(moto_sagemaker) == ["xgb-tuning-7"]


def test_retried_create_adopts_the_job_it_started(moto_sagemaker, faults):
    # GIVEN a create that already started its job (its answer was lost, so it is sent again)
    event = cfn_event("Create", xgboost_request())
    first = index.on_event(event, None)

    # WHEN the very same request arrives again
    second = index.on_event(event, None)

    # THEN SageMaker refused the duplicate (ResourceInUse) and the handler adopted the job: still one job
    assert faults.attempts["CreateHyperParameterTuningJob"] == 2
    assert second == first
    assert job_names(moto_sagemaker) == [first["PhysicalResourceId"]]


def test_retried_create_with_a_fixed_name_adopts_too(moto_sagemaker):
    event = cfn_event("Create", xgboost_request(HyperParameterTuningJobName="xgb-tuning-7"))
    assert index.on_event(event, None) == index.on_event(event, None)
    assert job_names(moto_sagemaker) == ["xgb-tuning-7"]


def test_create_conflicting_with_a_job_it_did_not_start_fails_clearly(moto_sagemaker):
    # GIVEN a job named xgb-tuning-7 started by an earlier create request (another stack, say)
    earlier = index.on_event(
        cfn_event("Create", xgboost_request(HyperParameterTuningJobName="xgb-tuning-7")), None
    )
    tags_before = moto_sagemaker.list_tags(earlier["Data"]["Arn"])

    # WHEN a different create request fixes the same name
    with pytest.raises(HandlerError) as raised:
        index.on_event(cfn_event("Create", xgboost_request(HyperParameterTuningJobName="xgb-tuning-7")), None)

    # THEN it fails with what to do, and the existing job is left as it was
    message = str(raised.value)
    assert (
        "A tuning job named 'xgb-tuning-7' already exists and was not started by this create request"
        in message
    )
    assert "set another HyperParameterTuningJobName, or drop it" in message
    assert moto_sagemaker.list_tags(earlier["Data"]["Arn"]) == tags_before


def test_create_conflicting_with_an_untagged_job_fails(moto_sagemaker):
    # GIVEN a job created outside CloudFormation, without the handler's tags
    request = lifecycle.plan_create(
        lifecycle.ResourceEvent.from_cfn(cfn_event("Create", xgboost_request()))
    ).params
    moto_sagemaker.client.create_hyper_parameter_tuning_job(
        **{**request, "HyperParameterTuningJobName": "by-hand", "Tags": [{"Key": "owner", "Value": "me"}]}
    )

    # WHEN / THEN
    with pytest.raises(HandlerError, match="'by-hand' already exists"):
        index.on_event(cfn_event("Create", xgboost_request(HyperParameterTuningJobName="by-hand")), None)


def test_create_with_a_badly_typed_field_fails_before_calling_sagemaker(moto_sagemaker, faults):
    request = xgboost_request()
    request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"] = "three"
    with pytest.raises(
        HandlerError,
        match=r"Request.HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs: expected an integer, got 'three'",
    ):
        index.on_event(cfn_event("Create", request), None)
    assert faults.attempts["CreateHyperParameterTuningJob"] == 0


def test_create_with_an_unknown_field_fails_with_botocores_report(moto_sagemaker):
    request = xgboost_request()
    request["TrainingJobDefinition"]["ResourceConfig"]["InstanceCnt"] = 1
    with pytest.raises(
        HandlerError,
        match=r"is not a valid CreateHyperParameterTuningJob request: "
        r'Unknown parameter in TrainingJobDefinition.ResourceConfig: "InstanceCnt"',
    ):
        index.on_event(cfn_event("Create", request), None)
    assert job_names(moto_sagemaker) == []


def test_create_without_waiting_is_complete_at_once_without_calling_sagemaker(stubbed):
    # GIVEN on_event started a job and WaitForCompletion is absent
    event = cfn_event("Create", xgboost_request())
    result = {"PhysicalResourceId": "XgboostT-XgboostTunin-0123456789", "Data": {"Arn": "arn", "Name": "n"}}

    # WHEN the Provider framework asks whether the create is complete
    answer = index.is_complete(is_complete_event(event, result), None)

    # THEN it is, and SageMaker was not asked anything (the Stubber had no answer queued)
    assert answer == {"IsComplete": True}
    stubbed.assert_no_pending_responses()


def test_one_structured_log_line_per_decision_without_the_request(moto_sagemaker, caplog):
    # GIVEN
    caplog.set_level(logging.INFO, logger="cdk_sagemaker_tuning")
    event = cfn_event("Create", xgboost_request())

    # WHEN
    index.on_event(event, None)
    index.on_event(event, None)

    # THEN one record per decision, with fields for the JSON log, and no part of the request in it
    records = [record for record in caplog.records if record.name == "cdk_sagemaker_tuning"]
    assert [record.decision for record in records] == ["created", "adopted"]
    assert all(record.request_id == event["RequestId"] for record in records)
    logged = " ".join(str(value) for record in records for value in vars(record).values())
    for secret_ish in ("binary:logistic", "role/XgboostTuningExample-TrainingRole", "s3://example-data"):
        assert secret_ish not in logged
