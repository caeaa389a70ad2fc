"""What a validation finding looks like, and the one exception that carries every error at once.

Defined on the lowest floor (``_core/problems.py``), since the typed classes, the constructs and the
built-in algorithm data raise them too; importable from here as they always were.
"""

from __future__ import annotations

from .._core.problems import Problem, TuningJobValidationError, show

__all__ = ["Problem", "TuningJobValidationError", "show"]
