"""Template tests of what a typed job's training definitions add to a stack: role, grants, network, mapping."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template
from constructs import Construct

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    ContinuousParameter,
    HyperParameterTuningJob,
    IntegerParameter,
    MetricDefinition,
    TrainingAlgorithm,
    TrainingCheckpoint,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningObjective,
    TuningStrategy,
)
from cdk_sagemaker_tuning.typed.algorithms import REGISTRY_MAPPING_ID
from tests.iam_support import pass_role_statements

ENI_ACTIONS = [
    "ec2:CreateNetworkInterface",
    "ec2:CreateNetworkInterfacePermission",
    "ec2:DeleteNetworkInterface",
    "ec2:DeleteNetworkInterfacePermission",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeVpcs",
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
]


class Synthesized:
    def __init__(self) -> None:
        # GIVEN a region-agnostic stack with data, output and checkpoint buckets, two keys, a repository
        # and a VPC
        self.stack = stack = Stack(App(), "TrainingGrants")
        self.input = s3.Bucket(stack, "Input")
        self.output = s3.Bucket(stack, "Output")
        self.checkpoints = s3.Bucket(stack, "Checkpoints")
        self.output_key = kms.Key(stack, "OutputKey")
        self.volume_key = kms.Key(stack, "VolumeKey")
        self.repository = ecr.Repository(stack, "Repo")
        self.vpc = ec2.Vpc(stack, "Vpc", max_azs=2)
        # WHEN one job declares two definitions without a role: a custom container in the VPC with spot,
        # checkpoints and encrypted volumes, and the built-in XGBoost
        custom = TrainingJobDefinition(
            definition_name="custom",
            algorithm=TrainingAlgorithm.from_ecr_repository(
                self.repository, "v1", metric_definitions=[MetricDefinition("loss", r"loss=([0-9.]+)")]
            ),
            inputs=[
                TrainingInput.from_bucket(self.input, "train/", channel_name="train"),
                TrainingInput.from_bucket(self.input, "validation/", channel_name="validation"),
            ],
            output=TrainingOutput(self.output, "models/", encryption_key=self.output_key),
            volume_encryption_key=self.volume_key,
            spot=True,
            max_runtime=Duration.hours(1),
            max_wait=Duration.hours(2),
            checkpoint=TrainingCheckpoint(self.checkpoints, "ckpt/"),
            vpc=self.vpc,
            objective=TuningObjective.minimize("loss"),
            parameter_ranges=[ContinuousParameter("lr", 0.001, 0.1)],
        )
        builtin = TrainingJobDefinition(
            definition_name="xgboost",
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            inputs=[TrainingInput.from_bucket(self.input, "train/", channel_name="train")],
            output=TrainingOutput(self.output, "models/"),
            objective=TuningObjective.maximize("validation:auc"),
            parameter_ranges=[IntegerParameter("max_depth", 3, 10)],
            static_hyperparameters={"num_round": 10},
        )
        self.job = HyperParameterTuningJob(
            stack,
            "Job",
            strategy=TuningStrategy.random(),
            max_training_jobs=4,
            max_parallel_training_jobs=2,
            training_definitions=[custom, builtin],
        )
        self.template = Template.from_stack(stack)
        self.json = self.template.to_json()

    @property
    def job_id(self) -> str:
        return self.stack.get_logical_id(self.job.node.find_child("Resource").node.default_child)

    def logical_id(self, construct: Construct) -> str:
        return self.stack.get_logical_id(construct.node.default_child)

    @property
    def role(self) -> Any:
        return self.job.node.find_child("Role")

    def role_statements(self) -> list[dict[str, Any]]:
        policy_id = self.stack.get_logical_id(self.role.node.find_child("DefaultPolicy").node.default_child)
        return self.json["Resources"][policy_id]["Properties"]["PolicyDocument"]["Statement"]

    def statement_with(self, action: str) -> dict[str, Any]:
        matches = [s for s in self.role_statements() if action in _list(s["Action"])]
        assert len(matches) == 1, f"{action}: {matches}"
        return matches[0]

    def resources_for(self, action: str) -> list[Any]:
        """Every resource that a statement allowing ``action`` names (CDK keeps one statement per grant)."""
        return [
            r for s in self.role_statements() if action in _list(s["Action"]) for r in _list(s["Resource"])
        ]

    def arn(self, construct: Construct, suffix: str) -> dict[str, Any]:
        return {"Fn::Join": ["", [{"Fn::GetAtt": [self.logical_id(construct), "Arn"]}, suffix]]}

    def request(self) -> dict[str, Any]:
        resource_id = self.job_id
        return self.json["Resources"][resource_id]["Properties"]["Request"]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@pytest.fixture(scope="module")
def synth() -> Synthesized:
    return Synthesized()


def test_both_definitions_pass_one_created_role(synth):
    # THEN both definitions pass the role created once in the job scope
    assert synth.job.role is synth.role
    role_arn = {"Fn::GetAtt": [synth.logical_id(synth.role), "Arn"]}
    assert [definition["RoleArn"] for definition in synth.request()["TrainingJobDefinitions"]] == [
        role_arn
    ] * 2
    assert len(synth.template.find_resources("AWS::IAM::Role", {"Properties": {"AssumeRolePolicyDocument": {
        "Statement": [{"Principal": {"Service": "sagemaker.amazonaws.com"}}]}}})) == 1  # fmt: skip


def test_created_role_is_trusted_by_sagemaker_only(synth):
    trust = synth.json["Resources"][synth.logical_id(synth.role)]["Properties"]["AssumeRolePolicyDocument"]
    assert trust["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}}
    ]
    # and it has no managed policies: everything it may do is in its own scoped policy
    assert "ManagedPolicyArns" not in synth.json["Resources"][synth.logical_id(synth.role)]["Properties"]


def test_role_may_read_the_input_and_checkpoint_prefixes_only(synth):
    resources = synth.resources_for("s3:GetObject")
    expected = [
        synth.arn(synth.input, "/train/*"),
        synth.arn(synth.input, "/validation/*"),
        synth.arn(synth.checkpoints, "/ckpt/*"),  # resuming from a checkpoint
    ]
    assert sorted(map(str, resources)) == sorted(map(str, expected))
    # AND list those prefixes only: no bucket-wide s3:List* or s3:GetBucket*
    listed = sorted(
        str(p)
        for s in synth.role_statements()
        if s["Action"] == "s3:ListBucket"
        for p in s["Condition"]["StringLike"]["s3:prefix"]
    )
    assert listed == ["ckpt/*", "train/*", "validation/*"]
    actions = {action for s in synth.role_statements() for action in _list(s["Action"])}
    assert not any(a.startswith(("s3:List*", "s3:GetBucket", "s3:GetObject*")) for a in actions)


def test_role_may_write_the_output_and_checkpoint_prefixes_and_delete_nothing(synth):
    resources = synth.resources_for("s3:PutObject")
    expected = [synth.arn(synth.output, "/models/*"), synth.arn(synth.checkpoints, "/ckpt/*")]
    assert sorted(map(str, resources)) == sorted(map(str, expected))
    actions = {action for s in synth.role_statements() for action in _list(s["Action"])}
    assert not any(action.startswith("s3:Delete") for action in actions)


def test_role_may_encrypt_output_and_create_volume_grants(synth):
    encrypt = synth.statement_with("kms:GenerateDataKey*")
    assert encrypt["Resource"] == {"Fn::GetAtt": [synth.logical_id(synth.output_key), "Arn"]}
    assert "kms:Decrypt" in encrypt["Action"]  # completing a multipart upload under SSE-KMS
    assert "kms:CreateGrant" not in encrypt["Action"]
    grant = synth.statement_with("kms:CreateGrant")
    assert grant["Resource"] == {"Fn::GetAtt": [synth.logical_id(synth.volume_key), "Arn"]}


def test_role_may_pull_from_the_repository_only(synth):
    pull = synth.statement_with("ecr:BatchGetImage")
    assert pull["Resource"] == {"Fn::GetAtt": [synth.logical_id(synth.repository), "Arn"]}
    token = synth.statement_with("ecr:GetAuthorizationToken")
    assert token["Resource"] == "*"


def test_role_may_write_training_logs_and_metrics_once_for_both_definitions(synth):
    logs = synth.statement_with("logs:PutLogEvents")
    assert logs["Resource"]["Fn::Join"][1][-1] == ":log-group:/aws/sagemaker/TrainingJobs:*"
    metrics = synth.statement_with("cloudwatch:PutMetricData")
    assert metrics["Condition"] == {"StringEquals": {"cloudwatch:namespace": "/aws/sagemaker/TrainingJobs"}}
    assert metrics["Resource"] == "*"


def test_role_may_manage_network_interfaces_because_one_definition_uses_a_vpc(synth):
    # The ENI actions are split by what each can be held to (see test_execution_role_least_privilege.py).
    actions = sorted({a for s in synth.role_statements() for a in _list(s["Action"]) if a.startswith("ec2:")})
    assert actions == sorted(ENI_ACTIONS)


def test_provider_may_pass_exactly_the_created_role_to_sagemaker(synth):
    statements = pass_role_statements(synth.template)  # the provider's are in its role's inline policy
    assert statements == [
        {
            "Action": "iam:PassRole",
            "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [synth.logical_id(synth.role), "Arn"]},
        }
    ]


def test_security_group_is_created_in_the_job_scope_and_named_in_the_request(synth):
    group = synth.job.node.find_child("SecurityGroup")
    synth.template.has_resource_properties(
        "AWS::EC2::SecurityGroup", {"VpcId": {"Ref": synth.logical_id(synth.vpc)}}
    )
    custom = synth.request()["TrainingJobDefinitions"][0]
    assert custom["VpcConfig"]["SecurityGroupIds"] == [{"Fn::GetAtt": [synth.logical_id(group), "GroupId"]}]
    assert len(custom["VpcConfig"]["Subnets"]) == 2
    assert all("PrivateSubnet" in subnet["Ref"] for subnet in custom["VpcConfig"]["Subnets"])
    assert synth.job.connections.security_groups == [group]  # the built-in definition runs outside the VPC
    assert "VpcConfig" not in synth.request()["TrainingJobDefinitions"][1]


def test_builtin_image_is_looked_up_in_the_stack_mapping(synth):
    xgboost = synth.request()["TrainingJobDefinitions"][1]
    image = xgboost["AlgorithmSpecification"]["TrainingImage"]
    assert image["Fn::Join"][1][0] == {
        "Fn::FindInMap": [REGISTRY_MAPPING_ID, {"Ref": "AWS::Region"}, "xgboost"]
    }
    assert synth.json["Mappings"][REGISTRY_MAPPING_ID]["us-east-1"] == {"xgboost": "683313688378"}


def test_request_carries_the_custom_definition_fields(synth):
    custom = synth.request()["TrainingJobDefinitions"][0]
    assert custom["DefinitionName"] == "custom"
    assert custom["EnableManagedSpotTraining"] is True
    assert custom["StoppingCondition"] == {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200}
    assert custom["RoleArn"] == {"Fn::GetAtt": [synth.logical_id(synth.role), "Arn"]}
    assert custom["AlgorithmSpecification"]["MetricDefinitions"] == [
        {"Name": "loss", "Regex": r"loss=([0-9.]+)"}
    ]


def test_job_waits_for_the_roles_policy(synth):
    # The shared renderer makes the job depend on the role passed in the request (and so on its policy).
    resource = synth.json["Resources"][synth.job_id]
    policy_id = synth.stack.get_logical_id(synth.role.node.find_child("DefaultPolicy").node.default_child)
    assert policy_id in resource["DependsOn"]
