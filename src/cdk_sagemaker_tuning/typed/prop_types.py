"""Python type checks of typed props, and the unit conversions that render them.

The typed classes check only what Python types their props are (a ``Duration``, a ``TuningObjective``):
limits, patterns and enums are checked on the rendered request against botocore's model
(``validation/structural.py``), which names the prop behind each finding.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from aws_cdk import Duration, Size

from .._core import checks
from .._core.problems import Problem
from .._core.tokens import is_unresolved

#: The id of every Python-type finding of a typed prop (a ``Problem``'s ``rule``), beside the request's
#: rules of ``validation/registry.py``: one ``TuningJobValidationError`` lists both kinds.
TYPE_RULE = checks.PROP_TYPE.id
#: A finding of a typed class: a message of ``type_error`` and its siblings (a Python-type finding,
#: ``prop-type``), or a ``Problem`` of another check of ``_core/checks.py`` (``prop-combination``...).
Finding = str | Problem
_PROP = re.compile(r"'([^']+)'")


def type_error(prop: str, value: Any, expected: type | tuple[type, ...], hint: str = "") -> str | None:
    """The message for a prop that is not ``None`` and not of ``expected`` type, else ``None``.

    ``bool`` is not accepted where ``int`` is expected (it is an int subclass in Python only).
    """
    if value is None:
        return None
    kinds = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool) and bool not in kinds:
        pass
    elif isinstance(value, kinds):
        return None
    if kinds == (bool,):
        return f"'{prop}' must be True or False, got {value!r}"
    names = " or ".join(kind.__name__ for kind in kinds)
    article = "an" if names[0] in "AEIOU" else "a"
    return f"'{prop}' must be {article} {names}{f' ({hint})' if hint else ''}, got {value!r}"


def enum_error(prop: str, value: Any, cls: type[enum.Enum]) -> str:
    """The message for a prop that must be a member of ``cls`` (listing the members)."""
    allowed = ", ".join(member.name for member in cls)
    return f"'{prop}' should be a {cls.__name__} ({allowed}), got {value!r}"


def integer_error(prop: str, value: Any) -> str | None:
    """The message for a prop that must be an integer (or a number token) and is not."""
    if value is None or is_unresolved(value):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        return f"'{prop}' must be an integer, got {value!r}"
    return None


def type_problem(message: str, context: str = "") -> Problem:
    """The finding of one message of ``type_error``, ``enum_error`` or ``integer_error`` (which name the prop)."""
    prop = _PROP.match(message)
    return Problem("", context + message, prop=prop[1] if prop else None, rule=TYPE_RULE)


def as_problem(finding: Finding) -> Problem:
    """A finding as a ``Problem``: a message string is a Python-type finding (``prop-type``)."""
    return type_problem(finding) if isinstance(finding, str) else finding


def raise_for_type_errors(*errors: Finding | None, context: str = "") -> None:
    """Raise one ``TuningJobValidationError`` (a ``ValueError``) naming every prop of the wrong type, if any.

    Each finding carries its check's id: ``prop-type`` for a message string, like the request's findings
    carry their rule's.
    """
    raise_findings([error for error in errors if error], context=context)


def raise_findings(findings: Iterable[Finding], *, context: str = "") -> None:
    """Raise one ``TuningJobValidationError`` listing every finding, if any; ``context`` starts each message.

    :param context: what the findings are about, when the messages do not say (``"TrainingJobDefinition: "``).
    """
    checks.raise_for((as_problem(finding) for finding in findings), context)


def _whole(value: float) -> int | float:
    # jsii may hand back whole numbers as floats; the API wants an integer (a token stays a token).
    if not is_unresolved(value) and math.isfinite(value) and float(value).is_integer():
        return int(value)
    return value


def seconds(duration: Duration | None) -> int | float | None:
    """A duration in whole seconds, as the API's ``...InSeconds`` fields want (a token stays a token).

    :raises RuntimeError: jsii's, for a duration that is not a whole number of seconds.
    """
    return None if duration is None else _whole(duration.to_seconds())


def whole_gib(size: Size | None) -> int | float | None:
    """A size in whole GiB (``VolumeSizeInGB``); a token stays a token.

    :raises RuntimeError: jsii's, for a size that is not a whole number of GiB.
    """
    return None if size is None else _whole(size.to_gibibytes())


def keys_of(group: Any) -> frozenset[str]:
    """The keywords of a ``TypedDict`` keyword group (its own and those it inherits)."""
    keys: frozenset[str] = group.__required_keys__ | group.__optional_keys__
    return keys


def check_keywords(callable_name: str, given: Mapping[str, Any], *groups: Any) -> None:
    """Raise ``TypeError`` for a keyword no group declares, as Python does for an unknown keyword argument.

    ``**options: Unpack[Group]`` (PEP 692) is checked by type checkers only; this keeps the run-time error.

    :param callable_name: the callable as the message names it (``HyperParameterTuningJob()``).
    :param given: the keywords received.
    :param groups: the ``TypedDict`` keyword groups the callable accepts.
    """
    allowed = frozenset().union(*(keys_of(group) for group in groups))
    for name in given:
        if name not in allowed:
            raise TypeError(f"{callable_name} got an unexpected keyword argument {name!r}")


def pick(given: Mapping[str, Any], group: Any) -> dict[str, Any]:
    """The keywords of ``given`` that ``group`` declares."""
    keys = keys_of(group)
    return {name: value for name, value in given.items() if name in keys}
