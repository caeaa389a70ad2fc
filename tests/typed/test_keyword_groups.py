"""The shared keyword groups (TypedDicts accepted flat with ``**options: Unpack[...]``): declared once, used by
every entry point, and as strict as explicit keyword arguments."""

from __future__ import annotations

import typing

import pytest
from aws_cdk import App, Duration, Environment, Stack
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    ChannelOptions,
    HyperParameterTuningJob,
    IntegerParameter,
    SageMakerCreateHyperParameterTuningJob,
    TrainingAlgorithm,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningJobLifecycleOptions,
    TuningJobOptions,
    TuningObjective,
    TuningTaskStateOptions,
)
from tests.samples import ROLE_ARN, typed_job, xgboost_request


def new_stack() -> Stack:
    return Stack(App(), "Groups", env=Environment(account="123456789012", region="us-east-1"))


def test_the_job_and_the_task_render_the_same_job_level_config_from_the_same_flat_keywords():
    # GIVEN the same job-level keywords, given flat to the construct and to the task
    options = {
        "objective": TuningObjective.maximize("validation:auc"),
        "parameter_ranges": [IntegerParameter("max_depth", 3, 10)],
        "max_training_jobs": 4,
        "max_parallel_training_jobs": 3,
        "max_runtime": Duration.hours(2),
        "random_seed": 7,
    }
    stack = new_stack()
    job = typed_job(stack, **options)
    task = SageMakerCreateHyperParameterTuningJob(
        stack,
        "Task",
        tuning_job_name=sfn.JsonPath.string_at("$.JobName"),
        training=_definition(stack),
        **options,
    )
    # WHEN both render
    job_config = stack.resolve(job.request)["HyperParameterTuningJobConfig"]
    task_config = stack.resolve(task.request)["HyperParameterTuningJobConfig"]
    # THEN the config is the same, and the keywords landed where the API wants them
    assert job_config == task_config
    assert job_config["ResourceLimits"] == {
        "MaxNumberOfTrainingJobs": 4,
        "MaxParallelTrainingJobs": 3,
        "MaxRuntimeInSeconds": 7200,
    }
    assert job_config["RandomSeed"] == 7


def _definition(stack: Stack) -> TrainingJobDefinition:  # the definition typed_job uses, for the task
    bucket = s3.Bucket.from_bucket_name(stack, "TaskBucket", "example-bucket")
    return TrainingJobDefinition(
        algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
        output=TrainingOutput(bucket, "output/"),
        static_hyperparameters={"objective": "binary:logistic", "num_round": 50},
    )


@pytest.mark.parametrize(
    "declare",
    [
        pytest.param(lambda stack: typed_job(stack, max_paralel_training_jobs=3), id="construct"),
        pytest.param(
            lambda stack: HyperParameterTuningJob.from_request(
                stack, "Raw", request=xgboost_request(ROLE_ARN), wait_for_complete=True
            ),
            id="from_request",
        ),
        pytest.param(
            lambda stack: SageMakerCreateHyperParameterTuningJob(
                stack, "Task", tuning_job_name="x", training=_definition(stack), removal_policy=None
            ),
            id="task (a construct-only keyword)",
        ),
        pytest.param(
            lambda stack: SageMakerCreateHyperParameterTuningJob.from_request(
                stack, "Task", request=xgboost_request(ROLE_ARN), max_training_jobs=3
            ),
            id="task from_request (a typed-only keyword)",
        ),
        pytest.param(
            lambda stack: TrainingInput.from_bucket(
                s3.Bucket.from_bucket_name(stack, "B", "example-bucket"), channel_name="train", shufle_seed=3
            ),
            id="channel factory",
        ),
        pytest.param(lambda stack: typed_job(stack).on_failed("Failed", rule="x"), id="on_failed"),
        pytest.param(lambda stack: typed_job(stack).on_state_change("Any", targets=[]), id="on_state_change"),
        pytest.param(
            lambda stack: TrainingJobDefinition(
                algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
                output=TrainingOutput(s3.Bucket.from_bucket_name(stack, "B", "example-bucket")),
                instance_typ="ml.m5.xlarge",
            ),
            id="training definition",
        ),
        pytest.param(
            lambda stack: TrainingAlgorithm.from_image_uri(
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/t:1", mode=1
            ),
            id="algorithm factory",
        ),
    ],
)
def test_an_unknown_keyword_is_a_type_error_naming_it(declare):
    with pytest.raises(TypeError, match="got an unexpected keyword argument"):
        declare(new_stack())


def test_the_task_state_options_are_the_tasks_own_and_include_the_integration_pattern():
    keys = set(typing.get_type_hints(TuningTaskStateOptions))
    assert "integration_pattern" in keys
    assert keys.isdisjoint(typing.get_type_hints(TuningJobOptions))
    assert set(typing.get_type_hints(TuningJobLifecycleOptions)).isdisjoint(keys)
    assert set(typing.get_type_hints(ChannelOptions)) == {
        "content_type",
        "compression",
        "record_wrapper",
        "input_mode",
        "shuffle_seed",
    }
    assert sfn.IntegrationPattern.RUN_JOB  # the type the group names
