"""AWS CDK constructs for Amazon SageMaker hyperparameter tuning jobs."""

from .provider import RESOURCE_TYPE, TuningJobProvider
from .tuning_job import HyperParameterTuningJob

__all__ = ["RESOURCE_TYPE", "HyperParameterTuningJob", "TuningJobProvider"]
