"""Template tests of a typed HyperParameterTuningJob: the role, grants and network its definition makes."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    ContinuousParameter,
    HyperParameterTuningJob,
    IntegerParameter,
    TrainingAlgorithm,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningObjective,
)
from tests.iam_support import pass_role_statements


class Synthesized:
    def __init__(self) -> None:
        # GIVEN a stack in eu-west-1 with a data bucket, an output key and a VPC
        self.stack = stack = Stack(
            App(), "TypedTraining", env={"region": "eu-west-1", "account": "123456789012"}
        )
        self.bucket = s3.Bucket(stack, "Data")
        self.key = kms.Key(stack, "OutputKey")
        self.vpc = ec2.Vpc(stack, "Vpc", max_azs=2)
        # WHEN a typed job tunes the built-in XGBoost in the VPC without a role
        self.job = HyperParameterTuningJob(
            stack,
            "Tuning",
            objective=TuningObjective.maximize("validation:auc"),
            parameter_ranges=[ContinuousParameter("eta", 0.1, 0.5), IntegerParameter("max_depth", 3, 10)],
            max_training_jobs=4,
            max_parallel_training_jobs=2,
            training=TrainingJobDefinition(
                algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST, "1.7-1"),
                inputs=[
                    TrainingInput.from_bucket(
                        self.bucket, "train/", channel_name="train", content_type="text/csv"
                    ),
                    TrainingInput.from_bucket(
                        self.bucket, "validation/", channel_name="validation", content_type="text/csv"
                    ),
                ],
                output=TrainingOutput(self.bucket, "output/", encryption_key=self.key),
                max_runtime=Duration.hours(1),
                static_hyperparameters={"objective": "binary:logistic", "num_round": 100},
                vpc=self.vpc,
            ),
        )
        self.json = Template.from_stack(stack).to_json()

    def logical_id(self, construct: Any) -> str:
        return self.stack.get_logical_id(construct.node.default_child)

    def request(self) -> dict[str, Any]:
        job_id = self.stack.get_logical_id(self.job.node.find_child("Resource").node.default_child)
        return self.json["Resources"][job_id]["Properties"]["Request"]

    def policies(self) -> list[dict[str, Any]]:
        return [r for r in self.json["Resources"].values() if r["Type"] == "AWS::IAM::Policy"]


@pytest.fixture(scope="module")
def synth() -> Synthesized:
    return Synthesized()


def test_job_role_is_the_created_role_trusted_by_sagemaker_only(synth):
    role = synth.job.node.find_child("Role")
    assert synth.job.role is role
    properties = synth.json["Resources"][synth.logical_id(role)]["Properties"]
    assert properties["AssumeRolePolicyDocument"]["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}}
    ]


def test_provider_may_pass_only_the_created_role(synth):
    role = synth.job.node.find_child("Role")
    # The provider's statements are in its role's inline policy.
    pass_role = pass_role_statements(Template.from_json(synth.json))
    assert pass_role == [
        {
            "Action": "iam:PassRole",
            "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [synth.logical_id(role), "Arn"]},
        }
    ]


def test_request_has_the_literal_regional_image_and_the_definition(synth):
    definition = synth.request()["TrainingJobDefinition"]
    assert definition["AlgorithmSpecification"] == {
        "TrainingImage": "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1",
        "TrainingInputMode": "File",
    }
    assert "Mappings" not in synth.json
    assert definition["StaticHyperParameters"] == {"objective": "binary:logistic", "num_round": "100"}
    assert [c["ChannelName"] for c in definition["InputDataConfig"]] == ["train", "validation"]
    assert definition["OutputDataConfig"]["KmsKeyId"] == {"Fn::GetAtt": [synth.logical_id(synth.key), "Arn"]}


def test_connections_expose_the_created_security_group(synth):
    group = synth.job.node.find_child("SecurityGroup")
    assert synth.job.connections.security_groups == [group]
    definition = synth.request()["TrainingJobDefinition"]
    assert definition["VpcConfig"]["SecurityGroupIds"] == [
        {"Fn::GetAtt": [synth.logical_id(group), "GroupId"]}
    ]


def test_role_policy_grants_data_output_key_logs_and_network(synth):
    role = synth.job.node.find_child("Role")
    policy_id = synth.stack.get_logical_id(role.node.find_child("DefaultPolicy").node.default_child)
    statements = synth.json["Resources"][policy_id]["Properties"]["PolicyDocument"]["Statement"]
    actions = {
        a for s in statements for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])
    }
    assert {
        "s3:GetObject",
        "s3:ListBucket",
        "s3:PutObject",
        "kms:GenerateDataKey*",
        "logs:PutLogEvents",
        "cloudwatch:PutMetricData",
        "ec2:CreateNetworkInterface",
    } <= actions
    # built-in image: no ECR permission; nothing broader than needed
    assert not any(a.startswith("ecr:") for a in actions)
    assert not any(a.startswith("s3:Delete") or a == "s3:*" or a == "*" for a in actions)
