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

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Unpack, cast

from aws_cdk import Stack, Token
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import Construct

from .._core import checks
from .._core.tokens import is_unresolved
from ..grants import permission_gaps
from ..grants.execution_role import ROLE_ID, allow_training_basics, execution_role
from ..grants.nag_acknowledgements import acknowledge_execution_role_findings
from .algorithms import TrainingAlgorithm
from .channels import TrainingInput
from .instances import AllocationStrategy, Compute, ComputeOptions, InstanceConfig, InstanceGroup
from .network import SECURITY_GROUP_ID, Network, NetworkOptions
from .objective import TuningObjective
from .outputs import TrainingCheckpoint, TrainingOutput
from .parameters import ParameterRange, render_parameter_ranges
from .prop_types import Finding, check_keywords, integer_error, keys_of, pick, raise_findings, type_error
from .reference_props import role_error
from .request_builder import RequestBuilder
from .stopping import StoppingCondition, StoppingOptions

__all__ = [
    "ROLE_ID",
    "SECURITY_GROUP_ID",
    "AllocationStrategy",
    "BoundTrainingDefinition",
    "HyperParameterValue",
    "InstanceConfig",
    "InstanceGroup",
    "TrainingJobDefinition",
    "TrainingJobDefinitionOptions",
    "render_hyperparameter",
]

HyperParameterValue = str | int | float | bool


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


class TrainingJobDefinitionOptions(ComputeOptions, StoppingOptions, NetworkOptions, total=False):
    """The keyword groups ``TrainingJobDefinition`` takes flat: compute, stopping condition and network."""


