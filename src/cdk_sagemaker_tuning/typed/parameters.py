"""Hyperparameter ranges: what the tuning job searches (the API's ``ParameterRanges``).

Names and arguments follow the SageMaker Python SDK (``ContinuousParameter(min_value, max_value,
scaling_type)``), with the parameter's name first because a CDK construct takes a list, not a dict.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import Enum
from typing import Any

from aws_cdk import Token

from .._core import checks
from .._core.tokens import is_unresolved
from ..validation.range_wording import not_a
from .prop_types import Finding, raise_findings
from .request_builder import RequestBuilder

Number = int | float


class ScalingType(Enum):
    """How the tuning job samples a numeric range (``HyperParameterScalingType``)."""

    AUTO = "Auto"
    """SageMaker chooses the scale."""
    LINEAR = "Linear"
    """Uniform over the range."""
    LOGARITHMIC = "Logarithmic"
    """Uniform over the logarithm of the range; the range must be above 0."""
    REVERSE_LOGARITHMIC = "ReverseLogarithmic"
    """Dense near 1; continuous ranges within [0, 1) only."""


def _check_name(kind: str, name: Any) -> list[Finding]:
    if not isinstance(name, str):
        return [f"{kind} 'name' must be a string, got {name!r}"]
    return []


def _render_value(value: Any) -> str:
    """A parameter value as the API's string: ``3`` -> ``"3"``, ``0.1`` -> ``"0.1"``, ``True`` -> ``"true"``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_unresolved(value) and not isinstance(value, str):
        # A number token is a float stand-in: str() would mangle it, Token.as_string keeps the reference.
        return Token.as_string(value)
    # str() keeps the shortest round-tripping form (0.1 -> "0.1", 1e-05 -> "1e-05"), which SageMaker parses.
    return str(value)


class ParameterRange:
    """A hyperparameter the tuning job searches. Use one of the subclasses.

    The classes check only the Python types of their arguments. What SageMaker allows (name lengths, how
    many values, ``min_value`` below ``max_value``, scaling that fits the values) is checked on the
    rendered request, for typed props and ``from_request`` alike, and reported against
    ``parameter_ranges[n]``.
    """

    name: str
    _API_LIST: str

    def _render(self) -> dict[str, Any]:
        raise NotImplementedError


class _NumericRange(ParameterRange):
    _KIND = ""
    _ALLOWED_TYPES: tuple[type, ...] = ()
    _TYPE_TEXT = ""

    def __init__(
        self,
        name: str,
        min_value: Number | str,
        max_value: Number | str,
        *,
        scaling: ScalingType | None = None,
    ) -> None:
        errors = _check_name(self._KIND, name)
        for field, value in (("min_value", min_value), ("max_value", max_value)):
            if is_unresolved(value):
                continue
            # The same words as the checks of a raw request's MinValue / MaxValue (validation/ranges.py).
            if isinstance(value, bool) or not isinstance(value, self._ALLOWED_TYPES):
                errors.append(f"{self._KIND} {name!r}: '{field}' {not_a(repr(value), self._TYPE_TEXT)}")
            elif isinstance(value, float) and not math.isfinite(value):
                message = f"{self._KIND} {name!r}: '{field}' {not_a(repr(value), 'a finite number')}"
                errors.append(checks.PROP_VALUE.problem(message, prop=field, value=value))
        if scaling is not None and not isinstance(scaling, ScalingType):
            errors.append(f"{self._KIND} {name!r}: 'scaling' must be a ScalingType, got {scaling!r}")
        raise_findings(errors)
        self.name = name
        self.min_value = min_value
        self.max_value = max_value
        self.scaling = scaling

    def _render(self) -> dict[str, Any]:
        rendered: dict[str, Any] = {
            "Name": self.name,
            "MinValue": _render_value(self.min_value),
            "MaxValue": _render_value(self.max_value),
        }
        if self.scaling is not None:
            rendered["ScalingType"] = self.scaling.value
        return rendered

    def __repr__(self) -> str:
        scaling = f", scaling={self.scaling}" if self.scaling else ""
        return f"{type(self).__name__}({self.name!r}, {self.min_value!r}, {self.max_value!r}{scaling})"


class ContinuousParameter(_NumericRange):
    """A real-valued hyperparameter searched between ``min_value`` and ``max_value`` (inclusive)::

        ContinuousParameter("eta", 0.1, 0.5)
        ContinuousParameter("lr", 1e-5, 1e-1, scaling=ScalingType.LOGARITHMIC)

    :param name: the hyperparameter's name.
    :param min_value: the smallest value searched, below ``max_value`` (for a fixed value, use a static
        hyperparameter).
    :param max_value: the largest value searched.
    :param scaling: how values are sampled; ``REVERSE_LOGARITHMIC`` needs a range within [0, 1).
        :default: - SageMaker chooses (``Auto``)
    """

    _KIND = "ContinuousParameter"
    _API_LIST = "ContinuousParameterRanges"
    _ALLOWED_TYPES = (int, float)
    _TYPE_TEXT = "a number"


