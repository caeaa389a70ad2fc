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


# The API's limits (botocore's model: IntegerParameterRanges, CategoricalParameterRanges, ParameterValues,
# AutoParameters, ParameterValue).
MAX_RANGES_PER_TYPE = 30
MAX_CATEGORICAL_VALUES = 30
MAX_AUTO_PARAMETERS = 100
MAX_VALUE_LENGTH = 256


def _is_token(value: Any) -> bool:
    """A string token, or a number token (a finite float stand-in such as a CfnParameter's value_as_number)."""
    if isinstance(value, str):
        return Token.is_unresolved(value)
    # jsii cannot carry NaN or infinity to Token.is_unresolved; they are never tokens.
    return isinstance(value, float) and math.isfinite(value) and Token.is_unresolved(value)


def _check_name(kind: str, name: Any) -> None:
    if not isinstance(name, str) or (not _is_token(name) and not (0 < len(name) <= MAX_VALUE_LENGTH)):
        raise ValueError(
            f"{kind} 'name' must be a string of 1 to {MAX_VALUE_LENGTH} characters, got {name!r}"
        )


def _render_value(value: Any) -> str:
    """A parameter value as the API's string: ``3`` -> ``"3"``, ``0.1`` -> ``"0.1"``, ``True`` -> ``"true"``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_token(value):
        # A number token is a float stand-in: str() would mangle it, Token.as_string keeps the reference.
        return Token.as_string(value)
    # str() keeps the shortest round-tripping form (0.1 -> "0.1", 1e-05 -> "1e-05"), which SageMaker parses.
    return str(value)


class ParameterRange:
    """A hyperparameter the tuning job searches. Use one of the subclasses."""

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
        _check_name(self._KIND, name)
        errors: list[str] = []
        for field, value in (("min_value", min_value), ("max_value", max_value)):
            if _is_token(value):
                continue
            if isinstance(value, bool) or not isinstance(value, self._ALLOWED_TYPES):
                errors.append(f"{self._KIND} {name!r}: '{field}' must be {self._TYPE_TEXT}, got {value!r}")
            elif isinstance(value, float) and not math.isfinite(value):
                errors.append(f"{self._KIND} {name!r}: '{field}' must be finite, got {value!r}")
        if scaling is not None and not isinstance(scaling, ScalingType):
            errors.append(f"{self._KIND} {name!r}: 'scaling' must be a ScalingType, got {scaling!r}")
        concrete = not errors and not _is_token(min_value) and not _is_token(max_value)
        if concrete and min_value > max_value:  # type: ignore[operator]
            errors.append(
                f"{self._KIND} {name!r}: 'min_value' ({min_value!r}) must not be greater than "
                f"'max_value' ({max_value!r})"
            )
        if concrete and scaling is ScalingType.LOGARITHMIC and min_value <= 0:  # type: ignore[operator]
            errors.append(
                f"{self._KIND} {name!r}: ScalingType.LOGARITHMIC needs 'min_value' above 0, got {min_value!r}"
            )
        errors.extend(self._check_scaling(name, min_value, max_value, scaling, concrete))
        if errors:
            raise ValueError("; ".join(errors))
        self.name = name
        self.min_value = min_value
        self.max_value = max_value
        self.scaling = scaling

    def _check_scaling(
        self, name: str, min_value: Any, max_value: Any, scaling: ScalingType | None, concrete: bool
    ) -> list[str]:
        return []

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
    :param min_value: the smallest value searched.
    :param max_value: the largest value searched.
    :param scaling: how values are sampled.
        :default: - SageMaker chooses (``Auto``)
    """

    _KIND = "ContinuousParameter"
    _API_LIST = "ContinuousParameterRanges"
    _ALLOWED_TYPES = (int, float)
    _TYPE_TEXT = "a number"

    def _check_scaling(
        self, name: str, min_value: Any, max_value: Any, scaling: ScalingType | None, concrete: bool
    ) -> list[str]:
        if concrete and scaling is ScalingType.REVERSE_LOGARITHMIC and not (min_value >= 0 and max_value < 1):
            return [
                f"ContinuousParameter {name!r}: ScalingType.REVERSE_LOGARITHMIC needs a range within [0, 1), "
                f"got [{min_value!r}, {max_value!r}]"
            ]
        return []


class IntegerParameter(_NumericRange):
    """An integer hyperparameter searched between ``min_value`` and ``max_value`` (inclusive)::

        IntegerParameter("max_depth", 3, 10)

    :param name: the hyperparameter's name.
    :param min_value: the smallest value searched.
    :param max_value: the largest value searched.
    :param scaling: how values are sampled; ``REVERSE_LOGARITHMIC`` is for continuous ranges only.
        :default: - SageMaker chooses (``Auto``)
    """

    _KIND = "IntegerParameter"
    _API_LIST = "IntegerParameterRanges"
    _ALLOWED_TYPES = (int,)
    _TYPE_TEXT = "an integer"

    def _check_scaling(
        self, name: str, min_value: Any, max_value: Any, scaling: ScalingType | None, concrete: bool
    ) -> list[str]:
        if scaling is ScalingType.REVERSE_LOGARITHMIC:
            return [
                f"IntegerParameter {name!r}: ScalingType.REVERSE_LOGARITHMIC is allowed for continuous "
                "parameters only; use AUTO, LINEAR or LOGARITHMIC"
            ]
        return []


