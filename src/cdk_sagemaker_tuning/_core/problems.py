"""The one vocabulary of findings: a ``Problem`` with an id and a level, and the one exception listing them.

On the lowest floor because every layer raises it: the request's rules (``validation/``), the typed
classes' own checks (``typed/``), the constructs (``resource/``, ``grants/``) and the built-in algorithm
data (``_data/``). ``validation.errors`` re-exports these names, where they have always been importable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Level = Literal["error", "warning"]
#: SageMaker would reject the request (or the library cannot build it): the finding fails the synth.
ERROR: Level = "error"
#: The request may not do what was meant: the finding is a warning (``Annotations``), acknowledged by id.
WARNING: Level = "warning"


def show(value: Any) -> str:
    """A short, readable rendering of a request value for messages (strings quoted, long values cut)."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 120 else text[:117] + "..."


@dataclass(frozen=True)
class Problem:
    """One finding about the request or a typed prop.

    :param path: the API path of the field, dotted, list items as ``[n]`` and map keys as ``.key``
        (``HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs``); empty for a finding of
        a typed class or a construct, whose message names the prop (``prop``) itself.
    :param message: what is wrong with the value and what is allowed, starting with the value itself.
    :param value: the value found at ``path`` (``None`` when the field is missing).
    :param prop: the typed prop behind ``path``, when the request was rendered by the typed API.
    :param rule: the id of the rule or check that found it (``quota-parallel-training-jobs``, ``prop-type``;
        see ``validation/registry.py`` and ``_core/checks.py``): two warnings on one field are told apart,
        and acknowledged, by it.
    :param level: ``"error"`` (SageMaker would reject the request) or ``"warning"``; set by the registry
        from the rule's registration.
    :param typed_message: the message for a user of the typed API, in the typed API's names rather than the
        request's values (``early_stopping=True`` rather than ``'Auto'``); used instead of ``message``
        once the finding is put on a typed prop. :default: - ``message`` for everyone
    """

    path: str
    message: str
    value: Any = field(default=None, compare=False)
    prop: str | None = None
    rule: str = ""
    level: str = ERROR
    typed_message: str | None = field(default=None, compare=False)

    @property
    def acknowledgement_id(self) -> str:
        """The id of the warning this finding becomes: ``Annotations.of(job).acknowledge_warning(id)``."""
        return ":".join(part for part in ("cdk-sagemaker-tuning", self.rule, self.path) if part)

    def __str__(self) -> str:
        if not self.path:  # a typed class's or a construct's finding: the message names the prop itself
            return self.message
        where = f"{self.path} ({self.prop})" if self.prop else self.path
        return f"{where}: {self.message}"

    def line(self) -> str:
        """The finding as one line of a message, ending with its id when it has one (``... [tags]``)."""
        return f"{self} [{self.rule}]" if self.rule else str(self)


class TuningJobValidationError(ValueError):
    """The tuning job (its request, or a typed prop) would be rejected; ``problems`` lists every reason found.

    A ``ValueError`` (as it has always been), so code that catches ``ValueError`` keeps working. Each line
    ends with the id of the rule or check that found the problem (``[tags]``, ``[prop-type]``).
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        header = f"The tuning job request has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([header, *(f"  - {problem.line()}" for problem in self.problems)]))
