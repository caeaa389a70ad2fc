"""AWS CDK constructs for Amazon SageMaker hyperparameter tuning jobs."""

from .algorithms import BuiltInAlgorithm, InputMode, MetricDefinition, TrainingAlgorithm, builtin_image_uri
from .channels import (
    CompressionType,
    FileSystemAccessMode,
    FileSystemType,
    OutputCompression,
    RecordWrapper,
    S3DataDistribution,
    S3DataType,
    TrainingCheckpoint,
    TrainingInput,
    TrainingOutput,
)
from .provider import RESOURCE_TYPE, TuningJobProvider
from .training import AllocationStrategy, BoundTrainingDefinition, InstanceConfig, TrainingJobDefinition
from .tuning_job import HyperParameterTuningJob

__all__ = [
    "RESOURCE_TYPE",
    "AllocationStrategy",
    "BoundTrainingDefinition",
    "BuiltInAlgorithm",
    "CompressionType",
    "FileSystemAccessMode",
    "FileSystemType",
    "HyperParameterTuningJob",
    "InputMode",
    "InstanceConfig",
    "MetricDefinition",
    "OutputCompression",
    "RecordWrapper",
    "S3DataDistribution",
    "S3DataType",
    "TrainingAlgorithm",
    "TrainingCheckpoint",
    "TrainingInput",
    "TrainingJobDefinition",
    "TrainingOutput",
    "TuningJobProvider",
    "builtin_image_uri",
]
