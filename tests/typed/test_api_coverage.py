"""The typed API against botocore's model of ``CreateHyperParameterTuningJob``, to full depth.

Every member of every structure the request can reach (``ResourceConfig.InstancePlacementConfig``, not only
``TrainingJobDefinition``) is either written by some typed declaration below, or listed in ``RAW_ONLY`` with
the reason it is left to ``from_request`` / ``add_request_override``. A member the model gains, or one a
typed class stops writing, fails the test by name; so does an allow-list entry that is no longer needed.
"""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Duration, Size, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from cdk_sagemaker_tuning import (
    AllocationStrategy,
    AutoParameter,
    CategoricalParameter,
    CompressionType,
    ContinuousParameter,
    HyperParameterTuningJob,
    InputMode,
    InstanceConfig,
    InstanceGroup,
    InstancePlacement,
    InstancePreference,
    IntegerParameter,
    MetricDefinition,
    OutputCompression,
    PlacementSpecification,
    RecordWrapper,
    S3DataDistribution,
    S3DataType,
    ScalingType,
    TrainingAlgorithm,
    TrainingCheckpoint,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningJobCompletionCriteria,
    TuningObjective,
    TuningStrategy,
    WarmStart,
)
from tests.support.api_model import vendored_service_model

OPERATION = "CreateHyperParameterTuningJob"
PLAN_ARN = "arn:aws:sagemaker:eu-west-1:123456789012:training-plan/plan"

#: ``Structure.Member`` -> why the typed API leaves it to the raw request.
RAW_ONLY: dict[str, str] = {
    "HyperParameterTuningResourceConfig.InstanceType": "the single-type form of the tuning resource config: "
    "the typed API writes ResourceConfig for one instance type and InstanceConfigs for alternatives",
    "HyperParameterTuningResourceConfig.InstanceCount": "as HyperParameterTuningResourceConfig.InstanceType",
    "HyperParameterTuningResourceConfig.VolumeSizeInGB": "as HyperParameterTuningResourceConfig.InstanceType",
    "ResourceConfig.SelectedInstanceType": "read-only: SageMaker reports the type it chose among "
    "InstancePreferences (DescribeTrainingJob); not accepted in a create request",
    "ResourceConfig.SelectedInstanceCount": "read-only, as ResourceConfig.SelectedInstanceType",
}


def reachable_members(model: Any) -> set[str]:
    """``Structure.Member`` of every structure reachable from the operation's input."""
    found: set[str] = set()
    seen: set[str] = set()

    def walk(shape: Any) -> None:
        if shape.name in seen:
            return
        seen.add(shape.name)
        if shape.type_name == "structure":
            for name, member in shape.members.items():
                found.add(f"{shape.name}.{name}")
                walk(member)
        elif shape.type_name == "list":
            walk(shape.member)
        elif shape.type_name == "map":
            walk(shape.value)

    walk(model.operation_model(OPERATION).input_shape)
    return found


def written_members(shape: Any, value: Any, found: set[str]) -> None:
    """Add ``Structure.Member`` of every member ``value`` (a rendered request, resolved) writes."""
    if shape.type_name == "structure" and isinstance(value, dict):
        for name, item in value.items():
            if name in shape.members:
                found.add(f"{shape.name}.{name}")
                written_members(shape.members[name], item, found)
    elif shape.type_name == "list" and isinstance(value, list):
        for item in value:
            written_members(shape.member, item, found)
    elif shape.type_name == "map" and isinstance(value, dict):
        for item in value.values():
            written_members(shape.value, item, found)


@pytest.fixture(scope="module")
def model() -> Any:
    # The model the library validates against and the handler sends with: the vendored one.
    return vendored_service_model()


def _resources(stack: Stack) -> dict[str, Any]:
    """Imported resources with literal names, so requests resolve to plain API values."""
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
    return {"bucket": bucket, "key": key, "role": role, "vpc": vpc, "group": group}


