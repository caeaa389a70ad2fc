"""Synth-time validation of CreateHyperParameterTuningJob requests: structure, semantics and quotas."""

from .errors import Problem, TuningJobValidationError
from .report import ValidationReport
from .tags import MAX_USER_TAGS, RESERVED_KEY_PREFIX
from .validate import validate_request

__all__ = [
    "MAX_USER_TAGS",
    "RESERVED_KEY_PREFIX",
    "Problem",
    "TuningJobValidationError",
    "ValidationReport",
    "validate_request",
]
