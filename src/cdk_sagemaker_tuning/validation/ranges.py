"""Cross-field rules of hyperparameter ranges: bounds, scaling, distinct values, static versus tuned, grid.

Like ``semantic.py`` (whose RULES include these), each rule cites the SageMaker page it was checked
against, and every value that is an unresolved CDK token is skipped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from . import tokens
from .errors import show
from .range_wording import min_not_below_max, not_a
from .report import ValidationReport
from .request_parts import CONFIG, Definition, definitions, job_config

_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")

# API_ParameterRanges: "the sum of the number of hyperparameters for all the ranges can't exceed the
# maximum number specified" (30 items per range list).
# https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ParameterRanges.html
MAX_TUNED = 30
# Developer guide, Define Hyperparameter Ranges: "You can use up to 100 hyperparameters in total
# (static + tunable)." https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-define-ranges.html
MAX_STATIC_PLUS_TUNED = 100


@dataclass(frozen=True)
class _Ranges:
    """One ParameterRanges object of the request and the API path where it sits."""

    path: str
    value: Mapping[str, Any]


def _ranges_objects(request: Mapping[str, Any]) -> list[_Ranges]:
    found = []
    top = tokens.mapping(job_config(request).get("ParameterRanges"))
    if top is not None:
        found.append(_Ranges(f"{CONFIG}.ParameterRanges", top))
    for definition in definitions(request):
        own = tokens.mapping(definition.value.get("HyperParameterRanges"))
        if own is not None:
            found.append(_Ranges(f"{definition.path}.HyperParameterRanges", own))
    return found


def _ranges_for(request: Mapping[str, Any], definition: Definition) -> list[_Ranges]:
    """The ranges that apply to one definition: its own, and the job-level ones."""
    found = []
    top = tokens.mapping(job_config(request).get("ParameterRanges"))
    if top is not None:
        found.append(_Ranges(f"{CONFIG}.ParameterRanges", top))
    own = tokens.mapping(definition.value.get("HyperParameterRanges"))
    if own is not None:
        found.append(_Ranges(f"{definition.path}.HyperParameterRanges", own))
    return found


_KINDS = ("IntegerParameterRanges", "ContinuousParameterRanges", "CategoricalParameterRanges")


def _range_items(ranges: _Ranges, kind: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for index, item in enumerate(tokens.items(ranges.value.get(kind)) or []):
        value = tokens.mapping(item)
        if value is not None:
            yield f"{ranges.path}.{kind}[{index}]", value


def _tuned_names(ranges: _Ranges) -> tuple[list[tuple[str, str]], bool]:
    """(path, name) of every tuned hyperparameter, and whether the list is complete (no tokens)."""
    names: list[tuple[str, str]] = []
    complete = True
    for kind in _KINDS:
        raw = ranges.value.get(kind)
        if raw is not None and tokens.items(raw) is None:
            complete = False
            continue
        for path, item in _range_items(ranges, kind):
            name = tokens.string(item.get("Name"))
            if name is None:
                complete = False
            else:
                names.append((f"{path}.Name", name))
    return names, complete


def _is_non_finite(text: str) -> bool:
    try:
        return not math.isfinite(float(text))
    except ValueError:
        return False


def _parse(text: Any, *, integer: bool) -> float | None:
    value = tokens.string(text)
    if value is None:
        return None
    value = value.strip()
    if integer:
        return float(int(value)) if _INTEGER.fullmatch(value) else None
    if not _DECIMAL.fullmatch(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


# -- rules -----------------------------------------------------------------------------------------------


def _numeric_ranges(request: Mapping[str, Any], report: ValidationReport) -> None:
    """MinValue/MaxValue are numbers of the range's kind, MinValue < MaxValue, and scaling fits the values.

    API_IntegerParameterRange / API_ContinuousParameterRange: "The tuning job uses floating-point values
    between MinValue and MaxValue"; "Logarithmic scaling works only for ranges that have only values greater
    than 0"; "Reverse logarithmic scaling works only for ranges that are entirely within the range
    0<=x<1.0".

    MinValue equal to MaxValue is an error, for typed props and ``from_request`` alike (decided once,
    here). The API reference says only that the job uses values "between MinValue and MaxValue"; the
    evidence that SageMaker refuses a one-value range is aws/amazon-sagemaker-feedback#195 (open feature
    request, July 2025: "Allow singleton interval for integer or continuous range hyperparameter",
    asking for ``IntegerParameter(1, 1)`` and ``ContinuousParameter(1, 1)`` to be accepted). The
    SageMaker Python SDK passes the bounds through unchecked, so the service is the authority. A fixed
    value belongs in StaticHyperParameters, which the message says.
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_IntegerParameterRange.html
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContinuousParameterRange.html
    """
    for ranges in _ranges_objects(request):
        for kind, integer in (("IntegerParameterRanges", True), ("ContinuousParameterRanges", False)):
            what = "an integer" if integer else "a number"
            for path, item in _range_items(ranges, kind):
                bounds = {}
                for field in ("MinValue", "MaxValue"):
                    raw = item.get(field)
                    if not isinstance(raw, str) or tokens.is_unresolved(raw):
                        continue  # missing or wrong type: reported by the structural checks
                    number = _parse(raw, integer=integer)
                    if number is None:
                        finite = "a finite number" if _is_non_finite(raw) else what
                        report.error(
                            f"{path}.{field}", f"{not_a(show(raw), finite)}; give {what} as a string", raw
                        )
                    else:
                        bounds[field] = number
                low, high = bounds.get("MinValue"), bounds.get("MaxValue")
                if low is not None and high is not None and low >= high:
                    fixed = "; for a fixed value use a static hyperparameter" if low == high else ""
                    report.error(
                        f"{path}.MinValue",
                        min_not_below_max(show(item["MinValue"]), show(item["MaxValue"])) + fixed,
                        item["MinValue"],
                    )
                scaling = tokens.string(item.get("ScalingType"))
                if scaling == "Logarithmic" and low is not None and low <= 0:
                    report.error(
                        f"{path}.MinValue",
                        f"{show(item['MinValue'])} is not greater than 0: Logarithmic scaling needs values > 0",
                        item["MinValue"],
                    )
                if scaling == "ReverseLogarithmic":
                    if integer:
                        # Developer guide, Define Hyperparameter Ranges, Hyperparameter scaling: "reverse
                        # logarithmic scaling is supported only for continuous hyperparameter ranges. It is not
                        # supported for integer hyperparameter ranges." (The API enum lists it for both.)
                        report.error(
                            f"{path}.ScalingType",
                            "'ReverseLogarithmic' is only for continuous ranges; use Auto, Linear or Logarithmic",
                            scaling,
                        )
                    else:
                        if low is not None and low < 0:
                            report.error(
                                f"{path}.MinValue",
                                f"{show(item['MinValue'])} is below 0: ReverseLogarithmic needs 0 <= value < 1",
                                item["MinValue"],
                            )
                        if high is not None and high >= 1:
                            report.error(
                                f"{path}.MaxValue",
                                f"{show(item['MaxValue'])} is not below 1: ReverseLogarithmic needs 0 <= value < 1",
                                item["MaxValue"],
                            )


def _categorical_values(request: Mapping[str, Any], report: ValidationReport) -> None:
    """A categorical range lists distinct values (at most 30 is a structural check of the model).

    Duplicates are rejected by the service (https://github.com/aws/amazon-sagemaker-feedback/issues/195).
    """
    for ranges in _ranges_objects(request):
        for path, item in _range_items(ranges, "CategoricalParameterRanges"):
            values = [v for v in tokens.items(item.get("Values")) or [] if tokens.string(v) is not None]
            duplicates = sorted({v for v in values if values.count(v) > 1})
            if duplicates:
                report.error(
                    f"{path}.Values",
                    f"lists {', '.join(map(show, duplicates))} more than once; each value must be distinct",
                    item.get("Values"),
                )


def _tuned_counts(request: Mapping[str, Any], report: ValidationReport) -> None:
    """At most 30 tuned hyperparameters per ParameterRanges (API_ParameterRanges), and each name tuned once."""
    for ranges in _ranges_objects(request):
        names, complete = _tuned_names(ranges)
        if complete and len(names) > MAX_TUNED:
            report.error(
                ranges.path,
                f"tunes {len(names)} hyperparameters; at most {MAX_TUNED} in all ranges together",
                len(names),
            )
        seen: dict[str, str] = {}
        for path, name in names:
            if name in seen:
                # Not stated in the API reference: a warning, the service may or may not merge them.
                report.warn(
                    path,
                    f"{show(name)} is already tuned at {seen[name]}; tune each name once",
                    name,
                    rule="tuned-twice",
                )
            else:
                seen[name] = path


def _static_versus_tuned(request: Mapping[str, Any], report: ValidationReport) -> None:
    """A hyperparameter is static or tuned, not both; static + tuned at most 100.

    Developer guide, Define Hyperparameter Ranges: static hyperparameters are those "that do not change over
    the course of the tuning job"; "You can use up to 100 hyperparameters in total (static + tunable)".
    The SageMaker Python SDK removes every tuned name from the static ones before calling the API.
    https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-define-ranges.html
    """
    for definition in definitions(request):
        static = tokens.mapping(definition.value.get("StaticHyperParameters"))
        if static is None:
            continue
        tuned: list[tuple[str, str]] = []
        complete = True
        for ranges in _ranges_for(request, definition):
            names, ranges_complete = _tuned_names(ranges)
            tuned.extend(names)
            complete = complete and ranges_complete
        for path, name in tuned:
            if name in static:
                report.error(
                    f"{definition.path}.StaticHyperParameters.{name}",
                    f"{show(name)} is also tuned at {path}; a hyperparameter is either static or tuned",
                    static[name],
                )
        total = len(static) + len({name for _, name in tuned})
        if complete and total > MAX_STATIC_PLUS_TUNED:
            report.error(
                f"{definition.path}.StaticHyperParameters",
                f"{len(static)} static plus {len(tuned)} tuned hyperparameters make {total}; "
                f"at most {MAX_STATIC_PLUS_TUNED} in total",
                total,
            )


def _grid(request: Mapping[str, Any], report: ValidationReport) -> None:
    """Grid search: categorical ranges only; MaxNumberOfTrainingJobs, when given, is the number of combinations.

    Developer guide, How Hyperparameter Tuning Works (Grid search): grid search runs every combination
    of categorical values, so it takes categorical ranges only (an error); a given MaxNumberOfTrainingJobs
    is to equal the number of distinct combinations. The page text could not be re-read when this was
    written, so the count mismatch is a warning rather than an error.
    https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-how-it-works.html
    """
    config = job_config(request)
    if tokens.string(config.get("Strategy")) != "Grid":
        return
    all_ranges = _ranges_objects(request)
    for ranges in all_ranges:
        for kind in ("IntegerParameterRanges", "ContinuousParameterRanges"):
            listed = tokens.items(ranges.value.get(kind))
            if listed:
                report.error(
                    f"{ranges.path}.{kind}",
                    f"has {len(listed)} range(s); the Grid strategy takes CategoricalParameterRanges only",
                    ranges.value.get(kind),
                )
    limits = tokens.mapping(config.get("ResourceLimits")) or {}
    wanted = tokens.integer(limits.get("MaxNumberOfTrainingJobs"))
    if wanted is None or len(all_ranges) != 1:
        return  # several definitions: how SageMaker counts their grids is not documented
    combinations = 1
    categorical = tokens.items(all_ranges[0].value.get("CategoricalParameterRanges"))
    if categorical is None:
        return
    for item in categorical:
        values = tokens.items(tokens.get(item, "Values"))
        if values is None or any(tokens.string(v) is None for v in values):
            return
        combinations *= len(set(values))
    if categorical and wanted != combinations:
        report.warn(
            f"{CONFIG}.ResourceLimits.MaxNumberOfTrainingJobs",
            f"{wanted} is not the {combinations} combinations of the categorical ranges; with the Grid "
            "strategy give exactly that number, or leave it out",
            wanted,
            rule="grid-training-jobs",
        )


RULES: tuple[Callable[[Mapping[str, Any], ValidationReport], None], ...] = (
    _numeric_ranges,
    _categorical_values,
    _tuned_counts,
    _static_versus_tuned,
    _grid,
)