def _single_algorithm_job(stack: Stack) -> HyperParameterTuningJob:
    """Job-level props at their fullest, over a definition with a ResourceConfig and every channel kind."""
    r = _resources(stack)
    bucket = r["bucket"]
    definition = TrainingJobDefinition(
        algorithm=TrainingAlgorithm.from_image_uri(
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/trainer:1",
            input_mode=InputMode.FILE,
            metric_definitions=[MetricDefinition("loss", r"loss=([0-9.]+)")],
        ),
        role=r["role"],
        inputs=[
            TrainingInput.from_bucket(
                bucket,
                "train/",
                channel_name="train",
                distribution=S3DataDistribution.SHARDED_BY_S3_KEY,
                content_type="text/csv",
                compression=CompressionType.NONE,
                record_wrapper=RecordWrapper.NONE,
                input_mode=InputMode.PIPE,
                shuffle_seed=3,
            ),
            TrainingInput.from_s3_uri(
                "s3://example-bucket/manifest.json",
                channel_name="manifest",
                s3_data_type=S3DataType.AUGMENTED_MANIFEST_FILE,
                attribute_names=["source-ref", "label"],
                input_mode=InputMode.PIPE,
                accept_eula=True,
                hub_content_arn="arn:aws:sagemaker:eu-west-1:aws:hub-content/SageMakerPublicHub/Model/m/1.0.0",
            ),
            TrainingInput.from_efs("fs-0123456789abcdef0", "/data", channel_name="efs"),
            TrainingInput.from_dataset(
                "arn:aws:sagemaker:eu-west-1:123456789012:hub-content/hub/DataSet/d/1.0.0", channel_name="hub"
            ),
        ],
        output=TrainingOutput(bucket, "out/", encryption_key=r["key"], compression=OutputCompression.GZIP),
        instance_type="ml.m5.xlarge",
        instance_count=1,
        volume_size=Size.gibibytes(20),
        volume_encryption_key=r["key"],
        keep_alive_period=Duration.minutes(30),
        training_plan_arn=PLAN_ARN,
        instance_placement=InstancePlacement(
            enable_multiple_jobs=True,
            placement_specifications=[PlacementSpecification(2, ultra_server_id="us-1")],
        ),
        max_runtime=Duration.hours(1),
        max_wait=Duration.hours(2),
        max_pending=Duration.hours(1),
        spot=True,
        checkpoint=TrainingCheckpoint(bucket, "ckpt/", local_path="/opt/ml/checkpoints"),
        retry_attempts=2,
        environment={"MODE": "tuning"},
        static_hyperparameters={"epochs": 10},
        vpc=r["vpc"],
        security_groups=[r["group"]],
        enable_network_isolation=True,
        encrypt_inter_container_traffic=True,
    )
    job = HyperParameterTuningJob(
        stack,
        "Single",
        tuning_job_name="single",
        objective=TuningObjective.minimize("loss"),
        parameter_ranges=[
            IntegerParameter("depth", 1, 10, scaling=ScalingType.LINEAR),
            ContinuousParameter("lr", 0.001, 0.1, scaling=ScalingType.LOGARITHMIC),
            CategoricalParameter("booster", ["gbtree", "dart"]),
        ],
        max_training_jobs=20,
        max_parallel_training_jobs=2,
        max_runtime=Duration.hours(6),
        early_stopping=True,
        completion_criteria=TuningJobCompletionCriteria(
            target_objective_value=0.1, max_jobs_not_improving=5, complete_on_convergence=True
        ),
        random_seed=7,
        warm_start=WarmStart.transfer_learning("parent-job"),
        training=definition,
    )
    job.tags.set_tag("team", "ml")
    return job


def _multi_algorithm_job(stack: Stack) -> HyperParameterTuningJob:
    """Hyperband over two definitions: instance configs, and instance groups with an algorithm resource."""
    r = _resources(stack)
    bucket = r["bucket"]
    common: dict[str, Any] = {
        "role": r["role"],
        "output": TrainingOutput(bucket, "out/"),
        "objective": TuningObjective.minimize("loss"),
        "parameter_ranges": [IntegerParameter("epochs", 1, 10)],
    }
    with_configs = TrainingJobDefinition(
        algorithm=TrainingAlgorithm.from_image_uri(
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/trainer:1",
            metric_definitions=[MetricDefinition("loss", r"loss=([0-9.]+)")],
        ),
        definition_name="configs",
        instance_configs=[
            InstanceConfig("ml.m5.xlarge"),
            InstanceConfig("ml.c5.xlarge", 2, Size.gibibytes(5)),
        ],
        allocation_strategy=AllocationStrategy.PRIORITIZED,
        volume_encryption_key=r["key"],
        **common,
    )
    with_groups = TrainingJobDefinition(
        algorithm=TrainingAlgorithm.from_algorithm_name("my-algorithm"),
        definition_name="groups",
        instance_groups=[InstanceGroup("workers", "ml.c5.xlarge", 2)],
        inputs=[
            TrainingInput.from_bucket(
                bucket, "train/", channel_name="train", instance_group_names=["workers"]
            )
        ],
        **common,
    )
    return HyperParameterTuningJob(
        stack,
        "Multi",
        strategy=TuningStrategy.hyperband(min_resource=1, max_resource=10),
        max_training_jobs=10,
        training_definitions=[with_configs, with_groups],
    )


def _autotune_job(stack: Stack) -> HyperParameterTuningJob:
    """Autotune, over a definition whose instance type SageMaker picks among preferences."""
    r = _resources(stack)
    return HyperParameterTuningJob(
        stack,
        "Autotune",
        autotune=True,
        objective=TuningObjective.maximize("validation:auc"),
        parameter_ranges=[AutoParameter("alpha", value_hint="0.5")],
        training=TrainingJobDefinition(
            algorithm=TrainingAlgorithm.from_image_uri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/t:1"),
            role=r["role"],
            output=TrainingOutput(r["bucket"], "out/"),
            instance_preferences=[
                InstancePreference("ml.p5.48xlarge", 1, training_plan_arn=PLAN_ARN),
                InstancePreference("ml.p4d.24xlarge", 2),
            ],
        ),
    )


@pytest.fixture(scope="module")
def written(model: Any) -> set[str]:
    input_shape = model.operation_model(OPERATION).input_shape
    found: set[str] = set()
    for declare in (_single_algorithm_job, _multi_algorithm_job, _autotune_job):
        stack = Stack(
            App(),
            declare.__name__.strip("_").replace("_", "-"),
            env={"region": "eu-west-1", "account": "123456789012"},
        )
        job = declare(stack)
        written_members(input_shape, stack.resolve(job.request), found)
    return found


def test_every_member_of_the_request_is_typed_or_allow_listed_as_raw_only(model, written):
    missing = reachable_members(model) - written - set(RAW_ONLY)
    assert sorted(missing) == [], "\n".join(sorted(missing))


def test_the_allow_list_names_only_members_the_model_has_and_the_typed_api_does_not_write(model, written):
    assert sorted(set(RAW_ONLY) - reachable_members(model)) == []
    assert sorted(set(RAW_ONLY) & written) == []
