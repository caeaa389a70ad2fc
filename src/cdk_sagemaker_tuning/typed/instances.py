"""The instances a training job runs on: ``ResourceConfig``, or alternatives in ``InstanceConfigs``.

``ComputeOptions`` is the keyword group of ``TrainingJobDefinition`` for them; ``Compute`` is its frozen value
object, which owns the type checks and the rendering. A new compute field is one line in ``ComputeOptions``
(with its ``:param:``) and one render line in :meth:`Compute.render`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

from aws_cdk import Duration, Size
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms

from .._core import checks
from .._data.service_limits import has_local_storage
from .prop_types import Finding, integer_error, seconds, type_error, whole_gib
from .reference_props import key_error
from .request_builder import RequestBuilder

_DEFAULT_INSTANCE_TYPE = "ml.m5.xlarge"
#: The finding of props that exclude one another.
_combination = checks.PROP_COMBINATION.problem
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


@dataclass(frozen=True)
class PlacementSpecification:
    """How many instances go on one UltraServer (``InstancePlacementConfig.PlacementSpecifications``).

    :param instance_count: the number of instances placed together.
    :param ultra_server_id: the UltraServer to place them on. :default: - SageMaker chooses
    """

    instance_count: int
    ultra_server_id: str | None = None


@dataclass(frozen=True)
class InstancePlacement:
    """Where the training jobs' instances are placed (``ResourceConfig.InstancePlacementConfig``).

    :param enable_multiple_jobs: let several training jobs share the reserved UltraServer capacity.
        :default: - SageMaker's default
    :param placement_specifications: up to 10 placements of instances on UltraServers. :default: - none
    """

    enable_multiple_jobs: bool | None = None
    placement_specifications: Sequence[PlacementSpecification] = ()


@dataclass(frozen=True)
class InstancePreference:
    """One instance type SageMaker may pick, in priority order (an item of ``ResourceConfig.InstancePreferences``).

    :param instance_type: the instance type, ``ec2.InstanceType("m5.xlarge")`` or ``"ml.m5.xlarge"``.
    :param instance_count: the instances to launch if this type is picked; give it on every preference, or
        give the definition's ``instance_count`` instead. :default: - the definition's ``instance_count``
    :param training_plan_arn: the training plan whose reserved capacity this type uses
        (``TrainingPlanArns``). Not with the definition's ``training_plan_arn``. :default: - on-demand capacity
    """

    instance_type: ec2.InstanceType | str
    instance_count: int | None = None
    training_plan_arn: str | None = None


class ComputeOptions(TypedDict, total=False):
    """The instances of a training job definition (``ResourceConfig`` or ``HyperParameterTuningResourceConfig``).

    :param instance_type: the instance type, ``ec2.InstanceType("m5.xlarge")`` (rendered ``ml.m5.xlarge``)
        or the API's ``"ml.m5.xlarge"``. Not with ``instance_configs``.
        :default: - ml.m5.xlarge, unless ``instance_configs`` is given
    :param instance_count: instances per training job. Not with ``instance_configs``. :default: 1
    :param volume_size: the ML storage volume per instance, whole GiB. Not with ``instance_configs``.
        :default: Size.gibibytes(10)
    :param volume_encryption_key: KMS key of the ML storage volumes (``VolumeKmsKeyId``); the role may
        create grants on it. :default: - AWS managed encryption
    :param instance_configs: up to 6 alternative instance configurations
        (``HyperParameterTuningResourceConfig``), instead of ``instance_type``, ``instance_count`` and
        ``volume_size``. :default: - one ``ResourceConfig`` from ``instance_type``
    :param allocation_strategy: how SageMaker picks among ``instance_configs``.
        :default: - SageMaker's default (prioritized)
    :param instance_groups: up to 5 named instance groups of a heterogeneous cluster
        (``ResourceConfig.InstanceGroups``); input channels may name them. :default: - none
    :param keep_alive_period: how long SageMaker keeps the instances warm for the next training job
        (``KeepAlivePeriodInSeconds``, up to 6 hours). :default: - not kept
    :param training_plan_arn: the SageMaker training plan whose reserved capacity the jobs use
        (``TrainingPlanArn``). :default: - on-demand capacity
    :param instance_placement: where the instances are placed on UltraServers
        (``ResourceConfig.InstancePlacementConfig``). Not with ``instance_configs``. :default: - none
    :param instance_preferences: up to 5 instance types in priority order; SageMaker runs each training job on
        the first with capacity (``ResourceConfig.InstancePreferences``). Not with ``instance_type``,
        ``instance_groups``, ``instance_placement``, ``instance_configs`` or ``spot``.
        :default: - the one ``instance_type``
    """

    instance_type: ec2.InstanceType | str | None
    instance_count: int | None
    volume_size: Size | None
    volume_encryption_key: kms.IKey | None
    instance_configs: Sequence[InstanceConfig] | None
    allocation_strategy: AllocationStrategy | None
    instance_groups: Sequence[InstanceGroup] | None
    keep_alive_period: Duration | None
    training_plan_arn: str | None
    instance_placement: InstancePlacement | None
    instance_preferences: Sequence[InstancePreference] | None


def render_instance_type(instance_type: ec2.InstanceType | str) -> str:
    """The API's instance type: ``ec2.InstanceType("m5.xlarge")`` is ``ml.m5.xlarge``."""
    if isinstance(instance_type, ec2.InstanceType):
        return f"ml.{instance_type.to_string()}"
    return instance_type


