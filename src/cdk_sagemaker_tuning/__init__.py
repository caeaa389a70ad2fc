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
        BuiltInAlgorithm,
        InputMode,
        MetricDefinition,
        TrainingAlgorithm,
        builtin_image_uri,
    )
    from .channel_options import (
        CompressionType,
        FileSystemAccessMode,
        FileSystemType,
        RecordWrapper,
        S3DataDistribution,
        S3DataType,
    )
    from .channels import TrainingInput
    from .completion import TuningJobCompletionCriteria
    from .completion_wait import TuningJobWait
    from .events import TuningJobStatus
    from .interfaces import ITuningJob
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
    from .stepfunctions_task import SageMakerCreateHyperParameterTuningJob
    from .strategy import StrategyType, TuningStrategy
    from .training import (
        AllocationStrategy,
        BoundTrainingDefinition,
        InstanceConfig,
        InstanceGroup,
        TrainingJobDefinition,
    )
    from .tuning_job import HyperParameterTuningJob
    from .validation import Problem, TuningJobValidationError, ValidationReport, validate_request
    from .warm_start import WarmStart, WarmStartType

# Each public name and the module that defines it, relative to this package.
_MODULES: dict[str, str] = {
    "RESOURCE_TYPE": "._handler.contract",
    "BuiltInAlgorithm": ".algorithms",
    "InputMode": ".algorithms",
    "MetricDefinition": ".algorithms",
    "TrainingAlgorithm": ".algorithms",
    "builtin_image_uri": ".algorithms",
    "CompressionType": ".channel_options",
    "FileSystemAccessMode": ".channel_options",
    "FileSystemType": ".channel_options",
    "RecordWrapper": ".channel_options",
    "S3DataDistribution": ".channel_options",
    "S3DataType": ".channel_options",
    "TrainingInput": ".channels",
    "TuningJobCompletionCriteria": ".completion",
    "TuningJobWait": ".completion_wait",
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
    "SageMakerCreateHyperParameterTuningJob": ".stepfunctions_task",
    "StrategyType": ".strategy",
    "TuningStrategy": ".strategy",
    "AllocationStrategy": ".training",
    "BoundTrainingDefinition": ".training",
    "InstanceConfig": ".training",
    "InstanceGroup": ".training",
    "TrainingJobDefinition": ".training",
    "HyperParameterTuningJob": ".tuning_job",
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
    "AllocationStrategy",
    "AutoParameter",
    "BoundTrainingDefinition",
    "BuiltInAlgorithm",
    "CategoricalParameter",
    "CompressionType",
    "ContinuousParameter",
    "FileSystemAccessMode",
    "FileSystemType",
    "HyperParameterTuningJob",
    "ITuningJob",
    "InputMode",
    "InstanceConfig",
    "InstanceGroup",
    "IntegerParameter",
    "MetricDefinition",
    "ObjectiveType",
    "OutputCompression",
    "ParameterRange",
    "Problem",
    "RecordWrapper",
    "S3DataDistribution",
    "S3DataType",
    "SageMakerCreateHyperParameterTuningJob",
    "ScalingType",
    "StrategyType",
    "TrainingAlgorithm",
    "TrainingCheckpoint",
    "TrainingInput",
    "TrainingJobDefinition",
    "TrainingOutput",
    "TuningJobCompletionCriteria",
    "TuningJobProvider",
    "TuningJobStatus",
    "TuningJobValidationError",
    "TuningJobWait",
    "TuningObjective",
    "TuningStrategy",
    "ValidationReport",
    "WarmStart",
    "WarmStartType",
    "builtin_image_uri",
    "validate_request",
]
