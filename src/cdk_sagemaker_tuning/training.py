"""One training job definition of a tuning job (the API's ``HyperParameterTrainingJobDefinition``).

A ``TrainingJobDefinition`` holds typed props; the tuning job calls ``definition._bind(job)`` which
creates what is missing (the execution role, a security group) in the job's scope, grants the role what
the definition uses, and renders the request::

    TrainingJobDefinition(
        algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST, "1.7-1"),
        inputs=[
            TrainingInput.from_bucket(bucket, "data/train/", channel_name="train", content_type="text/csv"),
            TrainingInput.from_bucket(bucket, "data/validation/", channel_name="validation",
                                      content_type="text/csv"),
        ],
        output=TrainingOutput(bucket, "output/"),
        instance_type=ec2.InstanceType("m5.xlarge"),
        max_runtime=Duration.hours(1),
        static_hyperparameters={"objective": "binary:logistic", "num_round": 100},
    )
"""

from __future__ import annotations

import copy
import enum
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aws_cdk import Acknowledgment, ArnFormat, Duration, Size, Stack, Token, Validations
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from constructs import Construct

from .algorithms import TrainingAlgorithm
from .channels import TrainingCheckpoint, TrainingInput, TrainingOutput
from .objective import TuningObjective
from .parameters import ParameterRange, render_parameter_ranges

if TYPE_CHECKING:
    from .tuning_job import HyperParameterTuningJob

#: Construct ids, in the tuning job's scope, of what a definition creates when it is not given.
ROLE_ID = "Role"
SECURITY_GROUP_ID = "SecurityGroup"

SAGEMAKER_PRINCIPAL = "sagemaker.amazonaws.com"
_TRAINING_LOG_GROUP = "/aws/sagemaker/TrainingJobs"
_DEFAULT_INSTANCE_TYPE = "ml.m5.xlarge"
_DEFAULT_VOLUME = Size.gibibytes(10)
_DEFAULT_MAX_RUNTIME = Duration.days(1)

_DEFINITION_NAME = re.compile(r"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}$")
_ENVIRONMENT_KEY = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]{0,511}$")
_MAX_CHANNELS = 20
_MAX_HYPERPARAMETERS = 100
_MAX_ENVIRONMENT = 48
_MAX_INSTANCE_CONFIGS = 6
_MAX_SECURITY_GROUPS = 5
_MAX_SUBNETS = 16
_MAX_PENDING = (Duration.minutes(30), Duration.days(28))

HyperParameterValue = str | int | float | bool


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
class BoundTrainingDefinition:
    """A training job definition rendered for one tuning job.

    :param request: the ``HyperParameterTrainingJobDefinition`` in the API's structure (tokens allowed).
    :param prop_names: API path relative to the definition -> the typed prop it came from, for messages.
    :param role: the execution role passed to SageMaker.
    :param connections: the training jobs' network connections when a VPC is configured.
    """

    request: dict[str, Any]
    prop_names: dict[str, str]
    role: iam.IRole
    connections: ec2.Connections | None


