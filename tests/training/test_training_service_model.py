"""The rendered definition against botocore's SageMaker model: valid shapes, and every member covered."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Duration, Size, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from botocore.validate import ParamValidator

from cdk_sagemaker_tuning import (
    AllocationStrategy,
    CompressionType,
    ContinuousParameter,
    HyperParameterTuningJob,
    InputMode,
    InstanceConfig,
    MetricDefinition,
    OutputCompression,
    RecordWrapper,
    S3DataDistribution,
    TrainingAlgorithm,
    TrainingCheckpoint,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningObjective,
)
from tests.support.api_model import vendored_service_model

SHAPE = "HyperParameterTrainingJobDefinition"


@pytest.fixture(scope="module")
def model() -> Any:
    # The model the library validates against and the handler sends with: the vendored one.
    return vendored_service_model()


@pytest.fixture(scope="module")
def rendered() -> list[dict[str, Any]]:
    # GIVEN imported resources with literal names, so the request resolves to plain API values
    stack = Stack(App(), "Model", env={"region": "eu-west-1", "account": "123456789012"})
    bucket = s3.Bucket.from_bucket_name(stack, "Bucket", "example-bucket")
    key = kms.Key.from_key_arn(
        stack, "Key", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    )
    role = iam.Role.from_role_arn(stack, "Role", "arn:aws:iam::123456789012:role/training", mutable=False)
    vpc = ec2.Vpc.from_vpc_attributes(
        stack, "Vpc", vpc_id="vpc-12345678", availability_zones=["eu-west-1a"],
        private_subnet_ids=["subnet-12345678"],
    )  # fmt: skip
    group = ec2.SecurityGroup.from_security_group_id(stack, "Group", "sg-12345678")
    common: dict[str, Any] = {
        "algorithm": TrainingAlgorithm.from_image_uri(
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/trainer:1",
            input_mode=InputMode.FILE,
            metric_definitions=[MetricDefinition("loss", r"loss=([0-9.]+)")],
        ),
        "role": role,
        "inputs": [
            TrainingInput.from_bucket(
                bucket,
                "train/",
                channel_name="train",
                content_type="text/csv",
                compression=CompressionType.NONE,
                record_wrapper=RecordWrapper.NONE,
                distribution=S3DataDistribution.SHARDED_BY_S3_KEY,
                input_mode=InputMode.PIPE,
                shuffle_seed=3,
            ),
            TrainingInput.from_efs("fs-0123456789abcdef0", "/data", channel_name="efs"),
        ],
        "output": TrainingOutput(bucket, "out/", encryption_key=key, compression=OutputCompression.GZIP),
        "max_runtime": Duration.hours(1),
        "max_wait": Duration.hours(2),
        "max_pending": Duration.hours(1),
        "spot": True,
        "checkpoint": TrainingCheckpoint(bucket, "ckpt/", local_path="/opt/ml/checkpoints"),
        "retry_attempts": 2,
        "environment": {"MODE": "tuning"},
        "static_hyperparameters": {"epochs": 10},
        "vpc": vpc,
        "security_groups": [group],
        "enable_network_isolation": True,
        "encrypt_inter_container_traffic": True,
        "definition_name": "custom",
        "objective": TuningObjective.minimize("loss"),
        "parameter_ranges": [ContinuousParameter("lr", 0.001, 0.1)],
        "volume_encryption_key": key,
    }
    # WHEN a definition is rendered once with a ResourceConfig and once with instance configs
    with_resource_config = TrainingJobDefinition(
        instance_type="ml.m5.xlarge", instance_count=1, volume_size=Size.gibibytes(20), **common
    )
    with_instance_configs = TrainingJobDefinition(
        instance_configs=[
            InstanceConfig("ml.m5.xlarge"),
            InstanceConfig("ml.c5.xlarge", 2, Size.gibibytes(5)),
        ],
        allocation_strategy=AllocationStrategy.PRIORITIZED,
        **common,
    )
    jobs = [
        HyperParameterTuningJob(stack, f"Job{index}", max_training_jobs=2, training_definitions=[definition])
        for index, definition in enumerate([with_resource_config, with_instance_configs])
    ]
    return [stack.resolve(job.request)["TrainingJobDefinitions"][0] for job in jobs]


def test_rendered_definitions_are_valid_for_botocore(model, rendered):
    # THEN botocore's validator (types, required members, ranges) accepts both
    shape = model.shape_for(SHAPE)
    for request in rendered:
        report = ParamValidator().validate(request, shape)
        assert not report.has_errors(), report.generate_report()


def test_every_member_of_the_definition_shape_is_covered(model, rendered):
    # THEN between them, the renders use every member of HyperParameterTrainingJobDefinition
    members = set(model.shape_for(SHAPE).members)
    used = set(rendered[0]) | set(rendered[1])
    assert members - used == set()


def test_resource_config_and_tuning_resource_config_are_exclusive(rendered):
    assert "HyperParameterTuningResourceConfig" not in rendered[0]
    assert "ResourceConfig" not in rendered[1]


def test_enum_values_are_the_models(model, rendered):
    # botocore's validator does not check enums: check the ones the definition renders
    request = rendered[1]
    channel = model.shape_for("Channel").members
    train = request["InputDataConfig"][0]
    assert train["CompressionType"] in channel["CompressionType"].enum
    assert train["RecordWrapperType"] in channel["RecordWrapperType"].enum
    assert train["InputMode"] in channel["InputMode"].enum
    s3_source = model.shape_for("S3DataSource").members
    assert (
        train["DataSource"]["S3DataSource"]["S3DataDistributionType"]
        in s3_source["S3DataDistributionType"].enum
    )
    assert train["DataSource"]["S3DataSource"]["S3DataType"] in s3_source["S3DataType"].enum
    file_system = model.shape_for("FileSystemDataSource").members
    efs = request["InputDataConfig"][1]["DataSource"]["FileSystemDataSource"]
    assert efs["FileSystemAccessMode"] in file_system["FileSystemAccessMode"].enum
    assert efs["FileSystemType"] in file_system["FileSystemType"].enum
    output = model.shape_for("OutputDataConfig").members
    assert request["OutputDataConfig"]["CompressionType"] in output["CompressionType"].enum
    tuning = model.shape_for("HyperParameterTuningResourceConfig").members
    assert (
        request["HyperParameterTuningResourceConfig"]["AllocationStrategy"]
        in tuning["AllocationStrategy"].enum
    )
    algorithm = model.shape_for("HyperParameterAlgorithmSpecification").members
    assert request["AlgorithmSpecification"]["TrainingInputMode"] in algorithm["TrainingInputMode"].enum