class CategoricalParameter(ParameterRange):
    """A hyperparameter chosen among 1 to 30 values::

        CategoricalParameter("booster", ["gbtree", "dart"])

    :param name: the hyperparameter's name.
    :param values: the values searched; numbers and booleans are rendered as the API's strings
        (``True`` -> ``"true"``).
    """

    _API_LIST = "CategoricalParameterRanges"

    def __init__(self, name: str, values: Sequence[str | int | float | bool]) -> None:
        _check_name("CategoricalParameter", name)
        if isinstance(values, str) or not isinstance(values, Sequence):
            raise ValueError(
                f"CategoricalParameter {name!r}: 'values' must be a list of values, got {values!r}"
            )
        if not 1 <= len(values) <= MAX_CATEGORICAL_VALUES:
            raise ValueError(
                f"CategoricalParameter {name!r}: 'values' must hold 1 to {MAX_CATEGORICAL_VALUES} values, "
                f"got {len(values)}"
            )
        bad = [value for value in values if not isinstance(value, str | int | float | bool)]
        if bad:
            raise ValueError(
                f"CategoricalParameter {name!r}: 'values' must be strings, numbers or booleans, got {bad[0]!r}"
            )
        rendered = [_render_value(value) for value in values]
        duplicates = sorted(
            {value for value in rendered if rendered.count(value) > 1 and not _is_token(value)}
        )
        if duplicates:
            raise ValueError(f"CategoricalParameter {name!r}: 'values' has duplicates {duplicates}")
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
        _check_name("AutoParameter", name)
        if isinstance(value_hint, bool) or not isinstance(value_hint, str | int | float):
            raise ValueError(
                f"AutoParameter {name!r}: 'value_hint' must be a string or a number, got {value_hint!r}"
            )
        rendered = _render_value(value_hint)
        if not _is_token(rendered) and len(rendered) > MAX_VALUE_LENGTH:
            raise ValueError(
                f"AutoParameter {name!r}: 'value_hint' must be at most {MAX_VALUE_LENGTH} characters"
            )
        self.name = name
        self.value_hint = value_hint

    def _render(self) -> dict[str, Any]:
        return {"Name": self.name, "ValueHint": _render_value(self.value_hint)}

    def __repr__(self) -> str:
        return f"AutoParameter({self.name!r}, value_hint={self.value_hint!r})"


_LIST_ORDER = (
    "IntegerParameterRanges",
    "ContinuousParameterRanges",
    "CategoricalParameterRanges",
    "AutoParameters",
)
_LIST_LIMITS = {
    "IntegerParameterRanges": MAX_RANGES_PER_TYPE,
    "ContinuousParameterRanges": MAX_RANGES_PER_TYPE,
    "CategoricalParameterRanges": MAX_RANGES_PER_TYPE,
    "AutoParameters": MAX_AUTO_PARAMETERS,
}


def render_parameter_ranges(ranges: Sequence[ParameterRange]) -> dict[str, Any]:
    """The API's ``ParameterRanges`` for a list of ranges; empty lists are omitted.

    :raises ValueError: a parameter named twice, an item that is not a range, or more ranges of one kind
        than the API takes.
    """
    if isinstance(ranges, ParameterRange) or not isinstance(ranges, Sequence):
        raise ValueError(f"'parameter_ranges' must be a list of parameter ranges, got {ranges!r}")
    rendered: dict[str, list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for index, item in enumerate(ranges):
        if not isinstance(item, ParameterRange):
            raise ValueError(
                f"'parameter_ranges[{index}]' must be a ContinuousParameter, IntegerParameter, "
                f"CategoricalParameter or AutoParameter, got {item!r}"
            )
        if not _is_token(item.name):
            if item.name in seen:
                raise ValueError(f"'parameter_ranges[{index}]': hyperparameter {item.name!r} is given twice")
            seen.add(item.name)
        rendered.setdefault(item._API_LIST, []).append(item._render())
    for key, items in rendered.items():
        if len(items) > _LIST_LIMITS[key]:
            raise ValueError(
                f"'parameter_ranges': at most {_LIST_LIMITS[key]} {key} allowed, got {len(items)}"
            )
    return {key: rendered[key] for key in _LIST_ORDER if key in rendered}


def parameter_range_prop_names(
    ranges: Sequence[ParameterRange], api_prefix: str, prop_prefix: str
) -> dict[str, str]:
    """For messages: the typed prop behind each rendered range.

    ``{"<api_prefix>.ContinuousParameterRanges[0]": "<prop_prefix>[2]", ...}``, following the order in which
    :func:`render_parameter_ranges` groups the ranges.
    """
    names = {api_prefix: prop_prefix}
    positions: dict[str, int] = {}
    for index, item in enumerate(ranges):
        if not isinstance(item, ParameterRange):
            continue
        position = positions.get(item._API_LIST, 0)
        positions[item._API_LIST] = position + 1
        names[f"{api_prefix}.{item._API_LIST}[{position}]"] = f"{prop_prefix}[{index}]"
    return names
