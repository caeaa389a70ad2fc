"""Issue 12's acceptance: the task sends the request SageMaker accepts, the same as the stack resource's.

The task's ``Parameters``, with its run-time values replaced by a sample run's, pass botocore's validation
of CreateHyperParameterTuningJob for every shared sample request; and a typed job declared as a stack
resource and as a task carries the same request (run-time values aside).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn
from botocore.validate import validate_parameters

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    ContinuousParameter,
    HyperParameterTuningJob,
    IntegerParameter,
    SageMakerCreateHyperParameterTuningJob,
    TrainingAlgorithm,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningObjective,
    WarmStart,
)
from tests.samples import ROLE_ARN, base_request, multi_request, xgboost_request
from tests.stepfunctions.sfn_task_support import new_stack, state_json, with_sample
from tests.support.api_model import input_shape

SAMPLE_RUN = {"JobName": "churn-2026-49", "Week": "2026-49", "Rounds": "120", "Parent": "churn-2026-48"}


def _definitions(request: dict[str, Any]) -> list[dict[str, Any]]:
    return request.get("TrainingJobDefinitions") or [request["TrainingJobDefinition"]]


def _with_runtime_values(request: dict[str, Any]) -> dict[str, Any]:
    """The sample request with a run-time job name, output prefix and static hyperparameter."""
    request = copy.deepcopy(request)
    request["HyperParameterTuningJobName"] = sfn.JsonPath.string_at("$.JobName")
    for definition in _definitions(request):
        definition["OutputDataConfig"]["S3OutputPath"] = (
            "s3://example-bucket/" + sfn.JsonPath.string_at("$.Week") + "/output"
        )
        definition["StaticHyperParameters"]["num_round"] = sfn.JsonPath.string_at("$.Rounds")
    return request


def _as_sent(request: dict[str, Any]) -> dict[str, Any]:
    """The sample request with the sample run's values where the task has run-time values."""
    request = copy.deepcopy(request)
    request["HyperParameterTuningJobName"] = SAMPLE_RUN["JobName"]
    for definition in _definitions(request):
        definition["OutputDataConfig"]["S3OutputPath"] = f"s3://example-bucket/{SAMPLE_RUN['Week']}/output"
        definition["StaticHyperParameters"]["num_round"] = SAMPLE_RUN["Rounds"]
    return request


@pytest.mark.parametrize("sample", [xgboost_request, base_request, multi_request])
@pytest.mark.parametrize("pattern", [sfn.IntegrationPattern.RUN_JOB, sfn.IntegrationPattern.REQUEST_RESPONSE])
def test_sample_requests_with_runtime_values_pass_botocore(
    sample: Callable[[], dict[str, Any]], pattern: sfn.IntegrationPattern
) -> None:
    # GIVEN a shared sample request whose job name, output prefix and a hyperparameter come from the input
    stack = new_stack()
    task = SageMakerCreateHyperParameterTuningJob.from_request(
        stack, "Tune", request=_with_runtime_values(sample()), integration_pattern=pattern
    )
    # WHEN Step Functions fills the task's Parameters from a sample run's input
    sent = with_sample(state_json(task)["Parameters"], SAMPLE_RUN)
    # THEN botocore's validation of CreateHyperParameterTuningJob accepts them
    validate_parameters(sent, input_shape())
    # AND they are the sample request itself, with the run's values
    assert sent == _as_sent(sample())


def _typed_props(stack: Stack, job_name: str, prefix: str, parent: str) -> dict[str, Any]:
    """The same typed props, with literal resources (an imported bucket and role) so both render alike."""
    bucket = s3.Bucket.from_bucket_name(stack, f"Bucket{len(stack.node.children)}", "example-bucket")
    role = iam.Role.from_role_arn(stack, f"Role{len(stack.node.children)}", ROLE_ARN, mutable=False)
    return {
        "tuning_job_name": job_name,
        "objective": TuningObjective.maximize("validation:auc"),
        "parameter_ranges": [IntegerParameter("max_depth", 3, 10), ContinuousParameter("eta", 0.1, 0.5)],
        "max_training_jobs": 8,
        "max_parallel_training_jobs": 2,
        "early_stopping": True,
        "warm_start": WarmStart.transfer_learning(parent),
        "training": TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            role=role,
            inputs=[
                TrainingInput.from_bucket(bucket, prefix, channel_name="train", content_type="text/csv"),
            ],
            output=TrainingOutput(bucket, "models/"),
            static_hyperparameters={"objective": "binary:logistic", "num_round": 100},
        ),
    }


def test_a_typed_job_carries_the_same_request_as_resource_and_as_task() -> None:
    # GIVEN the same typed props declared as a stack resource and as a task
    # (the task's name comes from the execution: a fixed one would fail on the second run)
    stack = new_stack()
    job = HyperParameterTuningJob(stack, "Job", **_typed_props(stack, "churn-1", "data/train/", "churn-0"))
    task = SageMakerCreateHyperParameterTuningJob(
        stack, "Tune", **_typed_props(stack, sfn.JsonPath.string_at("$.JobName"), "data/train/", "churn-0")
    )
    # WHEN both are rendered
    as_resource = stack.resolve(job.request)
    as_task = state_json(task)["Parameters"]
    # THEN they send the same request, the name aside
    assert as_task.pop("HyperParameterTuningJobName.$") == "$.JobName"
    assert as_resource.pop("HyperParameterTuningJobName") == "churn-1"
    assert as_task == as_resource
    validate_parameters({**as_task, "HyperParameterTuningJobName": "churn-1"}, input_shape())


def test_a_typed_task_with_runtime_values_sends_the_resource_request_with_the_runs_values() -> None:
    # GIVEN the task with the job name, an input prefix and the warm-start parent from the execution's input
    stack = new_stack()
    job = HyperParameterTuningJob(
        stack, "Job", **_typed_props(stack, "churn-2026-49", "data/2026-49/train/", "churn-2026-48")
    )
    task = SageMakerCreateHyperParameterTuningJob(
        stack,
        "Tune",
        **_typed_props(
            stack,
            sfn.JsonPath.string_at("$.JobName"),
            "data/" + sfn.JsonPath.string_at("$.Week") + "/train/",
            sfn.JsonPath.string_at("$.Parent"),
        ),
    )
    # WHEN a run fills them in
    sent = with_sample(state_json(task)["Parameters"], SAMPLE_RUN)
    # THEN the task sends what the resource declared with those values literally sends
    assert sent == stack.resolve(job.request)
