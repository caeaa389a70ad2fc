"""The result of validating a request: errors (SageMaker would reject it) and warnings (it may not work)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import Problem, TuningJobValidationError


@dataclass
class ValidationReport:
    """Every problem found in one request, split into errors and warnings, in the order found."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: Errors the user acknowledged by id (a field newer than the vendored API model): not raised.
    acknowledged: list[Problem] = field(default_factory=list)

    def error(self, path: str, message: str, value: Any = None) -> None:
        self.errors.append(Problem(path, message, value))

    def warn(self, path: str, message: str, value: Any = None, *, rule: str = "") -> None:
        """Add a warning; ``rule`` names the check, so that each warning has its own acknowledgement id."""
        self.warnings.append(Problem(path, message, value, rule=rule))

    def extend(self, other: ValidationReport) -> None:
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)
        self.acknowledged.extend(other.acknowledged)

    def raise_for_errors(self) -> None:
        """Raise one ``TuningJobValidationError`` listing every error, if there is any."""
        if self.errors:
            raise TuningJobValidationError(self.errors)