class TrainingJobDefinition:
    """How the tuning job's training jobs run: algorithm, data, output, resources, limits and network.

    Pass it as ``training=`` (or one of ``training_definitions=``) of ``HyperParameterTuningJob``.

    :param algorithm: what the training jobs run; see ``TrainingAlgorithm``.
    :param output: where the model artifacts go; the role may write there.
    :param role: the execution role SageMaker assumes. A given role receives the grants of the data,
        output, checkpoint, keys and image when it is mutable, but not the logs, metrics and network
        permissions, which it must already have (as with aws-cdk-lib's SageMakerCreateTrainingJob).
        :default: - a role trusted by sagemaker.amazonaws.com only is created in the tuning job's scope
        (id ``Role``, shared by the job's definitions), allowed to write the training jobs' logs and
        metrics, and granted what the definition uses
    :param inputs: the input channels (up to 20, unique names). :default: - no input channels
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
    :param max_runtime: the longest a training job may run (``MaxRuntimeInSeconds``).
        :default: Duration.days(1) - SageMaker's own default
    :param max_wait: with ``spot``, the longest a job may wait for spot capacity plus run
        (``MaxWaitTimeInSeconds``, at least ``max_runtime``). Required with ``spot``. :default: - none
    :param max_pending: the longest a job may stay pending, 30 minutes to 28 days
        (``MaxPendingTimeInSeconds``). :default: - SageMaker's default
    :param spot: use managed spot training (``EnableManagedSpotTraining``). :default: false
    :param checkpoint: where checkpoints are kept; the role may read and write there. :default: - none
    :param retry_attempts: retries of a training job after an internal error, 1 to 30
        (``RetryStrategy.MaximumRetryAttempts``). :default: - no retry
    :param environment: environment variables of the training container (up to 48). :default: - none
    :param static_hyperparameters: hyperparameters that every training job gets. Values may be str,
        int, float or bool; SageMaker wants strings, so ``100`` is sent as ``"100"``, ``0.5`` as ``"0.5"``
        and ``True`` as ``"true"``. A name may not also be a tuned parameter range. :default: - none
    :param vpc: the VPC the training containers join. :default: - no VPC
    :param vpc_subnets: the subnets in ``vpc``. :default: - the VPC's private subnets
    :param security_groups: up to 5 security groups. :default: - one is created in the tuning job's
        scope (id ``SecurityGroup``, shared by the job's definitions) when ``vpc`` is given
    :param enable_network_isolation: forbid the containers any network access
        (``EnableNetworkIsolation``). :default: - false
    :param encrypt_inter_container_traffic: encrypt traffic between the instances of distributed
        training (``EnableInterContainerTrafficEncryption``). :default: - false
    :param definition_name: the definition's name, required by multi-algorithm tuning jobs.
        :default: - none
    :param objective: the definition's own objective (multi-algorithm jobs). :default: - the job's
    :param parameter_ranges: the definition's own ranges (multi-algorithm jobs). :default: - the job's
    """

    def __init__(
        self,
        *,
        algorithm: TrainingAlgorithm,
        output: TrainingOutput,
        role: iam.IRole | None = None,
        inputs: Sequence[TrainingInput] | None = None,
        instance_type: ec2.InstanceType | str | None = None,
        instance_count: int | None = None,
        volume_size: Size | None = None,
        volume_encryption_key: kms.IKey | None = None,
        instance_configs: Sequence[InstanceConfig] | None = None,
        allocation_strategy: AllocationStrategy | None = None,
        max_runtime: Duration | None = None,
        max_wait: Duration | None = None,
        max_pending: Duration | None = None,
        spot: bool | None = None,
        checkpoint: TrainingCheckpoint | None = None,
        retry_attempts: int | None = None,
        environment: Mapping[str, str] | None = None,
        static_hyperparameters: Mapping[str, HyperParameterValue] | None = None,
        vpc: ec2.IVpc | None = None,
        vpc_subnets: ec2.SubnetSelection | None = None,
        security_groups: Sequence[ec2.ISecurityGroup] | None = None,
        enable_network_isolation: bool | None = None,
        encrypt_inter_container_traffic: bool | None = None,
        definition_name: str | None = None,
        objective: TuningObjective | None = None,
        parameter_ranges: Sequence[ParameterRange] | None = None,
    ) -> None:
        self.algorithm = algorithm
        self.output = output
        self.role = role
        self.inputs: tuple[TrainingInput, ...] = tuple(inputs or ())
        self.instance_type = instance_type
        self.instance_count = instance_count
        self.volume_size = volume_size
        self.volume_encryption_key = volume_encryption_key
        self.instance_configs: tuple[InstanceConfig, ...] = tuple(instance_configs or ())
        self.allocation_strategy = allocation_strategy
        self.max_runtime = max_runtime
        self.max_wait = max_wait
        self.max_pending = max_pending
        self.spot = spot
        self.checkpoint = checkpoint
        self.retry_attempts = retry_attempts
        self.environment = dict(environment or {})
        self.static_hyperparameters = dict(static_hyperparameters or {})
        self.vpc = vpc
        self.vpc_subnets = vpc_subnets
        self.security_groups: tuple[ec2.ISecurityGroup, ...] = tuple(security_groups or ())
        self.enable_network_isolation = enable_network_isolation
        self.encrypt_inter_container_traffic = encrypt_inter_container_traffic
        self.definition_name = definition_name
        self.objective = objective
        self.parameter_ranges: tuple[ParameterRange, ...] = tuple(parameter_ranges or ())

        errors = self._validate()
        self._rendered_ranges: dict[str, Any] | None = None
        if self.parameter_ranges:
            try:
                self._rendered_ranges = render_parameter_ranges(self.parameter_ranges)
            except ValueError as error:
                errors.append(str(error))
            else:
                errors += _tuned_and_static(self.static_hyperparameters, self._rendered_ranges)
        if self.objective is not None and not isinstance(self.objective, TuningObjective):
            errors.append(
                f"'objective' should be a TuningObjective (TuningObjective.maximize(...)), got {self.objective!r}"
            )
        if errors:
            raise ValueError("TrainingJobDefinition: " + "; ".join(errors))

    # -- validation -------------------------------------------------------------------------------------

    def _validate(self) -> list[str]:
        errors: list[str] = []
        if not isinstance(self.algorithm, TrainingAlgorithm):
            errors.append(f"'algorithm' should be a TrainingAlgorithm, got {self.algorithm!r}")
        if not isinstance(self.output, TrainingOutput):
            errors.append(f"'output' should be a TrainingOutput, got {self.output!r}")
        if self.checkpoint is not None and not isinstance(self.checkpoint, TrainingCheckpoint):
            errors.append(f"'checkpoint' should be a TrainingCheckpoint, got {self.checkpoint!r}")
        errors += self._validate_inputs()
        errors += self._validate_resources()
        errors += self._validate_stopping()
        errors += _validate_count("retry_attempts", self.retry_attempts, 1, 30)
        errors += self._validate_maps()
        errors += self._validate_network()
        name = self.definition_name
        if name is not None and not Token.is_unresolved(name) and not _DEFINITION_NAME.match(name):
            errors.append(
                f"'definition_name' should be 1 to 64 letters, digits or inner hyphens, got {name!r}"
            )
        return errors

    def _validate_inputs(self) -> list[str]:
        errors: list[str] = []
        if len(self.inputs) > _MAX_CHANNELS:
            errors.append(f"'inputs' should have at most {_MAX_CHANNELS} channels, got {len(self.inputs)}")
        seen: set[str] = set()
        for index, channel in enumerate(self.inputs):
            if not isinstance(channel, TrainingInput):
                errors.append(f"'inputs[{index}]' should be a TrainingInput, got {channel!r}")
                continue
            if channel.channel_name in seen:
                errors.append(f"'inputs[{index}].channel_name' {channel.channel_name!r} is used twice")
            seen.add(channel.channel_name)
        return errors

    def _validate_resources(self) -> list[str]:
        errors: list[str] = []
        if self.instance_configs:
            for prop in ("instance_type", "instance_count", "volume_size"):
                if getattr(self, prop) is not None:
                    errors.append(
                        f"'{prop}' cannot be combined with 'instance_configs' (each config has its own)"
                    )
            if len(self.instance_configs) > _MAX_INSTANCE_CONFIGS:
                errors.append(
                    f"'instance_configs' should have at most {_MAX_INSTANCE_CONFIGS} items, "
                    f"got {len(self.instance_configs)}"
                )
            for index, config in enumerate(self.instance_configs):
                prop = f"instance_configs[{index}]"
                if not isinstance(config, InstanceConfig):
                    errors.append(f"'{prop}' should be an InstanceConfig, got {config!r}")
                    continue
                errors += _validate_instance_type(f"{prop}.instance_type", config.instance_type)
                errors += _validate_count(f"{prop}.instance_count", config.instance_count, 1, None)
                errors += _validate_volume(f"{prop}.volume_size", config.volume_size)
        else:
            if self.allocation_strategy is not None:
                errors.append("'allocation_strategy' applies only with 'instance_configs'")
            if self.instance_type is not None:
                errors += _validate_instance_type("instance_type", self.instance_type)
            errors += _validate_count("instance_count", self.instance_count, 1, None)
            if self.volume_size is not None:
                errors += _validate_volume("volume_size", self.volume_size)
        if self.allocation_strategy is not None and not isinstance(
            self.allocation_strategy, AllocationStrategy
        ):
            errors.append(
                f"'allocation_strategy' should be an AllocationStrategy (PRIORITIZED), got {self.allocation_strategy!r}"
            )
        return errors

    def _validate_stopping(self) -> list[str]:
        errors: list[str] = []
        # Whole seconds of each concrete duration; tokens and bad values are left out of the comparisons.
        seconds: dict[str, float] = {}
        for prop in ("max_runtime", "max_wait", "max_pending"):
            value = getattr(self, prop)
            if value is None:
                continue
            if not isinstance(value, Duration):
                errors.append(f"'{prop}' should be a Duration, got {value!r}")
                continue
            if value.is_unresolved():
                continue
            try:
                seconds[prop] = value.to_seconds()
            except Exception:  # jsii raises for a duration that is not a whole number of seconds
                errors.append(f"'{prop}' should be a whole number of seconds, got {value.to_human_string()}")
                continue
            if seconds[prop] < 1:
                errors.append(f"'{prop}' should be at least 1 second, got {value.to_human_string()}")
        if "max_pending" in seconds:
            low, high = (limit.to_seconds() for limit in _MAX_PENDING)
            if not low <= seconds["max_pending"] <= high:
                errors.append(
                    "'max_pending' should be between 30 minutes and 28 days, "
                    f"got {self.max_pending.to_human_string()}"  # type: ignore[union-attr]
                )
        if self.spot and self.max_wait is None:
            errors.append("'max_wait' is required with 'spot' (how long to wait for spot capacity plus run)")
        if not self.spot and self.max_wait is not None:
            errors.append("'max_wait' applies only with spot=True")
        runtime = seconds.get(
            "max_runtime", _DEFAULT_MAX_RUNTIME.to_seconds() if self.max_runtime is None else None
        )
        if "max_wait" in seconds and runtime is not None and seconds["max_wait"] < runtime:
            shown = (self.max_runtime or _DEFAULT_MAX_RUNTIME).to_human_string()
            errors.append(
                f"'max_wait' should be at least 'max_runtime' ({shown}), "
                f"got {self.max_wait.to_human_string()}"  # type: ignore[union-attr]
            )
        return errors

    def _validate_maps(self) -> list[str]:
        errors: list[str] = []
        if len(self.static_hyperparameters) > _MAX_HYPERPARAMETERS:
            errors.append(
                f"'static_hyperparameters' should have at most {_MAX_HYPERPARAMETERS} entries, "
                f"got {len(self.static_hyperparameters)}"
            )
        for name, value in self.static_hyperparameters.items():
            prop = f"static_hyperparameters[{name!r}]"
            if not isinstance(name, str) or not name or len(name) > 256:
                errors.append(f"'static_hyperparameters' names should be 1 to 256 characters, got {name!r}")
                continue
            try:
                rendered = render_hyperparameter(value)
            except (TypeError, ValueError) as error:
                errors.append(f"'{prop}': {error}")
                continue
            if not Token.is_unresolved(rendered) and len(rendered) > 2500:
                errors.append(f"'{prop}' should be at most 2500 characters, got {len(rendered)}")
        if len(self.environment) > _MAX_ENVIRONMENT:
            errors.append(
                f"'environment' should have at most {_MAX_ENVIRONMENT} variables, got {len(self.environment)}"
            )
        for name, value in self.environment.items():
            if not isinstance(name, str) or not _ENVIRONMENT_KEY.match(name):
                errors.append(
                    f"'environment' names should match [a-zA-Z_][a-zA-Z0-9_]* (up to 512), got {name!r}"
                )
            if not isinstance(value, str):
                errors.append(f"'environment[{name!r}]' should be a string, got {value!r}")
            elif not Token.is_unresolved(value) and len(value) > 512:
                errors.append(f"'environment[{name!r}]' should be at most 512 characters, got {len(value)}")
        return errors

    def _validate_network(self) -> list[str]:
        errors: list[str] = []
        if self.vpc is None:
            for prop in ("vpc_subnets", "security_groups"):
                if getattr(self, prop):
                    errors.append(f"'{prop}' needs 'vpc'")
            for index, channel in enumerate(self.inputs):
                if isinstance(channel, TrainingInput) and channel.uses_file_system:
                    errors.append(
                        f"'inputs[{index}]' ({channel.channel_name!r}) reads a file system: give 'vpc' "
                        "(and subnets and security groups that reach it)"
                    )
        if len(self.security_groups) > _MAX_SECURITY_GROUPS:
            errors.append(
                f"'security_groups' should have at most {_MAX_SECURITY_GROUPS} items, got {len(self.security_groups)}"
            )
        return errors

    # -- binding --------------------------------------------------------------------------------------

    def _bind(self, job: HyperParameterTuningJob | Construct) -> BoundTrainingDefinition:
        """Create what is missing in ``job``'s scope, make the grants and render the definition.

        Called by ``HyperParameterTuningJob`` for each of its definitions.
        """
        role = self.role or _execution_role(job)
        created_role = self.role is None
        request: dict[str, Any] = {}
        names: dict[str, str] = {}

        if self.definition_name is not None:
            request["DefinitionName"] = self.definition_name
            names["DefinitionName"] = "definition_name"
        if self.objective is not None:
            request["TuningObjective"] = self.objective._render()
            names["TuningObjective"] = "objective"
        if self._rendered_ranges is not None:
            request["HyperParameterRanges"] = copy.deepcopy(self._rendered_ranges)
            names["HyperParameterRanges"] = "parameter_ranges"
        if self.static_hyperparameters:
            request["StaticHyperParameters"] = {
                name: render_hyperparameter(value) for name, value in self.static_hyperparameters.items()
            }
            names["StaticHyperParameters"] = "static_hyperparameters"
            for name in self.static_hyperparameters:
                names[f"StaticHyperParameters.{name}"] = f"static_hyperparameters[{name!r}]"

        request["AlgorithmSpecification"] = self.algorithm._bind(job, role)
        names["AlgorithmSpecification"] = "algorithm"
        request["RoleArn"] = role.role_arn
        names["RoleArn"] = "role"

        if self.inputs:
            request["InputDataConfig"] = [channel._bind(role) for channel in self.inputs]
            names["InputDataConfig"] = "inputs"
            for index in range(len(self.inputs)):
                names[f"InputDataConfig[{index}]"] = f"inputs[{index}]"

        connections: ec2.Connections | None = None
        if self.vpc is not None:
            security_groups = list(self.security_groups) or [_security_group(job, self.vpc)]
            connections = ec2.Connections(security_groups=security_groups)
            # jsii flattens the SubnetSelection struct into keyword arguments.
            selection = dict(self.vpc_subnets._values) if self.vpc_subnets is not None else {}
            subnets = self.vpc.select_subnets(**selection).subnet_ids
            if not 1 <= len(subnets) <= _MAX_SUBNETS:
                raise ValueError(
                    f"TrainingJobDefinition: 'vpc_subnets' should select 1 to {_MAX_SUBNETS} subnets of "
                    f"{self.vpc.node.path}, got {len(subnets)}"
                )
            request["VpcConfig"] = {
                "SecurityGroupIds": [group.security_group_id for group in security_groups],
                "Subnets": subnets,
            }
            names["VpcConfig"] = "vpc"
            names["VpcConfig.SecurityGroupIds"] = "security_groups"
            names["VpcConfig.Subnets"] = "vpc_subnets"

        request["OutputDataConfig"] = self.output._bind(role)
        names["OutputDataConfig"] = "output"
        names["OutputDataConfig.KmsKeyId"] = "output.encryption_key"
        names["OutputDataConfig.CompressionType"] = "output.compression"

        self._render_resources(request, names, role)
        self._render_stopping(request, names)

        for api_name, prop in (
            ("EnableNetworkIsolation", "enable_network_isolation"),
            ("EnableInterContainerTrafficEncryption", "encrypt_inter_container_traffic"),
            ("EnableManagedSpotTraining", "spot"),
        ):
            value = getattr(self, prop)
            if value is not None:
                request[api_name] = bool(value)
                names[api_name] = prop
        if self.checkpoint is not None:
            request["CheckpointConfig"] = self.checkpoint._bind(role)
            names["CheckpointConfig"] = "checkpoint"
        if self.retry_attempts is not None:
            request["RetryStrategy"] = {"MaximumRetryAttempts": self.retry_attempts}
            names["RetryStrategy.MaximumRetryAttempts"] = "retry_attempts"
        if self.environment:
            request["Environment"] = dict(self.environment)
            names["Environment"] = "environment"
            for name in self.environment:
                names[f"Environment.{name}"] = f"environment[{name!r}]"

        if created_role:
            _allow_training_basics(role, Stack.of(job), vpc=self.vpc is not None)
            _acknowledge_execution_role_findings(role)
        return BoundTrainingDefinition(request=request, prop_names=names, role=role, connections=connections)

    def _render_resources(self, request: dict[str, Any], names: dict[str, str], role: iam.IRole) -> None:
        key = self.volume_encryption_key
        if key is not None:
            # SageMaker creates a grant for the instances' volumes on the role's behalf.
            key.grant(role, "kms:CreateGrant")
        if self.instance_configs:
            config: dict[str, Any] = {
                "InstanceConfigs": [
                    {
                        "InstanceType": _render_instance_type(item.instance_type),
                        "InstanceCount": item.instance_count,
                        "VolumeSizeInGB": _render_volume(item.volume_size),
                    }
                    for item in self.instance_configs
                ]
            }
            if self.allocation_strategy is not None:
                config["AllocationStrategy"] = self.allocation_strategy.value
            if key is not None:
                config["VolumeKmsKeyId"] = key.key_arn
            request["HyperParameterTuningResourceConfig"] = config
            prefix = "HyperParameterTuningResourceConfig"
            names[prefix] = "instance_configs"
            names[f"{prefix}.InstanceConfigs"] = "instance_configs"
            for index in range(len(self.instance_configs)):
                names[f"{prefix}.InstanceConfigs[{index}]"] = f"instance_configs[{index}]"
            names[f"{prefix}.AllocationStrategy"] = "allocation_strategy"
            names[f"{prefix}.VolumeKmsKeyId"] = "volume_encryption_key"
            return
        resources: dict[str, Any] = {
            "InstanceType": _render_instance_type(self.instance_type or _DEFAULT_INSTANCE_TYPE),
            "InstanceCount": 1 if self.instance_count is None else self.instance_count,
            "VolumeSizeInGB": _render_volume(self.volume_size or _DEFAULT_VOLUME),
        }
        if key is not None:
            resources["VolumeKmsKeyId"] = key.key_arn
        request["ResourceConfig"] = resources
        names["ResourceConfig"] = "instance_type"
        names["ResourceConfig.InstanceType"] = "instance_type"
        names["ResourceConfig.InstanceCount"] = "instance_count"
        names["ResourceConfig.VolumeSizeInGB"] = "volume_size"
        names["ResourceConfig.VolumeKmsKeyId"] = "volume_encryption_key"

    def _render_stopping(self, request: dict[str, Any], names: dict[str, str]) -> None:
        stopping: dict[str, Any] = {
            "MaxRuntimeInSeconds": int((self.max_runtime or _DEFAULT_MAX_RUNTIME).to_seconds()),
        }
        names["StoppingCondition"] = "max_runtime"
        names["StoppingCondition.MaxRuntimeInSeconds"] = "max_runtime"
        if self.max_wait is not None:
            stopping["MaxWaitTimeInSeconds"] = int(self.max_wait.to_seconds())
            names["StoppingCondition.MaxWaitTimeInSeconds"] = "max_wait"
        if self.max_pending is not None:
            stopping["MaxPendingTimeInSeconds"] = int(self.max_pending.to_seconds())
            names["StoppingCondition.MaxPendingTimeInSeconds"] = "max_pending"
        request["StoppingCondition"] = stopping


