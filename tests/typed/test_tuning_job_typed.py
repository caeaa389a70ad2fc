"""The typed HyperParameterTuningJob construct: props, attributes, tags, overrides and imports."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aws_cdk import App, Environment, Stack, Tags
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Match, Template

from cdk_sagemaker_tuning import (
    RESOURCE_TYPE,
    BuiltInAlgorithm,
    HyperParameterTuningJob,
    IntegerParameter,
    ITuningJob,
    TrainingAlgorithm,
    TrainingJobDefinition,
    TrainingOutput,
    TuningJobBase,
    TuningObjective,
    WarmStart,
)
from tests.iam_support import pass_role_statements
from tests.problems import raises_problem
from tests.samples import xgboost_request

ENV = Environment(account="111122223333", region="us-east-1")


def definition(bucket: s3.IBucket, **props: Any) -> TrainingJobDefinition:
    return TrainingJobDefinition(
        algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
        output=TrainingOutput(bucket, "models/"),
        **{"static_hyperparameters": {"num_round": 10}, **props},
    )


def job_props(bucket: s3.IBucket, **overrides: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "objective": TuningObjective.maximize("validation:auc"),
        "parameter_ranges": [IntegerParameter("max_depth", 3, 10)],
        "max_training_jobs": 4,
        "training": definition(bucket),
    }
    props.update(overrides)
    return props


class Fixture:
    def __init__(self) -> None:
        self.stack = Stack(App(), "Typed", env=ENV)
        stack = self.stack
        self.bucket = s3.Bucket(stack, "Data")
        self.extra_bucket = s3.Bucket(stack, "Extra")
        self.vpc = ec2.Vpc(
            stack,
            "Vpc",
            max_azs=2,
            nat_gateways=0,
            subnet_configuration=[
                ec2.SubnetConfiguration(name="isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
            ],
        )
        # A job in a VPC, granted more data through grant_principal, reached by a database.
        self.vpc_job = HyperParameterTuningJob(
            stack, "VpcJob", **job_props(self.bucket, training=definition(self.bucket, vpc=self.vpc))
        )
        self.extra_bucket.grant_read(self.vpc_job)
        self.database = ec2.SecurityGroup(stack, "Database", vpc=self.vpc)
        self.database.connections.allow_from(self.vpc_job, ec2.Port.tcp(5432))
        Tags.of(self.vpc_job).add("team", "ml")
        self.vpc_job.add_request_override("HyperParameterTuningJobConfig.RandomSeed", 7)

        # A job warm-started from an imported job.
        self.parent = HyperParameterTuningJob.from_tuning_job_name(stack, "Parent", "Parent-Job")
        self.warm_job = HyperParameterTuningJob(
            stack, "WarmJob", **job_props(self.bucket, warm_start=WarmStart.transfer_learning(self.parent))
        )

        # A multi-algorithm job: one definition in the VPC with a given security group, one outside.
        self.given_group = ec2.SecurityGroup(stack, "Given", vpc=self.vpc)
        self.multi_job = HyperParameterTuningJob(
            stack,
            "MultiJob",
            max_training_jobs=4,
            training_definitions=[
                definition(
                    self.bucket,
                    definition_name="a",
                    objective=TuningObjective.maximize("validation:auc"),
                    parameter_ranges=[IntegerParameter("max_depth", 3, 10)],
                ),
                definition(
                    self.bucket,
                    definition_name="b",
                    objective=TuningObjective.maximize("validation:auc"),
                    parameter_ranges=[IntegerParameter("max_depth", 3, 10)],
                    vpc=self.vpc,
                    security_groups=[self.given_group],
                ),
            ],
        )
        self.template = Template.from_stack(stack)
        self.resources = self.template.to_json()["Resources"]

    def logical_id(self, construct: Any) -> str:
        return self.stack.get_logical_id(construct.node.default_child)

    def request(self, job: HyperParameterTuningJob) -> dict[str, Any]:
        return self.resources[self.logical_id(job.node.find_child("Resource"))]["Properties"]["Request"]


@pytest.fixture(scope="module")
def fx() -> Fixture:
    return Fixture()


def test_tags_added_with_tags_of_reach_the_request(fx):
    assert fx.request(fx.vpc_job)["Tags"] == [{"Key": "team", "Value": "ml"}]
    assert "Tags" not in fx.request(fx.warm_job)


def test_request_override_reaches_the_request(fx):
    assert fx.request(fx.vpc_job)["HyperParameterTuningJobConfig"]["RandomSeed"] == 7


def test_role_is_the_created_execution_role_and_the_grant_principal(fx):
    # THEN the job's role is the one created in its scope, and it is what grants go to
    role = fx.vpc_job.node.find_child("Role")
    assert fx.vpc_job.role is role
    assert fx.vpc_job.grant_principal is role
    role_arn = {"Fn::GetAtt": [fx.logical_id(role), "Arn"]}
    assert fx.request(fx.vpc_job)["TrainingJobDefinition"]["RoleArn"] == role_arn


def test_grant_read_on_the_job_reaches_its_role(fx):
    # GIVEN extra_bucket.grant_read(job)
    fx.template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "Roles": [{"Ref": fx.logical_id(fx.vpc_job.role)}],
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Action": Match.array_with(["s3:GetObject*"]),
                                "Resource": Match.array_with(
                                    [{"Fn::GetAtt": [fx.logical_id(fx.extra_bucket), "Arn"]}]
                                ),
                            }
                        )
                    ]
                )
            },
        },
    )


def test_the_provider_may_pass_exactly_the_created_role_to_sagemaker_only(fx):
    # The provider's statements are in its role's inline policy.
    assert {
        "Action": "iam:PassRole",
        "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
        "Effect": "Allow",
        "Resource": {"Fn::GetAtt": [fx.logical_id(fx.vpc_job.role), "Arn"]},
    } in pass_role_statements(fx.template)


def test_connections_open_the_database_to_the_training_jobs(fx):
    group = fx.vpc_job.node.find_child("SecurityGroup")
    assert fx.vpc_job.connections.security_groups == [group]
    fx.template.has_resource_properties(
        "AWS::EC2::SecurityGroupIngress",
        {
            "GroupId": {"Fn::GetAtt": [fx.logical_id(fx.database), "GroupId"]},
            "SourceSecurityGroupId": {"Fn::GetAtt": [fx.logical_id(group), "GroupId"]},
            "FromPort": 5432,
        },
    )


def test_connections_without_a_vpc_is_a_clear_error(fx):
    with pytest.raises(
        ValueError, match=r"Typed/WarmJob has no 'connections'.*give the TrainingJobDefinition a 'vpc'"
    ):
        _ = fx.warm_job.connections


def test_multi_definition_job_shares_one_role_and_collects_the_vpc_definitions_groups(fx):
    request = fx.request(fx.multi_job)
    roles = {repr(d["RoleArn"]) for d in request["TrainingJobDefinitions"]}
    assert len(roles) == 1
    assert fx.multi_job.role is fx.multi_job.node.find_child("Role")
    assert fx.multi_job.connections.security_groups == [fx.given_group]


def test_imported_job_is_an_ituning_job_with_a_lowercase_arn(fx):
    assert isinstance(fx.parent, ITuningJob)
    assert fx.parent.tuning_job_name == "Parent-Job"
    assert fx.stack.resolve(fx.parent.tuning_job_arn) == {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":sagemaker:us-east-1:111122223333:hyper-parameter-tuning-job/parent-job",
            ],
        ]
    }


def test_imported_job_is_a_warm_start_parent_and_deploys_nothing(fx):
    assert fx.request(fx.warm_job)["WarmStartConfig"] == {
        "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "Parent-Job"}],
        "WarmStartType": "TransferLearning",
    }
    assert fx.parent.node.children == []
    fx.template.resource_count_is(RESOURCE_TYPE, 3)


def test_jobs_of_the_app_are_tuning_jobs_too(fx):
    assert isinstance(fx.vpc_job, ITuningJob)


# -- prop errors: construction fails before anything is synthesized ----------------------------------


@pytest.fixture
def stack() -> Stack:
    return Stack(App(), "Errors", env=ENV)


def test_neither_training_nor_training_definitions_is_an_error(stack):
    bucket = s3.Bucket(stack, "B")
    with pytest.raises(
        ValueError, match=r"exactly one of 'training' .* and 'training_definitions' .*got neither"
    ):
        HyperParameterTuningJob(stack, "Job", **job_props(bucket, training=None))


def test_both_training_and_training_definitions_is_an_error(stack):
    bucket = s3.Bucket(stack, "B")
    with pytest.raises(
        ValueError, match=r"exactly one of 'training' .* and 'training_definitions' .*got both"
    ):
        HyperParameterTuningJob(stack, "Job", **job_props(bucket, training_definitions=[definition(bucket)]))


@pytest.mark.parametrize(
    ("count", "finding"),
    [(0, "has 0 items, fewer than the minimum of 1"), (11, "has 11 items, more than the maximum of 10")],
)
def test_training_definitions_hold_one_to_ten(stack, count, finding):
    # (botocore's model: HyperParameterTrainingJobDefinitions holds 1 to 10, reported against the prop)
    bucket = s3.Bucket(stack, "B")
    with pytest.raises(
        ValueError, match=re.escape(f"TrainingJobDefinitions (training_definitions): {finding}")
    ):
        HyperParameterTuningJob(
            stack,
            "Job",
            **job_props(bucket, training=None, training_definitions=[definition(bucket)] * count),
        )


def test_training_must_be_a_definition(stack):
    with raises_problem("prop-type", "'training' must be a TrainingJobDefinition, got"):
        HyperParameterTuningJob(stack, "Job", training={"RoleArn": "x"})  # type: ignore[arg-type]


def test_a_raw_request_job_is_a_sibling_without_role_grant_principal_or_connections(stack):
    # GIVEN a job declared with the raw request
    role = iam.Role(stack, "R", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    job = HyperParameterTuningJob.from_request(stack, "Raw", request=xgboost_request(role.role_arn))
    # THEN it is a tuning job, not the typed class, and has none of the typed class's principal attributes
    assert isinstance(job, TuningJobBase)
    assert not isinstance(job, HyperParameterTuningJob)
    for attribute in ("role", "grant_principal", "connections"):
        with pytest.raises(AttributeError, match=attribute):
            getattr(job, attribute)