class TrainingJobDefinition:
    """How the tuning job's training jobs run: algorithm, data, output, resources, limits and network.

    Pass it as ``training=`` (or one of ``training_definitions=``) of ``HyperParameterTuningJob``.

    :param algorithm: what the training jobs run; see ``TrainingAlgorithm``.
    :param output: where the model artifacts go; the role may write there.
    :param role: the execution role SageMaker assumes. A given role receives the grants of the data,
        output, checkpoint, keys and image when it is mutable, but not the logs, metrics and network
        permissions, which it must already have (as with aws-cdk-lib's SageMakerCreateTrainingJob), and
        no warning about what the library cannot grant (S3 data by URI, an image URI token): its grants
        are yours.
        :default: - a role trusted by sagemaker.amazonaws.com only is created in the tuning job's scope
        (id ``Role``, shared by the job's definitions), allowed to write the training jobs' logs and
        metrics, and granted what the definition uses; what cannot be granted (S3 data by URI, an image
        URI token) gets a synth warning on the tuning job
    :param inputs: the input channels (up to 20, unique names). :default: - no input channels
    :param spot: use managed spot training (``EnableManagedSpotTraining``). :default: false
    :param checkpoint: where checkpoints are kept; the role may read and write there. :default: - none
    :param retry_attempts: retries of a training job after an internal error, 1 to 30
        (``RetryStrategy.MaximumRetryAttempts``). :default: - no retry
    :param environment: environment variables of the training container, up to 48: the maximum of
        ``HyperParameterTrainingJobEnvironmentMap`` in botocore's SageMaker model, which the synth checks
        (``validation/structural.py``). :default: - none
    :param static_hyperparameters: hyperparameters that every training job gets. Values may be str,
        int, float or bool; SageMaker wants strings, so ``100`` is sent as ``"100"``, ``0.5`` as ``"0.5"``
        and ``True`` as ``"true"``. A name may not also be a tuned parameter range. :default: - none
    :param definition_name: the definition's name, required by multi-algorithm tuning jobs.
        :default: - none
    :param objective: the definition's own objective (multi-algorithm jobs). :default: - the job's
    :param parameter_ranges: the definition's own ranges (multi-algorithm jobs). :default: - the job's
    :param options: the compute props (``ComputeOptions``: ``instance_type``, ``instance_count``,
        ``volume_size``, ``volume_encryption_key``, ``instance_configs``, ``allocation_strategy``,
        ``instance_groups``, ``keep_alive_period``, ``training_plan_arn``, ``instance_placement``,
        ``instance_preferences``), the stopping condition (``StoppingOptions``: ``max_runtime``,
        ``max_wait``, ``max_pending``) and the network (``NetworkOptions``: ``vpc``, ``vpc_subnets``,
        ``security_groups``, ``enable_network_isolation``, ``encrypt_inter_container_traffic``), as flat
        keywords; each documented, with its default, on its group.
    """

    def __init__(
        self,
        *,
        algorithm: TrainingAlgorithm,
        output: TrainingOutput,
        role: iam.IRole | None = None,
        inputs: Sequence[TrainingInput] | None = None,
        spot: bool | None = None,
        checkpoint: TrainingCheckpoint | None = None,
        retry_attempts: int | None = None,
        environment: Mapping[str, str] | None = None,
        static_hyperparameters: Mapping[str, HyperParameterValue] | None = None,
        definition_name: str | None = None,
        objective: TuningObjective | None = None,
        parameter_ranges: Sequence[ParameterRange] | None = None,
        **options: Unpack[TrainingJobDefinitionOptions],
    ) -> None:
        check_keywords("TrainingJobDefinition()", options, TrainingJobDefinitionOptions)
        self.algorithm = algorithm
        self.output = output
        self.role = role
        self.inputs: tuple[TrainingInput, ...] = tuple(inputs or ())
        self._options = options
        self._compute = Compute(cast(ComputeOptions, pick(options, ComputeOptions)))
        self._stopping = StoppingCondition(cast(StoppingOptions, pick(options, StoppingOptions)))
        self._network = Network(cast(NetworkOptions, pick(options, NetworkOptions)))
        self.spot = spot
        self.checkpoint = checkpoint
        self.retry_attempts = retry_attempts
        self.environment = dict(environment or {})
        self.static_hyperparameters = dict(static_hyperparameters or {})
        self.definition_name = definition_name
        self.objective = objective
        self.parameter_ranges: tuple[ParameterRange, ...] = tuple(parameter_ranges or ())
        raise_findings(self._type_errors(), context="TrainingJobDefinition: ")

    if not TYPE_CHECKING:  # type checkers see no catch-all attribute

        def __getattr__(self, name: str) -> Any:
            """The props of the keyword groups, as attributes (``definition.instance_type``), as before."""
            if name.startswith("_") or name not in keys_of(TrainingJobDefinitionOptions):
                raise AttributeError(f"'TrainingJobDefinition' object has no attribute {name!r}")
            return self._options.get(name)

    # -- Python types and prop combinations; SageMaker's own rules are checked on the rendered request --

    def _type_errors(self) -> list[Finding]:
        found = [
            type_error("algorithm", self.algorithm, TrainingAlgorithm),
            role_error(self.role),
            type_error("output", self.output, TrainingOutput),
            type_error("checkpoint", self.checkpoint, TrainingCheckpoint),
            type_error("objective", self.objective, TuningObjective, "TuningObjective.maximize(...)"),
            integer_error("retry_attempts", self.retry_attempts),
            type_error("spot", self.spot, bool),
        ]
        errors: list[Finding] = [error for error in found if error]
        errors += self._stopping.errors()
        errors += self._network.errors()
        errors += self._input_errors()
        errors += self._compute.errors()
        if self.spot and self._compute.instance_preferences:
            # SageMaker: InstancePreferences supports on-demand and flexible training plan capacity only.
            errors.append(
                checks.PROP_COMBINATION.problem("'spot' cannot be combined with 'instance_preferences'")
            )
        for name, value in self.static_hyperparameters.items():
            try:
                render_hyperparameter(value)
            except TypeError as error:
                errors.append(f"'static_hyperparameters[{name!r}]': {error}")
            except ValueError as error:  # a float that is not finite
                message = f"'static_hyperparameters[{name!r}]': {error}"
                errors.append(checks.PROP_VALUE.problem(message, value=value))
        for name, value in self.environment.items():
            if not isinstance(value, str):
                errors.append(f"'environment[{name!r}]' must be a string, got {value!r}")
        return errors

    def _input_errors(self) -> list[Finding]:
        # Unique channel names and file systems needing a VPC are rules of the request
        # (validation/uniqueness.py, validation/data_sources.py): raw requests get them too.
        return [
            f"'inputs[{index}]' must be a TrainingInput, got {channel!r}"
            for index, channel in enumerate(self.inputs)
            if not isinstance(channel, TrainingInput)
        ]

    # -- binding --------------------------------------------------------------------------------------

    def _bind(self, job: Construct) -> BoundTrainingDefinition:
        """Create what is missing in ``job``'s scope, make the grants and render the definition.

        Called by ``HyperParameterTuningJob`` (or the typed task) for each of its definitions, with itself
        as ``job``: the scope of what is created; every field is written with the
        prop it comes from (:class:`~.request_builder.RequestBuilder`).
        """
        role = self.role or execution_role(job)
        builder = RequestBuilder()
        builder.put("DefinitionName", self.definition_name, "definition_name")
        builder.put("TuningObjective", self.objective and self.objective._render(), "objective")
        if self.parameter_ranges:
            render_parameter_ranges(
                builder.at("HyperParameterRanges", "parameter_ranges"), self.parameter_ranges
            )
        if self.static_hyperparameters:
            static = {
                name: render_hyperparameter(value) for name, value in self.static_hyperparameters.items()
            }
            builder.put_map("StaticHyperParameters", static, "static_hyperparameters")
        builder.put("AlgorithmSpecification", self.algorithm._bind(job, role), "algorithm")
        builder.put("RoleArn", role.role_arn, "role")
        for index, channel in enumerate(self.inputs):
            builder.put(f"InputDataConfig[{index}]", channel._bind(role), f"inputs[{index}]")
        if self.inputs:
            builder.put("InputDataConfig", None, "inputs")
        connections = self._network.render(builder, job)
        builder.put("OutputDataConfig", self.output._bind(role), "output")
        builder.put("OutputDataConfig.KmsKeyId", None, "output.encryption_key")
        builder.put("OutputDataConfig.CompressionType", None, "output.compression")
        self._compute.render(builder, role)
        self._stopping.render(builder)
        self._network.render_flags(builder)
        builder.put("EnableManagedSpotTraining", self.spot, "spot")
        builder.put("CheckpointConfig", self.checkpoint and self.checkpoint._bind(role), "checkpoint")
        builder.put("RetryStrategy.MaximumRetryAttempts", self.retry_attempts, "retry_attempts")
        if self.environment:
            builder.put_map("Environment", self.environment, "environment")

        if self.role is None:
            subnets = builder.request.get("VpcConfig", {}).get("Subnets", [])
            allow_training_basics(role, Stack.of(job), vpc=self._network.vpc, subnet_ids=subnets)
            acknowledge_execution_role_findings(role)
            # What the created role needs but no grant could give: say so at synth (a given role is the user's).
            for gap in [self.algorithm._permission_gap(), *(c._permission_gap() for c in self.inputs)]:
                if gap is not None:
                    permission_gaps.warn(job, gap)
        return BoundTrainingDefinition(
            request=builder.request, prop_names=builder.prop_names, role=role, connections=connections
        )


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
    if isinstance(value, int | float) and is_unresolved(value):
        # A number token (e.g. a CfnParameter's value_as_number) is a float stand-in: str() would mangle it.
        return Token.as_string(value)
    if isinstance(value, int | float):
        # str() keeps the shortest round-tripping form, like parameter ranges (0.1 -> "0.1").
        return str(value)
    raise TypeError(f"should be a str, int, float or bool, got {type(value).__name__} {value!r}")


def training_definitions_of(
    training: TrainingJobDefinition | None, training_definitions: Sequence[TrainingJobDefinition] | None
) -> tuple[list[TrainingJobDefinition], bool]:
    """The definitions of a typed job, and whether it is multi-algorithm (``training_definitions``)."""
    if (training is None) == (training_definitions is None):
        raise checks.PROP_COMBINATION.error(
            "give exactly one of 'training' (a single TrainingJobDefinition) and 'training_definitions' "
            "(a list of up to 10, for multi-algorithm jobs), got "
            + ("both" if training is not None else "neither")
        )
    multi = training_definitions is not None
    definitions: list[Any] = list(training_definitions) if training_definitions is not None else [training]
    for index, definition in enumerate(definitions):
        if not isinstance(definition, TrainingJobDefinition):
            prop = f"training_definitions[{index}]" if multi else "training"
            raise checks.PROP_TYPE.error(f"'{prop}' must be a TrainingJobDefinition, got {definition!r}")
    return definitions, multi
