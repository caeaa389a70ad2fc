"""AWS CDK constructs for Amazon SageMaker hyperparameter tuning jobs."""

from ._handler.contract import RESOURCE_TYPE
from .algorithms import BuiltInAlgorithm, InputMode, MetricDefinition, TrainingAlgorithm, builtin_image_uri
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
    "ScalingType",
    "StrategyType",
    "TrainingAlgorithm",
    "TrainingCheckpoint",
    "TrainingInput",
    "TrainingJobDefinition",
    "TrainingOutput",
    "TuningJobCompletionCriteria",
    "TuningJobProvider",
    "TuningJobValidationError",
    "TuningObjective",
    "TuningStrategy",
    "ValidationReport",
    "WarmStart",
    "WarmStartType",
    "builtin_image_uri",
    "validate_request",
]
