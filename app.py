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
from cdk_sagemaker_tuning.grants.nag import acknowledge as acknowledge_findings
from cdk_sagemaker_tuning.grants.nag import acknowledge_iam5_resources


def acknowledge(scope: Construct, reason: str, *rule_ids: str) -> None:
    """Acknowledge cdk-nag (AwsSolutions) findings on ``scope`` and its children, with the reason."""
    # Through the library's helper, which leaves out on aws-cdk-lib < 2.269 the ids CDK cannot express there.
    acknowledge_findings(scope, ((f"AwsSolutions::{rule_id}", reason) for rule_id in rule_ids))


class XgboostTuningStack(cdk.Stack):
    def __init__(self, scope: Construct, id: str, **kwargs: object) -> None:
        super().__init__(scope, id, **kwargs)

        access_logs = s3.Bucket(
            self,
            "AccessLogs",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            lifecycle_rules=[s3.LifecycleRule(expiration=cdk.Duration.days(90))],
        )
        # cdk-nag's S1 (server access logs) does not apply to the bucket that receives them.
        bucket = s3.Bucket(
            self,
            "Data",
            encryption=s3.BucketEncryption.S3_MANAGED,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            versioned=True,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix="data-bucket/",
        )
        role = iam.Role(
            self,
            "TrainingRole",
            assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"),
            description="Execution role of the XGBoost tuning job's training jobs",
        )
        bucket.grant_read(role, "data/*")
        bucket.grant_put(role, "output/*")
        training_logs = self.format_arn(
            service="logs",
            resource="log-group",
            resource_name="/aws/sagemaker/TrainingJobs:*",
            arn_format=cdk.ArnFormat.COLON_RESOURCE_NAME,
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[training_logs],
            )
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["cloudwatch:PutMetricData"],
                resources=["*"],
                conditions={"StringEquals": {"cloudwatch:namespace": "/aws/sagemaker/TrainingJobs"}},
            )
        )

        acknowledge(
            role,
            "Bucket.grant_read / grant_put write these wildcard actions; the objects are limited to the "
            "data/ (read) and output/ (write) prefixes, whose keys the training jobs choose.",
            "AwsSolutions-IAM5[Action::s3:GetObject*]",
            "AwsSolutions-IAM5[Action::s3:GetBucket*]",
            "AwsSolutions-IAM5[Action::s3:List*]",
            "AwsSolutions-IAM5[Action::s3:Abort*]",
            f"AwsSolutions-IAM5[Resource::<{self.get_logical_id(bucket.node.default_child)}.Arn>/data/*]",
            f"AwsSolutions-IAM5[Resource::<{self.get_logical_id(bucket.node.default_child)}.Arn>/output/*]",
        )
        # Named as cdk-nag prints the ARN, whether the stack is region-agnostic or has an explicit region.
        acknowledge_iam5_resources(
            role,
            "SageMaker training jobs write to log streams named after the job in this log group, and "
            "cloudwatch:PutMetricData supports no resource ARN (it is limited to SageMaker's namespace by "
            "a condition).",
            training_logs,
            "*",
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


# Importable without synthesizing (the nag and cfn-lint tests build the stack themselves); `cdk synth`
# runs this file as a script (cdk.json).
if __name__ == "__main__":
    app = cdk.App()
    XgboostTuningStack(app, "XgboostTuningExample")
    app.synth()