# -- pure helpers -------------------------------------------------------------------------------------


def render_hyperparameter(value: HyperParameterValue) -> str:
    """A static hyperparameter as the API wants it: a string (``True`` -> ``"true"``, ``100`` -> ``"100"``).

    :raises TypeError: for a value that is not str, int, float or bool.
    :raises ValueError: for a float that is not finite.
    """
    # bool first: it is an int subclass.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"should be a finite number, got {value!r}")
    if isinstance(value, (int, float)) and Token.is_unresolved(value):
        # A number token (e.g. a CfnParameter's value_as_number) is a float stand-in: str() would mangle it.
        return Token.as_string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # str() keeps the shortest round-tripping form, like parameter ranges (0.1 -> "0.1").
        return str(value)
    raise TypeError(f"should be a str, int, float or bool, got {type(value).__name__} {value!r}")


def _tuned_and_static(static: Mapping[str, Any], ranges: Mapping[str, Any]) -> list[str]:
    tuned = {item.get("Name") for items in ranges.values() if isinstance(items, list) for item in items}
    both = sorted(name for name in static if name in tuned)
    if not both:
        return []
    return [
        f"'static_hyperparameters' {', '.join(map(repr, both))} also in 'parameter_ranges': "
        "a hyperparameter is either static or tuned"
    ]


