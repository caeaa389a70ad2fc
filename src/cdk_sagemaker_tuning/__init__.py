"""AWS CDK constructs for Amazon SageMaker hyperparameter tuning jobs.

The public names are imported on first use (PEP 562): ``python -m cdk_sagemaker_tuning export cdk.out``
only reads JSON files, so importing the package must not start jsii (and its Node.js process) or
print jsii's banner. ``from cdk_sagemaker_tuning import HyperParameterTuningJob`` works as usual.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import _moved_modules
from ._version import __version__ as __version__

# The public names are listed twice, on purpose: imported for type checkers below (``X as X``: an explicit
# re-export, which mypy --strict needs), and mapped to their modules in _MODULES for the lazy import at run
# time, from which __all__ is computed; tests/packaging checks that the two agree.
if TYPE_CHECKING:
    from ._handler.contract import RESOURCE_TYPE as RESOURCE_TYPE
    from .provider.tuning_job_provider import TuningJobProvider as TuningJobProvider
    from .resource.completion_wait import TuningJobWait as TuningJobWait
    from .resource.events import (
        JobEventOptions as JobEventOptions,
        TuningJobStatus as TuningJobStatus,
    )
    from .resource.lifecycle import TuningJobLifecycleOptions as TuningJobLifecycleOptions
    from .resource.raw_request_job import RawRequestTuningJob as RawRequestTuningJob
    from .resource.tuning_job import (
        HyperParameterTuningJob as HyperParameterTuningJob,
        HyperParameterTuningJobOptions as HyperParameterTuningJobOptions,
    )
    from .resource.tuning_job_base import TuningJobBase as TuningJobBase
    from .stepfunctions.raw_request_task import RawRequestTuningTask as RawRequestTuningTask
    from .stepfunctions.task import (
        SageMakerCreateHyperParameterTuningJob as SageMakerCreateHyperParameterTuningJob,
        SageMakerCreateHyperParameterTuningJobOptions as SageMakerCreateHyperParameterTuningJobOptions,
    )
    from .stepfunctions.task_base import (
        TuningTaskBase as TuningTaskBase,
        TuningTaskStateOptions as TuningTaskStateOptions,
    )
    from .typed.algorithms import (
        AlgorithmOptions as AlgorithmOptions,
        BuiltInAlgorithm as BuiltInAlgorithm,
        InputMode as InputMode,
        MetricDefinition as MetricDefinition,
        TrainingAlgorithm as TrainingAlgorithm,
        builtin_image_uri as builtin_image_uri,
    )
    from .typed.channel_options import (
        ChannelOptions as ChannelOptions,
        CompressionType as CompressionType,
        FileSystemAccessMode as FileSystemAccessMode,
        FileSystemType as FileSystemType,
        RecordWrapper as RecordWrapper,
        S3DataDistribution as S3DataDistribution,
        S3DataType as S3DataType,
        S3InputOptions as S3InputOptions,
        S3SourceOptions as S3SourceOptions,
    )
    from .typed.channels import TrainingInput as TrainingInput
    from .typed.completion import TuningJobCompletionCriteria as TuningJobCompletionCriteria
    from .typed.instances import (
        ComputeOptions as ComputeOptions,
        InstancePlacement as InstancePlacement,
        InstancePreference as InstancePreference,
        PlacementSpecification as PlacementSpecification,
    )
    from .typed.interfaces import ITuningJob as ITuningJob
    from .typed.job_settings import TuningJobOptions as TuningJobOptions
    from .typed.network import NetworkOptions as NetworkOptions
    from .typed.objective import (
        ObjectiveType as ObjectiveType,
        TuningObjective as TuningObjective,
    )
    from .typed.outputs import (
        OutputCompression as OutputCompression,
        TrainingCheckpoint as TrainingCheckpoint,
        TrainingOutput as TrainingOutput,
    )
    from .typed.parameters import (
        AutoParameter as AutoParameter,
        CategoricalParameter as CategoricalParameter,
        ContinuousParameter as ContinuousParameter,
        IntegerParameter as IntegerParameter,
        ParameterRange as ParameterRange,
        ScalingType as ScalingType,
    )
    from .typed.stopping import StoppingOptions as StoppingOptions
    from .typed.strategy import (
        StrategyType as StrategyType,
        TuningStrategy as TuningStrategy,
    )
    from .typed.training import (
        AllocationStrategy as AllocationStrategy,
        BoundTrainingDefinition as BoundTrainingDefinition,
        InstanceConfig as InstanceConfig,
        InstanceGroup as InstanceGroup,
        TrainingJobDefinition as TrainingJobDefinition,
        TrainingJobDefinitionOptions as TrainingJobDefinitionOptions,
    )
    from .typed.warm_start import (
        WarmStart as WarmStart,
        WarmStartType as WarmStartType,
    )
    from .validation import (
        Problem as Problem,
        TuningJobValidationError as TuningJobValidationError,
        ValidationReport as ValidationReport,
        validate_request as validate_request,
    )

# Each public name and the module that defines it, relative to this package.
_MODULES: dict[str, str] = {
    "RESOURCE_TYPE": "._handler.contract",
    "AlgorithmOptions": ".typed.algorithms",
    "BuiltInAlgorithm": ".typed.algorithms",
    "InputMode": ".typed.algorithms",
    "MetricDefinition": ".typed.algorithms",
    "TrainingAlgorithm": ".typed.algorithms",
    "builtin_image_uri": ".typed.algorithms",
    "ChannelOptions": ".typed.channel_options",
    "CompressionType": ".typed.channel_options",
    "FileSystemAccessMode": ".typed.channel_options",
    "FileSystemType": ".typed.channel_options",
    "RecordWrapper": ".typed.channel_options",
    "S3DataDistribution": ".typed.channel_options",
    "S3DataType": ".typed.channel_options",
    "S3InputOptions": ".typed.channel_options",
    "S3SourceOptions": ".typed.channel_options",
    "TrainingInput": ".typed.channels",
    "TuningJobCompletionCriteria": ".typed.completion",
    "TuningJobWait": ".resource.completion_wait",
    "JobEventOptions": ".resource.events",
    "TuningJobStatus": ".resource.events",
    "ITuningJob": ".typed.interfaces",
    "ObjectiveType": ".typed.objective",
    "TuningObjective": ".typed.objective",
    "OutputCompression": ".typed.outputs",
    "TrainingCheckpoint": ".typed.outputs",
    "TrainingOutput": ".typed.outputs",
    "AutoParameter": ".typed.parameters",
    "CategoricalParameter": ".typed.parameters",
    "ContinuousParameter": ".typed.parameters",
    "IntegerParameter": ".typed.parameters",
    "ParameterRange": ".typed.parameters",
    "ScalingType": ".typed.parameters",
    "TuningJobProvider": ".provider.tuning_job_provider",
    "RawRequestTuningTask": ".stepfunctions.raw_request_task",
    "SageMakerCreateHyperParameterTuningJob": ".stepfunctions.task",
    "SageMakerCreateHyperParameterTuningJobOptions": ".stepfunctions.task",
    "TuningTaskBase": ".stepfunctions.task_base",
    "TuningTaskStateOptions": ".stepfunctions.task_base",
    "StrategyType": ".typed.strategy",
    "TuningStrategy": ".typed.strategy",
    "AllocationStrategy": ".typed.training",
    "BoundTrainingDefinition": ".typed.training",
    "InstanceConfig": ".typed.training",
    "InstanceGroup": ".typed.training",
    "TrainingJobDefinition": ".typed.training",
    "TrainingJobDefinitionOptions": ".typed.training",
    "ComputeOptions": ".typed.instances",
    "InstancePlacement": ".typed.instances",
    "InstancePreference": ".typed.instances",
    "PlacementSpecification": ".typed.instances",
    "NetworkOptions": ".typed.network",
    "StoppingOptions": ".typed.stopping",
    "TuningJobLifecycleOptions": ".resource.lifecycle",
    "TuningJobOptions": ".typed.job_settings",
    "RawRequestTuningJob": ".resource.raw_request_job",
    "HyperParameterTuningJob": ".resource.tuning_job",
    "HyperParameterTuningJobOptions": ".resource.tuning_job",
    "TuningJobBase": ".resource.tuning_job_base",
    "Problem": ".validation",
    "TuningJobValidationError": ".validation",
    "ValidationReport": ".validation",
    "validate_request": ".validation",
    "WarmStart": ".typed.warm_start",
    "WarmStartType": ".typed.warm_start",
}


_moved_modules.install()


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_MODULES])


#: The public names: exactly those of the lazy-import map.
__all__ = sorted(_MODULES)
