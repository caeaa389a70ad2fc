#!/usr/bin/env python3
"""Example: tune XGBoost, wait for the tuning job to complete, and deploy-ready its best model.

``wait=TuningJobWait.within_event()`` makes the deployment wait (up to about 47 minutes of CloudFormation's one hour per event) until
the tuning job has completed; ``job.best_model_artifacts`` is then the S3 URI of the best training job's
model, usable like any other attribute in the same stack. Here it becomes an ``aws_sagemaker.CfnModel``.
For jobs that run longer, ``examples/tune_and_deploy.py`` waits up to 8 hours with ``TuningJobWait``.

Synthesize with ``npx cdk synth --app "python examples/best_model.py"``.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct

from cdk_sagemaker_tuning import HyperParameterTuningJob, TuningJobWait

# SageMaker's built-in XGBoost (sagemaker-xgboost 1.7-1) in us-east-1, from the SageMaker Python SDK's
# image_uri_config/xgboost.json. The stack is pinned to that region to keep the example short; app.py
# shows the region-agnostic mapping.
XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"


#: The example's region: the image above is us-east-1's (any environment synthesizes).
US_EAST_1 = cdk.Environment(region="us-east-1")


def build_stack(
    scope: Construct, id: str = "BestModelExample", *, env: cdk.Environment | None = US_EAST_1
) -> cdk.Stack:
    """A stack with a data bucket, a tuning job awaited to completion and a model of its best job."""
    stack = cdk.Stack(scope, id, env=env)
    bucket = s3.Bucket(
        stack,
        "Data",
        encryption=s3.BucketEncryption.S3_MANAGED,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        enforce_ssl=True,
    )
    training_role = iam.Role(
        stack, "TrainingRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com")
    )
    bucket.grant_read(training_role, "data/*")
    bucket.grant_put(training_role, "output/*")

    job = HyperParameterTuningJob.from_request(
        stack,
        "Tuning",
        wait=TuningJobWait.within_event(),
        request={
            "HyperParameterTuningJobConfig": {
                "Strategy": "Bayesian",
                "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
                "ResourceLimits": {"MaxNumberOfTrainingJobs": 6, "MaxParallelTrainingJobs": 2},
                "ParameterRanges": {
                    "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "2", "MaxValue": "8"}],
                    "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.05", "MaxValue": "0.5"}],
                },
            },
            "TrainingJobDefinition": {
                "AlgorithmSpecification": {"TrainingImage": XGBOOST_IMAGE, "TrainingInputMode": "File"},
                "RoleArn": training_role.role_arn,
                "StaticHyperParameters": {
                    "objective": "binary:logistic",
                    "eval_metric": "auc",
                    "num_round": "50",
                },
                "InputDataConfig": [
                    {
                        "ChannelName": channel,
                        "ContentType": "text/csv",
                        "DataSource": {
                            "S3DataSource": {
                                "S3DataType": "S3Prefix",
                                "S3Uri": bucket.s3_url_for_object(f"data/{channel}"),
                            }
                        },
                    }
                    for channel in ("train", "validation")
                ],
                "OutputDataConfig": {"S3OutputPath": bucket.s3_url_for_object("output")},
                "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
                # Short training jobs: the whole tuning job must finish within the one-hour wait.
                "StoppingCondition": {"MaxRuntimeInSeconds": 900},
            },
        },
    )

    # The model serves the best training job's artifacts; its role may read only the tuning output.
    model_role = iam.Role(stack, "ModelRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    bucket.grant_read(model_role, "output/*")
    model = sagemaker.CfnModel(
        stack,
        "BestModel",
        execution_role_arn=model_role.role_arn,
        primary_container=sagemaker.CfnModel.ContainerDefinitionProperty(
            image=XGBOOST_IMAGE,
            model_data_url=job.best_model_artifacts,
        ),
    )
    model.node.add_dependency(model_role)
    cdk.CfnOutput(stack, "BestTrainingJob", value=job.best_training_job_name)
    cdk.CfnOutput(stack, "BestObjectiveValue", value=job.best_objective_value)
    cdk.CfnOutput(stack, "ModelName", value=model.attr_model_name)
    return stack


if __name__ == "__main__":
    app = cdk.App()
    build_stack(app)
    app.synth()