def _render_instance_type(instance_type: ec2.InstanceType | str) -> str:
    if isinstance(instance_type, ec2.InstanceType):
        return f"ml.{instance_type.to_string()}"
    return instance_type


def _render_volume(size: Size) -> int:
    return int(size.to_gibibytes())


def _validate_instance_type(prop: str, value: Any) -> list[str]:
    if isinstance(value, ec2.InstanceType):
        return []
    if isinstance(value, str) and (Token.is_unresolved(value) or value.startswith("ml.")):
        return []
    return [
        f"'{prop}' should be an ec2.InstanceType or a SageMaker type such as 'ml.m5.xlarge', got {value!r}"
    ]


def _validate_volume(prop: str, value: Any) -> list[str]:
    if not isinstance(value, Size):
        return [f"'{prop}' should be a Size, got {value!r}"]
    if value.is_unresolved():
        return []
    try:
        gib = value.to_gibibytes()
    except Exception:  # jsii raises for a size that is not a whole number of GiB
        return [f"'{prop}' should be a whole number of GiB, got {value}"]
    if gib < 1:
        return [f"'{prop}' should be at least 1 GiB, got {gib} GiB"]
    return []


def _validate_count(prop: str, value: Any, low: int, high: int | None) -> list[str]:
    if value is None:
        return []
    # Checked before Token.is_unresolved: jsii cannot carry NaN or infinity to the CDK.
    if isinstance(value, float) and not math.isfinite(value):
        return [f"'{prop}' should be an integer, got {value!r}"]
    if Token.is_unresolved(value):
        return []
    if isinstance(value, bool) or not isinstance(value, int):
        return [f"'{prop}' should be an integer, got {value!r}"]
    if value < low or (high is not None and value > high):
        allowed = f"at least {low}" if high is None else f"between {low} and {high}"
        return [f"'{prop}' should be {allowed}, got {value}"]
    return []


