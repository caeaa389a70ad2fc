"""What a validation finding looks like, and the one exception that carries every error at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def show(value: Any) -> str:
    """A short, readable rendering of a request value for messages (strings quoted, long values cut)."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 120 else text[:117] + "..."


@dataclass(frozen=True)
class Problem:
    """One finding about the request.

    :param path: the API path of the field, dotted, list items as ``[n]`` and map keys as ``.key``
        (``HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs``).
    :param message: what is wrong with the value and what is allowed, starting with the value itself.
    :param value: the value found at ``path`` (``None`` when the field is missing).
    :param prop: the typed prop behind ``path``, when the request was rendered by the typed API.
    :param rule: a short, stable name of the check that found it (``quota-parallel-training-jobs``): two
        warnings on one field are told apart, and acknowledged, by it.
    """

    path: str
    message: str
    value: Any = field(default=None, compare=False)
    prop: str | None = None
    rule: str = ""

    @property
    def acknowledgement_id(self) -> str:
        """The id of the warning this finding becomes: ``Annotations.of(job).acknowledge_warning(id)``."""
        return ":".join(part for part in ("cdk-sagemaker-tuning", self.rule, self.path) if part)

    def __str__(self) -> str:
        where = f"{self.path} ({self.prop})" if self.prop else self.path
        return f"{where}: {self.message}"


class TuningJobValidationError(ValueError):
    """The tuning job request would be rejected by SageMaker; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        header = f"The tuning job request has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([header, *(f"  - {problem}" for problem in self.problems)]))
