"""The instances a training job runs on: ``ResourceConfig``, or alternatives in ``InstanceConfigs``."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aws_cdk import Size
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam

from .prop_types import integer_error, seconds, type_error, whole_gib
from .request_builder import RequestBuilder

if TYPE_CHECKING:
    from .training import TrainingJobDefinition

_DEFAULT_INSTANCE_TYPE = "ml.m5.xlarge"
_DEFAULT_VOLUME = Size.gibibytes(10)


class AllocationStrategy(enum.Enum):
    """How SageMaker picks among ``instance_configs`` (``HyperParameterTuningResourceConfig.AllocationStrategy``)."""

    #: Try the instance configurations in the order given.
    PRIORITIZED = "Prioritized"


@dataclass(frozen=True)
class InstanceConfig:
    """One instance configuration a training job may run on (``HyperParameterTuningInstanceConfig``).

    :param instance_type: the instance type, ``ec2.InstanceType("m5.xlarge")`` or ``"ml.m5.xlarge"``.
    :param instance_count: the number of instances. :default: 1
    :param volume_size: the ML storage volume of each instance, in whole GiB. :default: Size.gibibytes(10)
    """

    instance_type: ec2.InstanceType | str
    instance_count: int = 1
    volume_size: Size = field(default_factory=lambda: _DEFAULT_VOLUME)


@dataclass(frozen=True)
class InstanceGroup:
    """A named group of instances of a heterogeneous cluster (``ResourceConfig.InstanceGroups``).

    :param instance_group_name: the group's name, which input channels may name.
    :param instance_type: the instance type, ``ec2.InstanceType("m5.xlarge")`` or ``"ml.m5.xlarge"``.
    :param instance_count: the number of instances. :default: 1
    """

    instance_group_name: str
    instance_type: ec2.InstanceType | str
    instance_count: int = 1


def render_instance_type(instance_type: ec2.InstanceType | str) -> str:
    """The API's instance type: ``ec2.InstanceType("m5.xlarge")`` is ``ml.m5.xlarge``."""
    if isinstance(instance_type, ec2.InstanceType):
        return f"ml.{instance_type.to_string()}"
    return instance_type


def _size_errors(prop: str, value: Any) -> list[str]:
    error = type_error(prop, value, Size)
    if error:
        return [error]
    try:
        whole_gib(value)
    except Exception:  # jsii raises for a size that is not a whole number of GiB
        return [f"'{prop}' must be a whole number of GiB, got {value}"]
    return []


def _instance_errors(prefix: str, instance_type: Any, count: Any, volume: Any) -> list[str]:
    errors = [
        error
        for error in (
            type_error(
                f"{prefix}instance_type",
                instance_type,
                (ec2.InstanceType, str),
                "ec2.InstanceType('m5.xlarge') or 'ml.m5.xlarge'",
            ),
            integer_error(f"{prefix}instance_count", count),
        )
        if error
    ]
    return errors + _size_errors(f"{prefix}volume_size", volume)


def instance_type_errors(definition: TrainingJobDefinition) -> list[str]:
    """The Python type errors of a definition's instance props, and props that cannot go together."""
    errors = [
        f"'instance_groups[{index}]' must be an InstanceGroup, got {group!r}"
        for index, group in enumerate(definition.instance_groups)
        if not isinstance(group, InstanceGroup)
    ]
    plan_error = type_error("training_plan_arn", definition.training_plan_arn, str)
    if plan_error:
        errors.append(plan_error)
    if not definition.instance_configs:
        if definition.allocation_strategy is not None:
            errors.append("'allocation_strategy' applies only with 'instance_configs'")
        return errors + _instance_errors(
            "", definition.instance_type, definition.instance_count, definition.volume_size
        )
    errors += [
        f"'{prop}' cannot be combined with 'instance_configs' (each config has its own)"
        for prop in (
            "instance_type",
            "instance_count",
            "volume_size",
            "keep_alive_period",
            "training_plan_arn",
        )
        if getattr(definition, prop) is not None
    ]
    if definition.instance_groups:
        errors.append("'instance_groups' cannot be combined with 'instance_configs'")
    for index, config in enumerate(definition.instance_configs):
        if not isinstance(config, InstanceConfig):
            errors.append(f"'instance_configs[{index}]' must be an InstanceConfig, got {config!r}")
            continue
        errors += _instance_errors(
            f"instance_configs[{index}].", config.instance_type, config.instance_count, config.volume_size
        )
    return errors


def render_resources(builder: RequestBuilder, definition: TrainingJobDefinition, role: iam.IRole) -> None:
    """Write ``ResourceConfig`` (or ``HyperParameterTuningResourceConfig``); the role may use the volume key."""
    key = definition.volume_encryption_key
    if key is not None:
        # SageMaker creates a grant for the instances' volumes on the role's behalf; only for an AWS
        # resource (kms:GrantIsForAWSResource), never a grant the role could give to anyone else.
        # https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource
        iam.Grant.add_to_principal(
            grantee=role,
            actions=["kms:CreateGrant"],
            resource_arns=[key.key_arn],
            conditions={"Bool": {"kms:GrantIsForAWSResource": "true"}},
        )
    key_arn = None if key is None else key.key_arn
    if definition.instance_configs:
        tuning = builder.at("HyperParameterTuningResourceConfig", "instance_configs")
        for index, item in enumerate(definition.instance_configs):
            config = tuning.at(f"InstanceConfigs[{index}]", f"[{index}]")
            config.put("InstanceType", render_instance_type(item.instance_type), "instance_type")
            config.put("InstanceCount", item.instance_count, "instance_count")
            config.put("VolumeSizeInGB", whole_gib(item.volume_size), "volume_size")
        strategy = definition.allocation_strategy
        builder.put(
            "HyperParameterTuningResourceConfig.AllocationStrategy",
            strategy and strategy.value,
            "allocation_strategy",
        )
        builder.put("HyperParameterTuningResourceConfig.VolumeKmsKeyId", key_arn, "volume_encryption_key")
        return
    builder.put("ResourceConfig", None, "instance_type")
    instance_type = definition.instance_type or _DEFAULT_INSTANCE_TYPE
    builder.put("ResourceConfig.InstanceType", render_instance_type(instance_type), "instance_type")
    count = 1 if definition.instance_count is None else definition.instance_count
    builder.put("ResourceConfig.InstanceCount", count, "instance_count")
    builder.put(
        "ResourceConfig.VolumeSizeInGB", whole_gib(definition.volume_size or _DEFAULT_VOLUME), "volume_size"
    )
    builder.put("ResourceConfig.VolumeKmsKeyId", key_arn, "volume_encryption_key")
    builder.put(
        "ResourceConfig.KeepAlivePeriodInSeconds", seconds(definition.keep_alive_period), "keep_alive_period"
    )
    builder.put("ResourceConfig.TrainingPlanArn", definition.training_plan_arn, "training_plan_arn")
    for index, group in enumerate(definition.instance_groups):
        group_builder = builder.at(f"ResourceConfig.InstanceGroups[{index}]", f"instance_groups[{index}]")
        group_builder.put("InstanceGroupName", group.instance_group_name, "instance_group_name")
        group_builder.put("InstanceType", render_instance_type(group.instance_type), "instance_type")
        group_builder.put("InstanceCount", group.instance_count, "instance_count")