# -- what is created in the tuning job's scope ---------------------------------------------------------


def _execution_role(job: Construct) -> iam.IRole:
    """The job's created execution role: found by id so the job's definitions share one."""
    existing = job.node.try_find_child(ROLE_ID)
    if existing is not None:
        if not isinstance(existing, iam.Role):
            raise ValueError(f"{job.node.path}/{ROLE_ID} exists and is not an iam.Role")
        return existing
    return iam.Role(
        job,
        ROLE_ID,
        assumed_by=iam.ServicePrincipal(SAGEMAKER_PRINCIPAL),
        description=f"Execution role of the training jobs of tuning job {job.node.path}",
    )


def _security_group(job: Construct, vpc: ec2.IVpc) -> ec2.ISecurityGroup:
    existing = job.node.try_find_child(SECURITY_GROUP_ID)
    if existing is not None:
        if not isinstance(existing, ec2.SecurityGroup):
            raise ValueError(f"{job.node.path}/{SECURITY_GROUP_ID} exists and is not an ec2.SecurityGroup")
        cfn = existing.node.default_child
        if isinstance(cfn, ec2.CfnSecurityGroup) and cfn.vpc_id != vpc.vpc_id:
            raise ValueError(
                f"the training definitions of {job.node.path} use different VPCs: the created security group "
                f"is in another VPC than {vpc.node.path}; give 'security_groups' explicitly"
            )
        return existing
    return ec2.SecurityGroup(
        job,
        SECURITY_GROUP_ID,
        vpc=vpc,
        description=f"Training jobs of tuning job {job.node.path}",
    )


