"""AWS CDK constructs for Amazon SageMaker hyperparameter tuning jobs.

The public names are imported on first use (PEP 562): ``python -m cdk_sagemaker_tuning export cdk.out``
only reads JSON files, so importing the package must not start jsii (and its Node.js process) or
print jsii's banner. ``from cdk_sagemaker_tuning import HyperParameterTuningJob`` works as usual.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The public names are listed twice, on purpose: imported for type checkers below, and mapped to their
# modules in _MODULES for the lazy import at run time; tests/packaging checks that the two agree.
if TYPE_CHECKING:
    from ._handler.contract import RESOURCE_TYPE
    from .algorithms import (
        AlgorithmOptions,
        BuiltInAlgorithm,
        InputMode,
        MetricDefinition,
        TrainingAlgorithm,
        builtin_image_uri,
    )
    from .channel_options import (
        ChannelOptions,
        CompressionType,
        FileSystemAccessMode,
        FileSystemType,
        RecordWrapper,
        S3DataDistribution,
        S3DataType,
        S3InputOptions,
        S3SourceOptions,
    )
    from .channels import TrainingInput
    from .completion import TuningJobCompletionCriteria
    from .completion_wait import TuningJobWait
    from .events import JobEventOptions, TuningJobStatus
    from .instances import (
        ComputeOptions,
        InstancePlacement,
        InstancePreference,
        PlacementSpecification,
    )
    from .interfaces import ITuningJob
    from .job_lifecycle import TuningJobLifecycleOptions
    from .job_request import TuningJobOptions
    from .network import NetworkOptions
    from .objective import ObjectiveType, TuningObjective
    from .outputs import OutputCompression, TrainingCheckpoint, TrainingOutput
    from .parameters import (
        AutoParameter,
        CategoricalParameter,
        ContinuousParameter,
        IntegerParameter,
        ParameterRange,
        ScalingType,
    )
    from .provider import TuningJobProvider
    from .raw_request_job import RawRequestTuningJob
    from .raw_request_task import RawRequestTuningTask
    from .stepfunctions_task import (
        SageMakerCreateHyperParameterTuningJob,
        SageMakerCreateHyperParameterTuningJobOptions,
    )
    from .stepfunctions_task_base import TuningTaskBase, TuningTaskStateOptions
    from .stopping import StoppingOptions
    from .strategy import StrategyType, TuningStrategy
    from .training import (
        AllocationStrategy,
        BoundTrainingDefinition,
        InstanceConfig,
        InstanceGroup,
        TrainingJobDefinition,
        TrainingJobDefinitionOptions,
    )
    from .tuning_job import HyperParameterTuningJob, HyperParameterTuningJobOptions
    from .tuning_job_base import TuningJobBase
    from .validation import Problem, TuningJobValidationError, ValidationReport, validate_request
    from .warm_start import WarmStart, WarmStartType

# Each public name and the module that defines it, relative to this package.
_MODULES: dict[str, str] = {
    "RESOURCE_TYPE": "._handler.contract",
    "AlgorithmOptions": ".algorithms",
    "BuiltInAlgorithm": ".algorithms",
    "InputMode": ".algorithms",
    "MetricDefinition": ".algorithms",
    "TrainingAlgorithm": ".algorithms",
    "builtin_image_uri": ".algorithms",
    "ChannelOptions": ".channel_options",
    "CompressionType": ".channel_options",
    "FileSystemAccessMode": ".channel_options",
    "FileSystemType": ".channel_options",
    "RecordWrapper": ".channel_options",
    "S3DataDistribution": ".channel_options",
    "S3DataType": ".channel_options",
    "S3InputOptions": ".channel_options",
    "S3SourceOptions": ".channel_options",
    "TrainingInput": ".channels",
    "TuningJobCompletionCriteria": ".completion",
    "TuningJobWait": ".completion_wait",
    "JobEventOptions": ".events",
    "TuningJobStatus": ".events",
    "ITuningJob": ".interfaces",
    "ObjectiveType": ".objective",
    "TuningObjective": ".objective",
    "OutputCompression": ".outputs",
    "TrainingCheckpoint": ".outputs",
    "TrainingOutput": ".outputs",
    "AutoParameter": ".parameters",
    "CategoricalParameter": ".parameters",
    "ContinuousParameter": ".parameters",
    "IntegerParameter": ".parameters",
    "ParameterRange": ".parameters",
    "ScalingType": ".parameters",
    "TuningJobProvider": ".provider",
    "RawRequestTuningTask": ".raw_request_task",
    "SageMakerCreateHyperParameterTuningJob": ".stepfunctions_task",
    "SageMakerCreateHyperParameterTuningJobOptions": ".stepfunctions_task",
    "TuningTaskBase": ".stepfunctions_task_base",
    "TuningTaskStateOptions": ".stepfunctions_task_base",
    "StrategyType": ".strategy",
    "TuningStrategy": ".strategy",
    "AllocationStrategy": ".training",
    "BoundTrainingDefinition": ".training",
    "InstanceConfig": ".training",
    "InstanceGroup": ".training",
    "TrainingJobDefinition": ".training",
    "TrainingJobDefinitionOptions": ".training",
    "ComputeOptions": ".instances",
    "InstancePlacement": ".instances",
    "InstancePreference": ".instances",
    "PlacementSpecification": ".instances",
    "NetworkOptions": ".network",
    "StoppingOptions": ".stopping",
    "TuningJobLifecycleOptions": ".job_lifecycle",
    "TuningJobOptions": ".job_request",
    "RawRequestTuningJob": ".raw_request_job",
    "HyperParameterTuningJob": ".tuning_job",
    "HyperParameterTuningJobOptions": ".tuning_job",
    "TuningJobBase": ".tuning_job_base",
    "Problem": ".validation",
    "TuningJobValidationError": ".validation",
    "ValidationReport": ".validation",
    "validate_request": ".validation",
    "WarmStart": ".warm_start",
    "WarmStartType": ".warm_start",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULES])


__all__ = [
    "RESOURCE_TYPE",
    "AlgorithmOptions",
    "AllocationStrategy",
    "AutoParameter",
    "BoundTrainingDefinition",
    "BuiltInAlgorithm",
    "CategoricalParameter",
    "ChannelOptions",
    "CompressionType",
    "ComputeOptions",
    "ContinuousParameter",
    "FileSystemAccessMode",
    "FileSystemType",
    "HyperParameterTuningJob",
    "HyperParameterTuningJobOptions",
    "ITuningJob",
    "InputMode",
    "InstanceConfig",
    "InstanceGroup",
    "InstancePlacement",
    "InstancePreference",
    "IntegerParameter",
    "JobEventOptions",
    "MetricDefinition",
    "NetworkOptions",
    "ObjectiveType",
    "OutputCompression",
    "ParameterRange",
    "PlacementSpecification",
    "Problem",
    "RawRequestTuningJob",
    "RawRequestTuningTask",
    "RecordWrapper",
    "S3DataDistribution",
    "S3DataType",
    "S3InputOptions",
    "S3SourceOptions",
    "SageMakerCreateHyperParameterTuningJob",
    "SageMakerCreateHyperParameterTuningJobOptions",
    "ScalingType",
    "StoppingOptions",
    "StrategyType",
    "TrainingAlgorithm",
    "TrainingCheckpoint",
    "TrainingInput",
    "TrainingJobDefinition",
    "TrainingJobDefinitionOptions",
    "TrainingOutput",
    "TuningJobBase",
    "TuningJobCompletionCriteria",
    "TuningJobLifecycleOptions",
    "TuningJobOptions",
    "TuningJobProvider",
    "TuningJobStatus",
    "TuningJobValidationError",
    "TuningJobWait",
    "TuningObjective",
    "TuningStrategy",
    "TuningTaskBase",
    "TuningTaskStateOptions",
    "ValidationReport",
    "WarmStart",
    "WarmStartType",
    "builtin_image_uri",
    "validate_request",
]
