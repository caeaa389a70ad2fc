"""TrainingJobDefinition through the public API: every prop lands in its API field of the job's request, and
bad props are named with their value."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk import App, Duration, Size, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from cdk_sagemaker_tuning import (
    AllocationStrategy,
    BuiltInAlgorithm,
    HyperParameterTuningJob,
    InstanceConfig,
    TrainingAlgorithm,
    TrainingCheckpoint,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningJobValidationError,
)
from cdk_sagemaker_tuning.typed.objective import TuningObjective
from cdk_sagemaker_tuning.typed.parameters import CategoricalParameter, ContinuousParameter, IntegerParameter
from tests.problems import raises_problem

IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/trainer:1"


class Env:
    def __init__(self) -> None:
        self.stack = Stack(App(), "Definition", env={"region": "eu-west-1", "account": "123456789012"})
        self.bucket = s3.Bucket(self.stack, "Data")
        self.key = kms.Key(self.stack, "Key")
        self.role = iam.Role(
            self.stack, "GivenRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com")
        )
        self.counter = 0

    def declare(self, *definitions: TrainingJobDefinition) -> HyperParameterTuningJob:
        """A tuning job of ``definitions``: one without its own objective gets the job's, several are a
        multi-algorithm job (each then gives its name, objective and ranges)."""
        self.counter += 1
        if len(definitions) == 1 and definitions[0].objective is None:
            return HyperParameterTuningJob(
                self.stack,
                f"Job{self.counter}",
                objective=TuningObjective.maximize("validation:auc"),
                parameter_ranges=[IntegerParameter("tuned_depth", 1, 3)],
                max_training_jobs=2,
                training=definitions[0],
            )
        return HyperParameterTuningJob(
            self.stack, f"Job{self.counter}", max_training_jobs=2, training_definitions=list(definitions)
        )

    def definition(self, **props: Any) -> TrainingJobDefinition:
        props.setdefault("algorithm", TrainingAlgorithm.from_image_uri(IMAGE))
        props.setdefault("output", TrainingOutput(self.bucket, "out/"))
        return TrainingJobDefinition(**props)

    def algorithm_definition(self, name: str, **props: Any) -> TrainingJobDefinition:
        """A definition of a multi-algorithm job: its own name, objective and ranges."""
        props.setdefault("objective", TuningObjective.maximize("validation:auc"))
        props.setdefault("parameter_ranges", [IntegerParameter("tuned_depth", 1, 3)])
        return self.definition(definition_name=name, **props)

    def render(self, **props: Any) -> dict[str, Any]:
        """The training job definition of a job declared with one definition of ``props`` (its ``request``)."""
        return definitions_of(self.stack, self.declare(self.definition(**props)))[0]


def definitions_of(stack: Stack, job: HyperParameterTuningJob) -> list[dict[str, Any]]:
    request = stack.resolve(job.request)
    return (
        [request["TrainingJobDefinition"]]
        if "TrainingJobDefinition" in request
        else request["TrainingJobDefinitions"]
    )


@pytest.fixture(scope="module")
def env() -> Env:
    return Env()


def test_minimal_definition_renders_the_required_fields_with_defaults(env):
    # GIVEN only an image and an output, WHEN bound
    request = env.render(role=env.role)
    # THEN the required fields are there, with the documented defaults
    assert request == {
        "AlgorithmSpecification": {"TrainingImage": IMAGE, "TrainingInputMode": "File"},
        "RoleArn": env.stack.resolve(env.role.role_arn),
        "OutputDataConfig": {"S3OutputPath": env.stack.resolve(env.bucket.s3_url_for_object("out/"))},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
    }


def test_resources_limits_and_switches_render_into_their_api_fields(env):
    # GIVEN every resource, stopping, retry, environment and switch prop
    request = env.render(
        role=env.role,
        instance_type=ec2.InstanceType.of(ec2.InstanceClass.C5, ec2.InstanceSize.XLARGE2),
        instance_count=2,
        volume_size=Size.gibibytes(50),
        volume_encryption_key=env.key,
        max_runtime=Duration.hours(2),
        max_wait=Duration.hours(3),
        max_pending=Duration.hours(1),
        spot=True,
        checkpoint=TrainingCheckpoint(env.bucket, "ckpt/", local_path="/opt/ml/checkpoints"),
        retry_attempts=3,
        environment={"LOG_LEVEL": "debug"},
        enable_network_isolation=True,
        encrypt_inter_container_traffic=False,
        definition_name="xgb-1",
    )
    # THEN each lands in its API field, durations in seconds and sizes in GiB
    assert request["ResourceConfig"] == {
        "InstanceType": "ml.c5.2xlarge",
        "InstanceCount": 2,
        "VolumeSizeInGB": 50,
        "VolumeKmsKeyId": env.stack.resolve(env.key.key_arn),
    }
    assert request["StoppingCondition"] == {
        "MaxRuntimeInSeconds": 7200,
        "MaxWaitTimeInSeconds": 10800,
        "MaxPendingTimeInSeconds": 3600,
    }
    assert request["EnableManagedSpotTraining"] is True
    assert request["EnableNetworkIsolation"] is True
    assert request["EnableInterContainerTrafficEncryption"] is False
    assert request["CheckpointConfig"] == {
        "S3Uri": env.stack.resolve(env.bucket.s3_url_for_object("ckpt/")),
        "LocalPath": "/opt/ml/checkpoints",
    }
    assert request["RetryStrategy"] == {"MaximumRetryAttempts": 3}
    assert request["Environment"] == {"LOG_LEVEL": "debug"}
    assert request["DefinitionName"] == "xgb-1"


def test_instance_type_as_string_is_used_as_given(env):
    request = env.render(role=env.role, instance_type="ml.g5.xlarge")
    assert request["ResourceConfig"]["InstanceType"] == "ml.g5.xlarge"


def test_instance_configs_render_a_tuning_resource_config_instead_of_resource_config(env):
    # GIVEN alternative instance configurations and a volume key
    request = env.render(
        role=env.role,
        instance_configs=[
            InstanceConfig(ec2.InstanceType("m5.xlarge")),
            InstanceConfig("ml.c5.2xlarge", instance_count=2, volume_size=Size.gibibytes(30)),
        ],
        allocation_strategy=AllocationStrategy.PRIORITIZED,
        volume_encryption_key=env.key,
    )
    # THEN they render as HyperParameterTuningResourceConfig, and no ResourceConfig is sent
    assert "ResourceConfig" not in request
    assert request["HyperParameterTuningResourceConfig"] == {
        "InstanceConfigs": [
            {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
            {"InstanceType": "ml.c5.2xlarge", "InstanceCount": 2, "VolumeSizeInGB": 30},
        ],
        "AllocationStrategy": "Prioritized",
        "VolumeKmsKeyId": env.stack.resolve(env.key.key_arn),
    }


def test_static_hyperparameters_are_rendered_as_the_api_strings(env):
    request = env.render(
        role=env.role,
        static_hyperparameters={"objective": "binary:logistic", "num_round": 100, "eta": 0.1, "verbose": True,
                                "silent": False, "tiny": 1e-05},
    )  # fmt: skip
    assert request["StaticHyperParameters"] == {
        "objective": "binary:logistic",
        "num_round": "100",
        "eta": "0.1",
        "verbose": "true",
        "silent": "false",
        "tiny": "1e-05",
    }


def test_objective_and_parameter_ranges_render_for_multi_algorithm_jobs(env):
    # GIVEN a definition with its own objective and ranges
    request = env.render(
        role=env.role,
        definition_name="xgb",
        objective=TuningObjective.maximize("validation:auc"),
        parameter_ranges=[
            ContinuousParameter("eta", 0.1, 0.5),
            IntegerParameter("max_depth", 3, 10),
            CategoricalParameter("booster", ["gbtree", "dart"]),
        ],
    )
    # THEN they render through the typed objective and ranges
    assert request["TuningObjective"] == {"Type": "Maximize", "MetricName": "validation:auc"}
    ranges = request["HyperParameterRanges"]
    assert [r["Name"] for r in ranges["ContinuousParameterRanges"]] == ["eta"]
    assert ranges["IntegerParameterRanges"][0]["MinValue"] == "3"
    assert ranges["CategoricalParameterRanges"][0]["Values"] == ["gbtree", "dart"]


@pytest.mark.parametrize(
    ("path", "value", "prop"),
    [
        ("ResourceConfig.InstanceType", "m5.xlarge", "training.instance_type"),
        ("StoppingCondition.MaxRuntimeInSeconds", 0, "training.max_runtime"),
        ("InputDataConfig[0].ChannelName", "bad name!", "training.inputs[0]"),
        ("StaticHyperParameters.num_round", "x" * 2501, "training.static_hyperparameters['num_round']"),
        ("Environment.A", "x" * 513, "training.environment['A']"),
        ("RoleArn", "not-an-arn", "training.role"),
        # a field the props left out still names its prop, so a finding on it says what to give
        ("RetryStrategy.MaximumRetryAttempts", 0, "training.retry_attempts"),
        ("StoppingCondition.MaxWaitTimeInSeconds", 7200, "training.max_wait"),
    ],
)
def test_findings_on_a_field_name_the_typed_prop_it_comes_from(env, path, value, prop):
    # GIVEN a typed job with inputs, a runtime, static hyperparameters and an environment
    job = env.declare(
        env.definition(
            role=env.role,
            inputs=[TrainingInput.from_s3_uri("s3://b/train", channel_name="train")],
            max_runtime=Duration.hours(1),
            static_hyperparameters={"num_round": 10},
            environment={"A": "b"},
        )
    )
    # WHEN one of its fields is overridden with a value SageMaker refuses
    with pytest.raises(TuningJobValidationError) as error:
        job.add_request_override(f"TrainingJobDefinition.{path}", value)
    # THEN the finding names the API path and the typed prop behind it
    assert f"TrainingJobDefinition.{path} ({prop}):" in str(error.value)


def test_given_role_is_used_and_no_role_is_created(env):
    job = env.declare(env.definition(role=env.role))
    assert job.role is env.role
    assert job.node.try_find_child("Role") is None
    with raises_problem("connections-need-a-vpc", "has no 'connections'"):
        job.connections  # noqa: B018


def test_created_role_is_shared_by_the_definitions_of_one_job(env):
    # GIVEN one job with two definitions without a role
    job = env.declare(
        env.algorithm_definition("custom"),
        env.algorithm_definition(
            "linear",
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.LINEAR_LEARNER),
            # an objective Linear Learner emits (validation:auc is XGBoost's), and what it requires
            objective=TuningObjective.minimize("validation:objective_loss"),
            parameter_ranges=[IntegerParameter("epochs", 1, 3)],
            static_hyperparameters={"predictor_type": "regressor"},
        ),
    )
    # THEN both pass the same role, created once with id "Role" in the job's scope
    role = job.node.find_child("Role")
    assert job.role is role
    arns = {json.dumps(definition["RoleArn"]) for definition in definitions_of(env.stack, job)}
    assert arns == {json.dumps(env.stack.resolve(role.role_arn))}


def test_vpc_creates_one_shared_security_group_and_selects_private_subnets(env):
    # GIVEN a VPC with public and private subnets, and two definitions in one job
    vpc = ec2.Vpc(env.stack, "Vpc", max_azs=2)
    job = env.declare(
        env.algorithm_definition("a", role=env.role, vpc=vpc),
        env.algorithm_definition("b", role=env.role, vpc=vpc),
    )
    # THEN one security group "SecurityGroup" is created in the job scope and used by both
    group = job.node.find_child("SecurityGroup")
    assert job.connections.security_groups == [group]
    # AND each definition names it and the VPC's private subnets
    expected = {
        "SecurityGroupIds": [env.stack.resolve(group.security_group_id)],
        "Subnets": env.stack.resolve(
            vpc.select_subnets(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS).subnet_ids
        ),
    }
    assert [definition["VpcConfig"] for definition in definitions_of(env.stack, job)] == [expected, expected]


def test_given_security_groups_and_subnets_are_used(env):
    vpc = ec2.Vpc(env.stack, "Vpc2", max_azs=2)
    group = ec2.SecurityGroup(env.stack, "Given", vpc=vpc)
    job = env.declare(
        env.definition(
            role=env.role,
            vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC),
            security_groups=[group],
        )
    )
    assert job.node.try_find_child("SecurityGroup") is None
    assert job.connections.security_groups == [group]
    request = definitions_of(env.stack, job)[0]
    assert request["VpcConfig"]["SecurityGroupIds"] == [env.stack.resolve(group.security_group_id)]
    assert request["VpcConfig"]["Subnets"] == env.stack.resolve(
        vpc.select_subnets(subnet_type=ec2.SubnetType.PUBLIC).subnet_ids
    )


@pytest.mark.parametrize(
    ("props", "rule", "message"),
    [
        ({"algorithm": "xgboost"}, "prop-type", r"'algorithm' must be a TrainingAlgorithm, got 'xgboost'"),
        ({"instance_type": 5}, "prop-type", r"'instance_type' must be an InstanceType or str \(ec2.InstanceType\('m5.xlarge'\) or 'ml.m5.xlarge'\), got 5"),
        ({"volume_size": Size.mebibytes(512)}, "prop-value", r"'volume_size' must be a whole number of GiB"),
        ({"max_runtime": 3600}, "prop-type", r"'max_runtime' must be a Duration, got 3600"),
        ({"max_runtime": Duration.millis(1500)}, "prop-value", r"'max_runtime' must be a whole number of seconds, got 1 second 500 millis"),
        ({"retry_attempts": float("nan")}, "prop-type", r"'retry_attempts' must be an integer, got nan"),
        ({"environment": {"A": 1}}, "prop-type", r"'environment\['A'\]' must be a string, got 1"),
        ({"static_hyperparameters": {"epochs": None}}, "prop-type", r"'static_hyperparameters\['epochs'\]': should be a str, int, float or bool, got NoneType None"),
        ({"static_hyperparameters": {"eta": float("nan")}}, "prop-value", r"'static_hyperparameters\['eta'\]': should be a finite number, got nan"),
        ({"instance_configs": [InstanceConfig("ml.m5.xlarge")], "instance_count": 2},
         "prop-combination", r"'instance_count' cannot be combined with 'instance_configs'"),
        ({"allocation_strategy": AllocationStrategy.PRIORITIZED}, "prop-combination", r"'allocation_strategy' applies only with 'instance_configs'"),
        ({"security_groups": ["sg"]}, "prop-combination", r"'security_groups' needs 'vpc'"),
        ({"objective": {"Type": "Maximize"}}, "prop-type", r"'objective' must be a TuningObjective"),
    ],
)  # fmt: skip
def test_props_of_the_wrong_type_are_rejected_where_given(env, props, rule, message):
    with raises_problem(rule, "^TrainingJobDefinition: " + message):
        env.definition(**props)


def declare_job(env: Env, **props: Any) -> None:
    """A tuning job with the definition, in the module's stack (SageMaker's rules apply to its request)."""
    HyperParameterTuningJob(
        env.stack,
        f"Job{len(env.stack.node.children)}",
        objective=TuningObjective.maximize("validation:auc"),
        parameter_ranges=[IntegerParameter("max_depth", 3, 10)],
        max_training_jobs=2,
        training=env.definition(**props),
    )


@pytest.mark.parametrize(
    ("props", "finding"),
    [
        ({"instance_type": "m5.xlarge"}, "ResourceConfig.InstanceType (training.instance_type): 'm5.xlarge' is not one of the"),
        ({"instance_configs": [InstanceConfig("m5")]},
         "InstanceConfigs[0].InstanceType (training.instance_configs[0].instance_type): 'm5' is not one of the"),
        ({"max_pending": Duration.minutes(10)}, "MaxPendingTimeInSeconds (training.max_pending): 600 is less than the minimum of 1800"),
        ({"spot": True}, "StoppingCondition.MaxWaitTimeInSeconds (training.max_wait): is missing: managed spot training needs it"),
        ({"max_wait": Duration.hours(2)}, "MaxWaitTimeInSeconds (training.max_wait): 7200 is only for managed spot training"),
        ({"spot": True, "max_runtime": Duration.hours(2), "max_wait": Duration.hours(1)},
         "MaxWaitTimeInSeconds (training.max_wait): 3600 is less than MaxRuntimeInSeconds 7200"),
        ({"spot": True, "max_wait": Duration.hours(1)}, "(training.max_wait): 3600 is less than MaxRuntimeInSeconds 86400"),
        ({"retry_attempts": 31}, "RetryStrategy.MaximumRetryAttempts (training.retry_attempts): 31 is more than the maximum of 30"),
        ({"environment": {"1BAD": "x"}}, "Environment.1BAD (training.environment['1BAD']): key '1BAD' does not match the pattern"),
        ({"static_hyperparameters": {"max_depth": 3}},
         "StaticHyperParameters.max_depth (training.static_hyperparameters['max_depth']): 'max_depth' is also tuned at"),
        ({"definition_name": "-bad"}, "DefinitionName (training.definition_name): '-bad' does not match the pattern"),
        # Rules of the request since issue 10 (validation/uniqueness.py, validation/data_sources.py): raw
        # requests get them too, and the typed API names the prop.
        ({"inputs": [TrainingInput.from_s3_uri("s3://b/a", channel_name="train"),
                     TrainingInput.from_s3_uri("s3://b/b", channel_name="train")]},
         "InputDataConfig[1].ChannelName (training.inputs[1]): 'train' is already the name of "
         "TrainingJobDefinition.InputDataConfig[0]"),
        ({"inputs": [TrainingInput.from_efs("fs-0123456789abcdef0", "/d", channel_name="train")]},
         "InputDataConfig[0].DataSource.FileSystemDataSource (training.inputs[0]): reads Amazon EFS but "
         "TrainingJobDefinition has no VpcConfig"),
        ({"inputs": [TrainingInput.from_s3_uri("s3://b/a", channel_name="train", attribute_names=["a"])]},
         "S3DataSource.AttributeNames (training.inputs[0]): is given with S3DataType 'S3Prefix'"),
    ],
)  # fmt: skip
def test_sagemakers_rules_are_reported_on_the_job_naming_the_prop(env, props, finding):
    # GIVEN a definition SageMaker would refuse, WHEN a job declares it
    with pytest.raises(TuningJobValidationError) as error:
        declare_job(env, role=env.role, **props)
    # THEN the finding names the API field and the typed prop
    assert finding in str(error.value)


def test_all_problems_are_reported_at_once(env):
    with pytest.raises(TuningJobValidationError) as error:
        declare_job(env, role=env.role, retry_attempts=0, max_pending=Duration.minutes(10))
    assert "(training.retry_attempts)" in str(error.value)
    assert "(training.max_pending)" in str(error.value)


def test_definitions_of_one_job_in_different_vpcs_need_explicit_security_groups(env):
    # GIVEN a job whose first definition creates its security group in one VPC
    first = env.algorithm_definition("a", role=env.role, vpc=ec2.Vpc(env.stack, "VpcA", max_azs=1))
    # AND a second definition in another VPC without security groups
    second = env.algorithm_definition("b", role=env.role, vpc=ec2.Vpc(env.stack, "VpcB", max_azs=1))
    # WHEN the job is declared, THEN it fails rather than reusing a group of the wrong VPC
    with raises_problem("one-vpc-per-job", r"use different VPCs: .* give 'security_groups' explicitly"):
        env.declare(first, second)


def test_number_token_hyperparameter_renders_as_the_token_string(env):
    # GIVEN a hyperparameter taken from a number parameter of the stack
    from aws_cdk import CfnParameter

    rounds = CfnParameter(env.stack, "Rounds", type="Number", default=100)
    # WHEN rendered
    request = env.render(role=env.role, static_hyperparameters={"num_round": rounds.value_as_number})
    # THEN it is the parameter's reference, not the token's float stand-in
    assert request["StaticHyperParameters"] == {"num_round": {"Ref": "Rounds"}}