def _allow_training_basics(role: iam.IRole, stack: Stack, *, vpc: bool) -> None:
    """What every training job needs, as aws-cdk-lib's SageMakerCreateTrainingJob grants, but scoped.

    Identical statements added by several definitions sharing the role are merged by CDK.
    """
    log_group_arn = stack.format_arn(
        service="logs",
        resource="log-group",
        resource_name=f"{_TRAINING_LOG_GROUP}:*",
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=[
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "logs:DescribeLogStreams",
            ],
            resources=[log_group_arn],
        )
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=["cloudwatch:PutMetricData"],
            # PutMetricData cannot be scoped to a resource; the namespace condition narrows it.
            resources=["*"],
            conditions={"StringEquals": {"cloudwatch:namespace": _TRAINING_LOG_GROUP}},
        )
    )
    if vpc:
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=[
                    "ec2:CreateNetworkInterface",
                    "ec2:CreateNetworkInterfacePermission",
                    "ec2:DeleteNetworkInterface",
                    "ec2:DeleteNetworkInterfacePermission",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeVpcs",
                    "ec2:DescribeDhcpOptions",
                    "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups",
                ],
                # These EC2 actions do not support resource-level scoping for this use.
                resources=["*"],
            )
        )


# cdk-nag (AwsSolutions-IAM5) findings on the created execution role that are by design, by kind.
_WILDCARD_REASONS = {
    "grant-actions": (
        "The role is granted through aws-cdk-lib's grant methods (Bucket.grant_read / grant_put, "
        "Key.grant_encrypt_decrypt, Repository.grant_pull), which name action families with a wildcard "
        "(s3:GetObject*, kms:ReEncrypt*, ...); they apply to the definition's buckets, keys and image only."
    ),
    "s3-prefix": (
        "The training jobs read their input channels and write their model artifacts and checkpoints as "
        "S3 objects under the key prefixes the definition names (<bucket>/<prefix>*), whose keys SageMaker "
        "and the training code choose."
    ),
    "log-streams": (
        "SageMaker writes each training job's logs to a stream named after the job in "
        f"{_TRAINING_LOG_GROUP}, so the role may write to that one log group's streams."
    ),
    "no-resource-level": (
        "cloudwatch:PutMetricData (narrowed by a cloudwatch:namespace condition), the EC2 network-interface "
        "actions of a job in a VPC and ecr:GetAuthorizationToken support no resource-level permissions."
    ),
}
_GRANT_ACTION_SERVICES = ("s3:", "kms:", "ecr:")


