#!/usr/bin/env python3
"""Integration test: deploy a real tuning job, check SageMaker sees it, destroy it (which stops it).

Needs an AWS account (cost: one ml.m5.large training job of a few minutes, at most). From the
repository root, with credentials for a bootstrapped account and region:

    make install
    npx --yes @aws-cdk/integ-runner --directory integ --language python \
        --test-regex '^integ_.*\\.py$' --app '.venv/bin/python {filePath}' --update-on-failed

integ-runner deploys the stacks, runs the assertion (DescribeHyperParameterTuningJob must return the
job with the declared configuration) and destroys everything. Without integ-runner:
``npx cdk deploy --all --app '.venv/bin/python integ/integ_tuning_job.py'`` then ``cdk destroy --all``.
CI only synthesizes this app (tests/integ/test_integ_synth.py).
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk.integ_tests_alpha import ExpectedResult, IntegTest

from cdk_sagemaker_tuning import BuiltInAlgorithm, HyperParameterTuningJob, builtin_image_uri

# 40 rows of "label,feature" CSV: enough for XGBoost to train and report validation:auc.
TRAIN_CSV = "\n".join(f"{i % 2},{(i % 2) * 5 + (i % 7) * 0.1:.1f}" for i in range(40)) + "\n"


def build(app: cdk.App) -> tuple[cdk.Stack, IntegTest]:
    stack = cdk.Stack(app, "SageMakerTuningInteg")
    bucket = s3.Bucket(
        stack,
        "Data",
        enforce_ssl=True,
        removal_policy=cdk.RemovalPolicy.DESTROY,
        auto_delete_objects=True,
    )
    data = s3deploy.BucketDeployment(
        stack,
        "TrainingData",
        destination_bucket=bucket,
        destination_key_prefix="data",
        sources=[
            s3deploy.Source.data("train/train.csv", TRAIN_CSV),
            s3deploy.Source.data("validation/validation.csv", TRAIN_CSV),
        ],
    )
    role = iam.Role(stack, "TrainingRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    bucket.grant_read_write(role)
    role.add_to_policy(
        iam.PolicyStatement(
            actions=["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            resources=[
                stack.format_arn(
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

    image = builtin_image_uri(stack, BuiltInAlgorithm.XGBOOST, "1.7-1")
    config = {
        "Strategy": "Random",
        "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
        "ResourceLimits": {"MaxNumberOfTrainingJobs": 1, "MaxParallelTrainingJobs": 1},
        "ParameterRanges": {
            "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "2", "MaxValue": "4"}],
        },
    }
    job = HyperParameterTuningJob.from_request(
        stack,
        "Tuning",
        request={
            "HyperParameterTuningJobConfig": config,
            "TrainingJobDefinition": {
                "AlgorithmSpecification": {"TrainingImage": image, "TrainingInputMode": "File"},
                "RoleArn": role.role_arn,
                "StaticHyperParameters": {"objective": "binary:logistic", "num_round": "5"},
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
                "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 5},
                "StoppingCondition": {"MaxRuntimeInSeconds": 600},
            },
        },
    )
    # The data is in place before the first training job starts.
    job.node.add_dependency(data)

    integ = IntegTest(app, "TuningJobInteg", test_cases=[stack], diff_assets=True)
    integ.assertions.aws_api_call(
        "SageMaker",
        "describeHyperParameterTuningJob",
        {"HyperParameterTuningJobName": job.tuning_job_name},
    ).expect(
        ExpectedResult.object_like(
            {
                "HyperParameterTuningJobName": job.tuning_job_name,
                "HyperParameterTuningJobArn": job.tuning_job_arn,
                "HyperParameterTuningJobConfig": {
                    "Strategy": "Random",
                    "ResourceLimits": config["ResourceLimits"],
                },
            }
        )
    )
    return stack, integ


if __name__ == "__main__":
    app = cdk.App()
    build(app)
    app.synth()
