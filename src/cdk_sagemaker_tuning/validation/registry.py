"""The registry of validation rules: each rule is one pure function, registered with an id, a level and a source.

A rule reads the request and yields :class:`~.errors.Problem` s; it never raises and keeps no state.
Registering it (``@rule(...)``) is all it takes for :func:`~.validate.validate_request` to run it, for
its findings to carry its id and level, and for the table of rules in ``docs/validation.md`` to list it
(``PYTHONPATH=src python scripts/rules_table.py --write`` regenerates that table; a test compares them).

    @rule("spot-wait-below-runtime", level=ERROR, source="API_StoppingCondition")
    def spot_wait_below_runtime(request: Mapping[str, Any]) -> Iterator[Problem]:
        \"\"\"MaxWaitTimeInSeconds is at least MaxRuntimeInSeconds.\"\"\"
        ...
        yield Problem(path, f"{wait} is less than MaxRuntimeInSeconds {runtime}", wait)

Rules run module by module in the order of ``validate.RULE_MODULES`` (the model's first), and within a
module in the order they are written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from .._core.checks import CHECKS
from .._core.problems import ERROR, WARNING, Level
from .errors import Problem

__all__ = ["ERROR", "WARNING", "Check", "Level", "Rule", "rule", "rules", "stamped"]

Check = Callable[[Mapping[str, Any]], Iterable[Problem]]

_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Rule:
    """One registered rule.

    :param id: stable and unique, lower-case words joined by hyphens; it is part of every finding's
        acknowledgement id, so renaming it breaks users' acknowledgements.
    :param level: ``ERROR`` or ``WARNING``.
    :param source: where the rule's fact comes from: botocore's model, a SageMaker page (its title, or
        its URL), an issue.
    :param check: the pure function; its docstring's first line is the rule's summary.
    """

    id: str
    level: Level
    source: str
    check: Check

    @property
    def summary(self) -> str:
        doc = (self.check.__doc__ or "").strip()
        return doc.split("\n\n", 1)[0].replace("\n", " ")

    def findings(self, request: Mapping[str, Any]) -> Iterator[Problem]:
        """The rule's findings on ``request``, each carrying the rule's id and level."""
        for problem in self.check(request):
            yield replace(problem, rule=self.id, level=self.level)


_RULES: dict[str, Rule] = {}


def rule(rule_id: str, *, level: Level, source: str) -> Callable[[Check], Check]:
    """Register the decorated function as a rule (returned unchanged, so it can be tested directly)."""
    if not _ID.fullmatch(rule_id):
        raise ValueError(f"rule id {rule_id!r} must be lower-case words joined by hyphens")
    if level not in (ERROR, WARNING):
        raise ValueError(f"rule {rule_id!r}: level must be {ERROR!r} or {WARNING!r}, got {level!r}")
    if not source.strip():
        raise ValueError(f"rule {rule_id!r} needs a source")
    if rule_id in {check.id for check in CHECKS}:  # one vocabulary: an id names one thing
        raise ValueError(f"rule id {rule_id!r} is the id of a check of _core/checks.py")

    def register(check: Check) -> Check:
        if rule_id in _RULES and _RULES[rule_id].check is not check:
            raise ValueError(f"rule id {rule_id!r} is registered twice")
        _RULES[rule_id] = Rule(rule_id, level, source, check)
        return check

    return register


def rules() -> tuple[Rule, ...]:
    """Every registered rule, in registration order (``validate.ordered_rules`` gives the order they run in)."""
    return tuple(_RULES.values())


def stamped(rule_id: str, problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` carrying the id and level of a registered rule (for a check that also runs elsewhere)."""
    registered = _RULES[rule_id]
    return [replace(problem, rule=registered.id, level=registered.level) for problem in problems]
