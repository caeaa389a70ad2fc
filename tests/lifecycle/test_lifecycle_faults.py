"""Faults: throttling is retried by botocore; refusals fail with SageMaker's own words."""

from cdk_sagemaker_tuning._handler import index
import pytest
from cdk_sagemaker_tuning._handler import sagemaker_api
from cfn_events import cfn_event, xgboost_request
from cdk_sagemaker_tuning._handler.lifecycle import HandlerError

ACCESS_DENIED = (
    "User: arn:aws:sts::123456789012:assumed-role/XgboostTuningExample-HandlerRole/OnEvent is not authorized "
    "to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/XgboostTuningExample-TrainingRole"
)


def job_count(api):
    return len(api.client.list_hyper_parameter_tuning_jobs()["HyperParameterTuningJobSummaries"])


def test_the_client_retries_throttling_in_standard_mode():
    # The handler's client configuration is what makes botocore retry (Lambda runs the same code).
    assert sagemaker_api.CLIENT_CONFIG.retries == {"mode": "standard", "total_max_attempts": 5}


def test_throttled_create_is_retried_then_succeeds(moto_sagemaker, faults):
    # GIVEN SageMaker throttles the first attempt
    faults.fail("CreateHyperParameterTuningJob", "ThrottlingException", "Rate exceeded")

    # WHEN
    result = index.on_event(cfn_event("Create", xgboost_request()), None)

    # THEN botocore retried by itself and exactly one job exists
    assert faults.attempts["CreateHyperParameterTuningJob"] == 2
    assert faults.pending == 0
    assert job_count(moto_sagemaker) == 1
    assert result["PhysicalResourceId"] == result["Data"]["Name"]


def test_throttled_describe_during_delete_is_retried(moto_sagemaker, faults):
    faults.fail("DescribeHyperParameterTuningJob", "ThrottlingException", "Rate exceeded")
    faults.fail("DescribeHyperParameterTuningJob", "ThrottlingException", "Rate exceeded")
    event = cfn_event("Delete", xgboost_request(), physical_id="gone-job")
    assert index.on_event(event, None) == {"PhysicalResourceId": "gone-job"}
    assert faults.attempts["DescribeHyperParameterTuningJob"] == 3


def test_access_denied_fails_at_once_with_sagemakers_message(moto_sagemaker, faults):
    # GIVEN the handler may not pass the training role
    faults.fail("CreateHyperParameterTuningJob", "AccessDeniedException", ACCESS_DENIED)

    # WHEN / THEN the resource fails with SageMaker's own message, without retrying and without a job
    with pytest.raises(HandlerError) as raised:
        index.on_event(cfn_event("Create", xgboost_request()), None)
    assert "CreateHyperParameterTuningJob for '" in str(raised.value)
    assert f"AccessDeniedException: {ACCESS_DENIED}" in str(raised.value)
    assert faults.attempts["CreateHyperParameterTuningJob"] == 1
    assert job_count(moto_sagemaker) == 0


def test_validation_exception_fails_with_sagemakers_message(moto_sagemaker, faults):
    message = "The objective metric validation:auc is not defined for the algorithm image"
    faults.fail("CreateHyperParameterTuningJob", "ValidationException", message)
    with pytest.raises(HandlerError, match=f"ValidationException: {message}"):
        index.on_event(cfn_event("Create", xgboost_request()), None)
    assert faults.attempts["CreateHyperParameterTuningJob"] == 1
