"""Synth-time validation of CreateHyperParameterTuningJob requests: structure, semantics and quotas."""

from .errors import Problem, TuningJobValidationError
from .report import ValidationReport
from .validate import validate_request

__all__ = ["Problem", "TuningJobValidationError", "ValidationReport", "validate_request"]