def _flatten_reference(value: Any) -> str:
    """A resolved ARN as cdk-nag names it in a finding id (``<Logical.Arn>``, ``<AWS::Partition>``).

    Written by hand because the library does not depend on cdk-nag, whose own helper is internal.
    """
    if isinstance(value, str):
        return value.replace("${", "<").replace("}", ">")
    if isinstance(value, dict) and "Fn::Join" in value:
        delimiter, items = value["Fn::Join"]
        return str(delimiter).join(_flatten_reference(item) for item in items)
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        resource, attribute = value["Fn::GetAtt"]
        return f"<{_flatten_reference(resource)}.{_flatten_reference(attribute)}>"
    if isinstance(value, dict) and "Ref" in value:
        return f"<{_flatten_reference(value['Ref'])}>"
    return json.dumps(value, separators=(",", ":"))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _acknowledge_execution_role_findings(role: iam.IRole) -> None:
    """Acknowledge the wildcards of the created execution role's policy that are by design.

    Only what is in the policy when the definition is bound, that is what the library granted, and
    only the kinds in ``_WILDCARD_REASONS``: a wildcard the user adds later to ``job.role``, or of
    another kind, is still reported. Through CDK's ``Validations`` API, like the provider's.
    """
    policy = role.node.try_find_child("DefaultPolicy")
    if not isinstance(policy, iam.Policy):
        return
    document = Stack.of(role).resolve(policy.document)
    acknowledgments: dict[str, str] = {}
    for statement in document.get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        actions = [str(action) for action in _as_list(statement.get("Action", []))]
        for action in actions:
            if "*" in action and action.startswith(_GRANT_ACTION_SERVICES):
                acknowledgments[f"Action::{action}"] = _WILDCARD_REASONS["grant-actions"]
        for resource in map(_flatten_reference, _as_list(statement.get("Resource", []))):
            if "*" not in resource:
                continue
            if resource == "*":
                kind = "no-resource-level"
            elif all(action.startswith("logs:") for action in actions) and _TRAINING_LOG_GROUP in resource:
                kind = "log-streams"
            elif all(action.startswith("s3:") for action in actions):
                kind = "s3-prefix"
            else:
                continue
            acknowledgments[f"Resource::{resource}"] = _WILDCARD_REASONS[kind]
    if acknowledgments:
        Validations.of(role).acknowledge(
            *(
                Acknowledgment(id=f"AwsSolutions::AwsSolutions-IAM5[{finding}]", reason=reason)
                for finding, reason in sorted(acknowledgments.items())
            )
        )