def _size_errors(prop: str, value: Any) -> list[Finding]:
    error = type_error(prop, value, Size)
    if error:
        return [error]
    try:
        whole_gib(value)
    except Exception:  # jsii raises for a size that is not a whole number of GiB
        return [
            checks.PROP_VALUE.problem(f"'{prop}' must be a whole number of GiB, got {value}", value=value)
        ]
    return []


def _instance_errors(prefix: str, instance_type: Any, count: Any, volume: Any) -> list[Finding]:
    errors: list[Finding] = [
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


@dataclass(frozen=True)
class Compute:
    """The ``ComputeOptions`` of one training job definition as a value: type checks and render.

    :param options: the options as given to ``TrainingJobDefinition``.
    """

    options: ComputeOptions

    @property
    def instance_configs(self) -> tuple[InstanceConfig, ...]:
        return tuple(self.options.get("instance_configs") or ())

    @property
    def instance_groups(self) -> tuple[InstanceGroup, ...]:
        return tuple(self.options.get("instance_groups") or ())

    @property
    def instance_preferences(self) -> tuple[InstancePreference, ...]:
        return tuple(self.options.get("instance_preferences") or ())

    def _all_local_storage(self) -> bool:
        """Whether every instance type is known and has local NVMe storage (no volume key applies)."""
        if self.instance_preferences and not self.instance_configs:
            return False  # SageMaker picks the type
        types = [c.instance_type for c in self.instance_configs] or [
            self.options.get("instance_type") or _DEFAULT_INSTANCE_TYPE,
            *(group.instance_type for group in self.instance_groups),
        ]
        return all(has_local_storage(str(render_instance_type(t))) for t in types)

    def errors(self) -> list[Finding]:
        """The Python type errors of the props, and props that cannot go together (``prop-combination``)."""
        options = self.options
        errors: list[Finding] = [
            error
            for error in (
                key_error("volume_encryption_key", options.get("volume_encryption_key")),
                type_error(
                    "allocation_strategy",
                    options.get("allocation_strategy"),
                    AllocationStrategy,
                    "PRIORITIZED",
                ),
                type_error("training_plan_arn", options.get("training_plan_arn"), str),
                type_error("instance_placement", options.get("instance_placement"), InstancePlacement),
            )
            if error
        ]
        errors += [
            f"'instance_groups[{index}]' must be an InstanceGroup, got {group!r}"
            for index, group in enumerate(self.instance_groups)
            if not isinstance(group, InstanceGroup)
        ]
        placement = options.get("instance_placement")
        if isinstance(placement, InstancePlacement):
            errors += _placement_errors(placement)
        errors += _preference_errors(self.instance_preferences, options)
        if not self.instance_configs:
            if options.get("allocation_strategy") is not None:
                errors.append(_combination("'allocation_strategy' applies only with 'instance_configs'"))
            return errors + _instance_errors(
                "", options.get("instance_type"), options.get("instance_count"), options.get("volume_size")
            )
        errors += [
            _combination(f"'{prop}' cannot be combined with 'instance_configs' (each config has its own)")
            for prop in (
                "instance_type",
                "instance_count",
                "volume_size",
                "keep_alive_period",
                "training_plan_arn",
                "instance_placement",
                "instance_preferences",
            )
            if options.get(prop) is not None
        ]
        if self.instance_groups:
            errors.append(_combination("'instance_groups' cannot be combined with 'instance_configs'"))
        for index, config in enumerate(self.instance_configs):
            if not isinstance(config, InstanceConfig):
                errors.append(f"'instance_configs[{index}]' must be an InstanceConfig, got {config!r}")
                continue
            errors += _instance_errors(
                f"instance_configs[{index}].", config.instance_type, config.instance_count, config.volume_size
            )
        return errors

    def render(self, builder: RequestBuilder, role: iam.IRole) -> None:
        """Write ``ResourceConfig`` (or ``HyperParameterTuningResourceConfig``); the role may use the volume key."""
        options = self.options
        key = options.get("volume_encryption_key")
        # SageMaker never uses a volume key on local NVMe storage (validation refuses the pair): no grant.
        if key is not None and not self._all_local_storage():
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
        if self.instance_configs:
            _render_instance_configs(
                builder, self.instance_configs, options.get("allocation_strategy"), key_arn
            )
            return
        builder.put("ResourceConfig", None, "instance_type")
        count = options.get("instance_count")
        if self.instance_preferences:  # SageMaker picks the type; one count, or one per preference
            _render_preferences(
                builder.at("ResourceConfig.InstancePreferences", "instance_preferences"), self
            )
            builder.put("ResourceConfig.InstanceCount", count, "instance_count")
        else:
            instance_type = options.get("instance_type") or _DEFAULT_INSTANCE_TYPE
            builder.put("ResourceConfig.InstanceType", render_instance_type(instance_type), "instance_type")
            builder.put("ResourceConfig.InstanceCount", 1 if count is None else count, "instance_count")
        volume = whole_gib(options.get("volume_size") or _DEFAULT_VOLUME)
        builder.put("ResourceConfig.VolumeSizeInGB", volume, "volume_size")
        builder.put("ResourceConfig.VolumeKmsKeyId", key_arn, "volume_encryption_key")
        keep_alive = seconds(options.get("keep_alive_period"))
        builder.put("ResourceConfig.KeepAlivePeriodInSeconds", keep_alive, "keep_alive_period")
        builder.put("ResourceConfig.TrainingPlanArn", options.get("training_plan_arn"), "training_plan_arn")
        for index, group in enumerate(self.instance_groups):
            group_builder = builder.at(f"ResourceConfig.InstanceGroups[{index}]", f"instance_groups[{index}]")
            group_builder.put("InstanceGroupName", group.instance_group_name, "instance_group_name")
            group_builder.put("InstanceType", render_instance_type(group.instance_type), "instance_type")
            group_builder.put("InstanceCount", group.instance_count, "instance_count")
        placement = options.get("instance_placement")
        if placement is not None:
            _render_placement(
                builder.at("ResourceConfig.InstancePlacementConfig", "instance_placement"), placement
            )


def _render_instance_configs(
    builder: RequestBuilder,
    configs: Sequence[InstanceConfig],
    strategy: AllocationStrategy | None,
    key_arn: str | None,
) -> None:
    tuning = builder.at("HyperParameterTuningResourceConfig", "instance_configs")
    for index, item in enumerate(configs):
        config = tuning.at(f"InstanceConfigs[{index}]", f"[{index}]")
        config.put("InstanceType", render_instance_type(item.instance_type), "instance_type")
        config.put("InstanceCount", item.instance_count, "instance_count")
        config.put("VolumeSizeInGB", whole_gib(item.volume_size), "volume_size")
    builder.put(
        "HyperParameterTuningResourceConfig.AllocationStrategy",
        strategy and strategy.value,
        "allocation_strategy",
    )
    builder.put("HyperParameterTuningResourceConfig.VolumeKmsKeyId", key_arn, "volume_encryption_key")


def _placement_errors(placement: InstancePlacement) -> list[str]:
    errors = [type_error("instance_placement.enable_multiple_jobs", placement.enable_multiple_jobs, bool)]
    for index, spec in enumerate(placement.placement_specifications):
        prop = f"instance_placement.placement_specifications[{index}]"
        if not isinstance(spec, PlacementSpecification):
            errors.append(f"'{prop}' must be a PlacementSpecification, got {spec!r}")
            continue
        errors += [
            integer_error(f"{prop}.instance_count", spec.instance_count),
            type_error(f"{prop}.ultra_server_id", spec.ultra_server_id, str),
        ]
    return [error for error in errors if error]


def _render_placement(builder: RequestBuilder, placement: InstancePlacement) -> None:
    builder.put("EnableMultipleJobs", placement.enable_multiple_jobs, "enable_multiple_jobs")
    for index, spec in enumerate(placement.placement_specifications):
        item = builder.at(f"PlacementSpecifications[{index}]", f"placement_specifications[{index}]")
        item.put("InstanceCount", spec.instance_count, "instance_count")
        item.put("UltraServerId", spec.ultra_server_id, "ultra_server_id")


def _preference_errors(preferences: Sequence[InstancePreference], options: ComputeOptions) -> list[Finding]:
    if not preferences:
        return []
    # SageMaker: InstancePreferences excludes InstanceType, InstanceGroups and InstancePlacementConfig.
    errors: list[Finding] = [
        _combination(
            f"'{prop}' cannot be combined with 'instance_preferences' (SageMaker picks the type among them)"
        )
        for prop in ("instance_type", "instance_groups", "instance_placement")
        if options.get(prop)
    ]
    for index, preference in enumerate(preferences):
        prop = f"instance_preferences[{index}]"
        if not isinstance(preference, InstancePreference):
            errors.append(f"'{prop}' must be an InstancePreference, got {preference!r}")
            continue
        found = [
            type_error(
                f"{prop}.instance_type",
                preference.instance_type,
                (ec2.InstanceType, str),
                "ec2.InstanceType('m5.xlarge') or 'ml.m5.xlarge'",
            ),
            integer_error(f"{prop}.instance_count", preference.instance_count),
            type_error(f"{prop}.training_plan_arn", preference.training_plan_arn, str),
        ]
        errors += [error for error in found if error]
        if preference.training_plan_arn is not None and options.get("training_plan_arn") is not None:
            message = (
                f"'{prop}.training_plan_arn' cannot be combined with the definition's 'training_plan_arn'"
            )
            errors.append(_combination(message))
    return errors


def _render_preferences(builder: RequestBuilder, compute: Compute) -> None:
    for index, preference in enumerate(compute.instance_preferences):
        item = builder.at(f"[{index}]", f"[{index}]")
        item.put("InstanceType", render_instance_type(preference.instance_type), "instance_type")
        item.put("InstanceCount", preference.instance_count, "instance_count")
        plan = preference.training_plan_arn
        item.put("TrainingPlanArns", None if plan is None else [plan], "training_plan_arn")
