"""AWS CDK constructs for Amazon SageMaker hyperparameter tuning jobs."""

from .provider import RESOURCE_TYPE, TuningJobProvider
from .tuning_job import HyperParameterTuningJob
from .validation import Problem, TuningJobValidationError, ValidationReport, validate_request

__all__ = [
    "RESOURCE_TYPE",
    "HyperParameterTuningJob",
    "Problem",
    "TuningJobProvider",
    "TuningJobValidationError",
    "ValidationReport",
    "validate_request",
]
