#!/usr/bin/env python3
"""Example: tune SageMaker's built-in XGBoost on data in a bucket of the same stack.

Synthesizes offline (``make synth``); deploy it with ``npx cdk deploy`` after uploading
``train/`` and ``validation/`` CSV files under the bucket's ``data/`` prefix.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

from cdk_sagemaker_tuning import BuiltInAlgorithm, HyperParameterTuningJob, builtin_image_uri


class XgboostTuningStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, **kwargs: object) -> None:
        super().__init__(scope, id, **kwargs)

        bucket = s3.Bucket(
            self,
            "Data",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            versioned=True,
        )
        role = iam.Role(
            self,
            "TrainingRole",
            assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"),
            description="Execution role of the XGBoost tuning job's training jobs",
        )
        bucket.grant_read(role, "data/*")
        bucket.grant_put(role, "output/*")
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[
                    self.format_arn(
                        service="logs",
                        resource="log-group",
                        resource_name="/aws/sagemaker/TrainingJobs:*",
                        arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME,
                    )
                ],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["cloudwatch:PutMetricData"],
                resources=["*"],
                conditions={"StringEquals": {"cloudwatch:namespace": "/aws/sagemaker/TrainingJobs"}},
            )
        )

        # The built-in image for the deploy region: a stack-level mapping keeps the stack region-agnostic.
        image = builtin_image_uri(self, BuiltInAlgorithm.XGBOOST, "1.7-1")

        HyperParameterTuningJob.from_request(
            self,
            "XgboostTuning",
            request={
                "HyperParameterTuningJobConfig": {
                    "Strategy": "Bayesian",
                    "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
                    "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 3},
                    "ParameterRanges": {
                        "ContinuousParameterRanges": [
                            {"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5", "ScalingType": "Auto"},
                            {
                                "Name": "min_child_weight",
                                "MinValue": "1",
                                "MaxValue": "10",
                                "ScalingType": "Auto",
                            },
                            {"Name": "alpha", "MinValue": "0", "MaxValue": "2", "ScalingType": "Auto"},
                        ],
                        "IntegerParameterRanges": [
                            {"Name": "max_depth", "MinValue": "1", "MaxValue": "10", "ScalingType": "Auto"}
                        ],
                    },
                    "TrainingJobEarlyStoppingType": "Auto",
                },
                "TrainingJobDefinition": {
                    "AlgorithmSpecification": {"TrainingImage": image, "TrainingInputMode": "File"},
                    "RoleArn": role.role_arn,
                    "StaticHyperParameters": {
                        "eval_metric": "auc",
                        "num_round": "100",
                        "objective": "binary:logistic",
                    },
                    "InputDataConfig": [
                        {
                            "ChannelName": channel,
                            "ContentType": "text/csv",
                            "CompressionType": "None",
                            "DataSource": {
                                "S3DataSource": {
                                    "S3DataType": "S3Prefix",
                                    "S3Uri": bucket.s3_url_for_object(f"data/{channel}"),
                                    "S3DataDistributionType": "FullyReplicated",
                                }
                            },
                        }
                        for channel in ("train", "validation")
                    ],
                    "OutputDataConfig": {"S3OutputPath": bucket.s3_url_for_object("output")},
                    "ResourceConfig": {
                        "InstanceType": "ml.m5.xlarge",
                        "InstanceCount": 1,
                        "VolumeSizeInGB": 10,
                    },
                    "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
                },
                "Tags": [{"Key": "project", "Value": "xgboost-tuning-example"}],
            },
        )


if __name__ == "__main__":
    app = cdk.App()
    XgboostTuningStack(app, "XgboostTuningExample")
    app.synth()
