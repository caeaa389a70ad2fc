#!/usr/bin/env python3
"""Example: retrain every week from Step Functions, without redeploying.

An EventBridge Scheduler schedule starts a state machine every Monday at 03:00 UTC. The state machine
names the run, tunes XGBoost with ``SageMakerCreateHyperParameterTuningJob`` (``RUN_JOB``: it waits for
the tuning job), reads the best training job's model artifacts (``DescribeTrainingJob``), creates a model
and an endpoint configuration from them, and points the endpoint ``churn`` at it (creating the endpoint
on the first run). Every run's tuning job has its own name and writes its models under its own prefix.

Synthesize with ``npx cdk synth --app "python examples/retrain_on_schedule.py"``.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_scheduler as scheduler
from aws_cdk import aws_scheduler_targets as targets
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    ContinuousParameter,
    IntegerParameter,
    SageMakerCreateHyperParameterTuningJob,
    TrainingAlgorithm,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningObjective,
)
from cdk_sagemaker_tuning.grants.nag import acknowledge_iam5_resources

ENDPOINT_NAME = "churn"
#: Where the tuning task puts its result: DescribeHyperParameterTuningJob's output.
BEST_JOB = "$.Tuning.BestTrainingJob.TrainingJobName"


#: The example's region (any environment synthesizes: the tests also build it without one, and with an account).
US_EAST_1 = cdk.Environment(region="us-east-1")


def build_stack(
    scope: Construct, id: str = "RetrainOnScheduleExample", *, env: cdk.Environment | None = US_EAST_1
) -> cdk.Stack:
    """A data bucket, the weekly retraining state machine and the schedule that starts it."""
    stack = cdk.Stack(scope, id, env=env)
    access_logs = s3.Bucket(
        stack,
        "AccessLogs",
        encryption=s3.BucketEncryption.S3_MANAGED,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        enforce_ssl=True,
    )
    bucket = s3.Bucket(
        stack,
        "Data",
        encryption=s3.BucketEncryption.S3_MANAGED,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        enforce_ssl=True,
        server_access_logs_bucket=access_logs,
        server_access_logs_prefix="data-bucket/",
    )

    # A short id per run: the first group of a UUID (tuning job names are at most 32 characters).
    name_run = sfn.Pass(
        stack,
        "Name the run",
        parameters={
            "Id": sfn.JsonPath.array_get_item(sfn.JsonPath.string_split(sfn.JsonPath.uuid(), "-"), 0)
        },
        result_path="$.Run",
    )
    run_id = sfn.JsonPath.string_at("$.Run.Id")
    tune = SageMakerCreateHyperParameterTuningJob(
        stack,
        "Tune",
        tuning_job_name=sfn.JsonPath.format("churn-{}", run_id),
        integration_pattern=sfn.IntegrationPattern.RUN_JOB,
        result_path="$.Tuning",
        objective=TuningObjective.maximize("validation:auc"),
        parameter_ranges=[IntegerParameter("max_depth", 3, 10), ContinuousParameter("eta", 0.05, 0.5)],
        max_training_jobs=12,
        max_parallel_training_jobs=3,
        early_stopping=True,
        training=TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            inputs=[
                TrainingInput.from_bucket(
                    bucket, "data/train/", channel_name="train", content_type="text/csv"
                ),
                TrainingInput.from_bucket(
                    bucket, "data/validation/", channel_name="validation", content_type="text/csv"
                ),
            ],
            # models/<run id>/: the execution role may write models/*.
            output=TrainingOutput(bucket, "models/" + run_id + "/"),
            static_hyperparameters={"objective": "binary:logistic", "num_round": 100},
        ),
    )
    describe_best = tasks.CallAwsService(
        stack,
        "Describe the best training job",
        service="sagemaker",
        action="describeTrainingJob",
        parameters={"TrainingJobName": sfn.JsonPath.string_at(BEST_JOB)},
        # The training jobs of a tuning job are named after it: churn-<run id>-<n>-<suffix>.
        iam_resources=[
            stack.format_arn(service="sagemaker", resource="training-job", resource_name="churn-*")
        ],
        result_selector={
            "ModelDataUrl.$": "$.ModelArtifacts.S3ModelArtifacts",
            "Image.$": "$.AlgorithmSpecification.TrainingImage",
        },
        result_path="$.Best",
    )
    # The model only reads its artifacts; SageMaker pulls its built-in image itself.
    model_role = iam.Role(stack, "ModelRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    model_role.add_to_policy(
        iam.PolicyStatement(actions=["s3:GetObject"], resources=[bucket.arn_for_objects("models/*")])
    )
    # The model, the endpoint configuration and the best training job share a name, unique per run.
    best_name = sfn.JsonPath.string_at(BEST_JOB)
    create_model = tasks.SageMakerCreateModel(
        stack,
        "Create the model",
        model_name=best_name,
        # Without policy updates: the task would grant ECR and S3 reads on * for run-time locations.
        role=model_role.without_policy_updates(),
        primary_container=tasks.ContainerDefinition(
            image=tasks.DockerImage.from_json_expression(sfn.JsonPath.string_at("$.Best.Image")),
            model_s3_location=tasks.S3Location.from_json_expression("$.Best.ModelDataUrl"),
        ),
        result_path=sfn.JsonPath.DISCARD,
    )
    create_config = tasks.SageMakerCreateEndpointConfig(
        stack,
        "Create the endpoint configuration",
        endpoint_config_name=best_name,
        production_variants=[
            tasks.ProductionVariant(
                model_name=best_name,
                variant_name="AllTraffic",
                instance_type=ec2.InstanceType("m5.large"),
                initial_instance_count=1,
            )
        ],
        result_path=sfn.JsonPath.DISCARD,
    )
    update_endpoint = tasks.SageMakerUpdateEndpoint(
        stack, "Update the endpoint", endpoint_name=ENDPOINT_NAME, endpoint_config_name=best_name
    )
    create_endpoint = tasks.SageMakerCreateEndpoint(
        stack, "Create the endpoint", endpoint_name=ENDPOINT_NAME, endpoint_config_name=best_name
    )
    # The first run finds no endpoint to update: it creates it.
    update_endpoint.add_catch(
        create_endpoint, errors=["SageMaker.AmazonSageMakerException"], result_path="$.UpdateError"
    )

    machine = sfn.StateMachine(
        stack,
        "Retrain",
        definition_body=sfn.DefinitionBody.from_chainable(
            name_run.next(tune)
            .next(describe_best)
            .next(create_model)
            .next(create_config)
            .next(update_endpoint)
        ),
        timeout=cdk.Duration.days(2),
        tracing_enabled=True,
        logs=sfn.LogOptions(
            destination=logs.LogGroup(stack, "RetrainLogs", retention=logs.RetentionDays.ONE_MONTH),
            level=sfn.LogLevel.ALL,
        ),
    )
    scheduler.Schedule(
        stack,
        "Weekly",
        schedule=scheduler.ScheduleExpression.cron(minute="0", hour="3", week_day="MON"),
        target=targets.StepFunctionsStartExecution(machine),
        description="Retrain the churn model every Monday",
    )
    _acknowledge_findings(stack, tune, machine, model_role, bucket)
    return stack


def _acknowledge_findings(
    stack: cdk.Stack,
    tune: SageMakerCreateHyperParameterTuningJob,
    machine: sfn.StateMachine,
    model_role: iam.Role,
    bucket: s3.Bucket,
) -> None:
    """The cdk-nag findings that are by design here, each with its reason."""
    tune.acknowledge_nag_findings(machine)
    acknowledge_iam5_resources(
        machine.role,
        "Each run's training jobs are named after its tuning job (churn-<run id>-...), known only at run time.",
        stack.format_arn(service="sagemaker", resource="training-job", resource_name="churn-*"),
    )
    for resource in ("model", "endpoint-config", "endpoint"):
        acknowledge_iam5_resources(
            machine.role,
            "aws-cdk-lib's SageMaker tasks grant on the resource's ARN prefix when its name (here the best "
            "training job's, unique per run) is known only at run time.",
            stack.format_arn(service="sagemaker", resource=resource, resource_name="*"),
        )
    acknowledge_iam5_resources(
        model_role,
        "The model reads its artifacts under models/, where each run writes them under its own prefix.",
        bucket.arn_for_objects("models/*"),
    )


if __name__ == "__main__":
    app = cdk.App()
    build_stack(app)
    app.synth()