class IntegerParameter(_NumericRange):
    """An integer hyperparameter searched between ``min_value`` and ``max_value`` (inclusive)::

        IntegerParameter("max_depth", 3, 10)

    :param name: the hyperparameter's name.
    :param min_value: the smallest value searched, below ``max_value`` (for a fixed value, use a static
        hyperparameter).
    :param max_value: the largest value searched.
    :param scaling: how values are sampled; ``REVERSE_LOGARITHMIC`` is for continuous ranges only.
        :default: - SageMaker chooses (``Auto``)
    """

    _KIND = "IntegerParameter"
    _API_LIST = "IntegerParameterRanges"
    _ALLOWED_TYPES = (int,)
    _TYPE_TEXT = "an integer"


class CategoricalParameter(ParameterRange):
    """A hyperparameter chosen among 1 to 30 distinct values::

        CategoricalParameter("booster", ["gbtree", "dart"])

    :param name: the hyperparameter's name.
    :param values: the values searched; numbers and booleans are rendered as the API's strings
        (``True`` -> ``"true"``).
    """

    _API_LIST = "CategoricalParameterRanges"

    def __init__(self, name: str, values: Sequence[str | int | float | bool]) -> None:
        errors = _check_name("CategoricalParameter", name)
        if isinstance(values, str) or not isinstance(values, Sequence):
            errors.append(f"CategoricalParameter {name!r}: 'values' must be a list of values, got {values!r}")
        else:
            bad = [value for value in values if not isinstance(value, str | int | float | bool)]
            if bad:
                errors.append(
                    f"CategoricalParameter {name!r}: 'values' must be strings, numbers or booleans, got {bad[0]!r}"
                )
        raise_findings(errors)
        self.name = name
        self.values = list(values)

    def _render(self) -> dict[str, Any]:
        return {"Name": self.name, "Values": [_render_value(value) for value in self.values]}

    def __repr__(self) -> str:
        return f"CategoricalParameter({self.name!r}, {self.values!r})"


class AutoParameter(ParameterRange):
    """A hyperparameter whose range SageMaker chooses from a hint (Autotune)::

        AutoParameter("alpha", value_hint="0.5")

    :param name: the hyperparameter's name.
    :param value_hint: an example value SageMaker starts from; numbers are rendered as strings.
    """

    _API_LIST = "AutoParameters"

    def __init__(self, name: str, *, value_hint: str | int | float) -> None:
        errors = _check_name("AutoParameter", name)
        if isinstance(value_hint, bool) or not isinstance(value_hint, str | int | float):
            errors.append(
                f"AutoParameter {name!r}: 'value_hint' must be a string or a number, got {value_hint!r}"
            )
        raise_findings(errors)
        self.name = name
        self.value_hint = value_hint

    def _render(self) -> dict[str, Any]:
        return {"Name": self.name, "ValueHint": _render_value(self.value_hint)}

    def __repr__(self) -> str:
        return f"AutoParameter({self.name!r}, value_hint={self.value_hint!r})"


# The order of the API's ParameterRanges members, kept in the rendering so that templates are stable.
_LIST_ORDER = (
    "IntegerParameterRanges",
    "ContinuousParameterRanges",
    "CategoricalParameterRanges",
    "AutoParameters",
)


def render_parameter_ranges(builder: RequestBuilder, ranges: Sequence[ParameterRange] | None) -> None:
    """Write the API's ``ParameterRanges`` for ``ranges`` into ``builder`` (an empty kind is omitted).

    Each range is recorded as ``[n]``, its index in ``ranges``, relative to the builder's prop.

    :raises TuningJobValidationError: (``prop-type``) ``ranges`` is not a list, or holds an item that is not
        a ``ParameterRange``.
    """
    if ranges is None:
        return
    if isinstance(ranges, ParameterRange) or not isinstance(ranges, Sequence):
        raise checks.PROP_TYPE.error(
            f"'{builder.prop or 'parameter_ranges'}' must be a list of parameter ranges, got {ranges!r}"
        )
    errors = [
        f"'{builder.prop}[{index}]' must be a ContinuousParameter, IntegerParameter, CategoricalParameter or "
        f"AutoParameter, got {item!r}"
        for index, item in enumerate(ranges)
        if not isinstance(item, ParameterRange)
    ]
    raise_findings(errors)
    for kind in _LIST_ORDER:
        of_kind = [(index, item) for index, item in enumerate(ranges) if kind == item._API_LIST]
        for position, (index, item) in enumerate(of_kind):
            builder.put(f"{kind}[{position}]", item._render(), f"[{index}]")
            if isinstance(item, _NumericRange):  # findings on a bound name the typed argument
                builder.put(f"{kind}[{position}].MinValue", None, f"[{index}].min_value")
                builder.put(f"{kind}[{position}].MaxValue", None, f"[{index}].max_value")
