"""Structural checks driven by the vendored model of SageMaker's CreateHyperParameterTuningJob input.

Required members, unknown members (with the nearest valid name), JSON types, enums, string lengths,
number ranges, list and map sizes and string patterns all come from the SageMaker API model the library
ships (``api_model.py``: botocore's model, vendored by ``scripts/vendor_sagemaker_model.py``), the very
file the handler's client validates and sends with at deploy time: there is no hand-copied table.

A field the model does not know is its own rule (``unknown-field``), still an error: most are typos. A
field SageMaker added after the model was vendored can be acknowledged by its id (see ``validate.py``);
the handler then sends with the Lambda runtime's own model, which must know it.

Types follow the API's JSON exactly (what ``aws sagemaker create-hyper-parameter-tuning-job
--cli-input-json`` takes): integers are numbers, ``MinValue``/``MaxValue`` and static hyperparameters
are strings. A number given where the API takes a string (or the reverse) is reported rather than
silently converted, so that what the user wrote is what SageMaker receives. The one tolerance is an
integral float for an integer field (``3600.0``): CloudFormation renders it as ``3600``.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from . import names
from .api_model import Shape, sagemaker_model
from .errors import Problem, show
from .per_run import per_run
from .registry import ERROR, rule
from .report import ValidationReport
from .tokens import is_unresolved

OPERATION = "CreateHyperParameterTuningJob"
# The construct generates a job name at deploy time when the request has none (see from_request).
_OPTIONAL_AT_TOP = frozenset({"HyperParameterTuningJobName"})
# Checked by tags.check instead, which applies the user's share of the model's 50 tags
# (contract.MAX_USER_TAGS, what the handler's own tags leave) and is also run on the tags rendered at
# synth; it calls check_value below for each tag.
_CHECKED_ELSEWHERE_AT_TOP = frozenset({"Tags"})
_LISTED_ENUM = 12
_ACK_PREFIX = "cdk-sagemaker-tuning:unknown-field:"
#: The context key (``cdk.json`` or ``node.set_context`` on the app or a scope above the job) listing the
#: acknowledged ids of errors that may be acknowledged (fields newer than the vendored model).
ACKNOWLEDGE_CONTEXT = "cdk-sagemaker-tuning:acknowledge"


@functools.lru_cache(maxsize=1)
def input_shape() -> Shape:
    """The request shape of CreateHyperParameterTuningJob in the vendored model."""
    return sagemaker_model().input_shape(OPERATION)


@functools.cache
def _matcher(pattern: str) -> Callable[[str], bool] | None:
    """A whole-value matcher for one of the model's patterns, or ``None`` when it cannot be translated.

    The model's patterns are Java regular expressions, which SageMaker matches against the whole value.
    Most compile unchanged in Python. The others use Java's Unicode classes (``\\p{L}``), which Python's
    ``re`` lacks; the one form the model uses them in, a repeated character class such as the tag key's
    ``([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)``, is checked character by character with ``unicodedata``.
    Anything else is skipped rather than approximated: a wrong approximation would reject valid values.
    """
    try:
        compiled = re.compile(pattern)
    except re.error:
        pass
    else:
        return lambda value: compiled.fullmatch(value) is not None
    repeated_class = _REPEATED_CLASS.fullmatch(pattern)
    if repeated_class is None:
        return None
    body = repeated_class["body"]
    categories = set(_UNICODE_CLASS.findall(body))
    if not categories or any(len(category) != 1 for category in categories):
        return None
    rest = _UNICODE_CLASS.sub("", body)
    try:
        others = re.compile(f"[{rest}]") if rest else None
    except re.error:
        return None

    def matches(value: str) -> bool:
        return all(
            unicodedata.category(char)[0] in categories or (others is not None and others.fullmatch(char))
            for char in value
        )

    return matches


_REPEATED_CLASS = re.compile(r"\(?\[(?P<body>(?:[^\]\\]|\\.)*)\]\*\)?")
_UNICODE_CLASS = re.compile(r"\\p\{(\w+)\}")


def _did_you_mean(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    # The prefix every choice shares, added first: 'm5.xlarge' is 'ml.m5.xlarge' (EC2's name of the type,
    # ec2.InstanceType's too) rather than the nearer 'ml.r5.xlarge' by spelling.
    prefix = _shared_prefix(choices) if len(choices) > 1 else ""
    if prefix and not name.startswith(prefix):
        close = difflib.get_close_matches(prefix + name, choices, n=1, cutoff=0.6) or close
    return f"; did you mean {close[0]!r}?" if close else ""


def _shared_prefix(choices: list[str]) -> str:
    """The characters every choice starts with (the two extremes in sort order share what all share)."""
    first, last = min(choices), max(choices)
    size = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), len(first))
    return first[: min(size, len(last))]


#: Constructs given where the API takes a string, and the attribute that holds the string: a Role object in
#: a raw request's RoleArn wants ``role.role_arn``. Read with ``getattr``: jsii interfaces are protocols.
_CONSTRUCT_STRINGS = (("role_arn", "a role"), ("key_arn", "a KMS key"), ("bucket_name", "a bucket"))


def _construct_hint(value: Any) -> str:
    for attribute, what in _CONSTRUCT_STRINGS:
        if hasattr(value, attribute):
            return f" (it is {what} object: give its .{attribute})"
    return ""


#: The id of the rule that applies the model: a request that is not an object is checked by it alone.
RULE_ID = "api-model"
#: The id of the rule on fields the model does not know: the one error that can be acknowledged.
UNKNOWN_FIELD_RULE_ID = "unknown-field"
_SOURCE = "the vendored SageMaker API model (botocore's) of CreateHyperParameterTuningJob"


@rule(RULE_ID, level=ERROR, source=_SOURCE)
def api_model(request: Mapping[str, Any]) -> Iterator[Problem]:
    """Required fields, JSON types, enums, lengths, ranges, sizes and patterns, from the model."""
    yield from (problem for problem in check(request).errors if problem.rule != UNKNOWN_FIELD_RULE_ID)


@rule(UNKNOWN_FIELD_RULE_ID, level=ERROR, source=_SOURCE)
def unknown_field(request: Mapping[str, Any]) -> Iterator[Problem]:
    """Every field is one the model knows; a field newer than the model can be acknowledged by its id."""
    yield from (problem for problem in check(request).errors if problem.rule == UNKNOWN_FIELD_RULE_ID)


@per_run
def check(request: Any) -> ValidationReport:
    """Every structural problem of ``request`` against the CreateHyperParameterTuningJob input shape.

    An unknown field's problem carries the rule id ``unknown-field``; the others carry none (the
    registry stamps them ``api-model``). Once per validation run: both rules read it.
    """
    report = ValidationReport()
    _check(request, input_shape(), "", report, top=True)
    return report


def check_value(value: Any, shape: Shape, path: str) -> ValidationReport:
    """Every structural problem of one value against one shape of the model, reported at ``path``."""
    report = ValidationReport()
    _check(value, shape, path, report)
    return report


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _check(value: Any, shape: Shape, path: str, report: ValidationReport, *, top: bool = False) -> None:
    if is_unresolved(value):
        return  # known only at deploy time: nothing to check now
    kind = shape.type_name
    if kind == "structure":
        _check_structure(value, shape, path, report, top=top)
    elif kind == "list":
        _check_list(value, shape, path, report)
    elif kind == "map":
        _check_map(value, shape, path, report)
    elif kind == "string":
        _check_string(value, shape, path, report)
    elif kind in ("integer", "long"):
        _check_integer(value, shape, path, report)
    elif kind in ("float", "double"):
        _check_number(value, shape, path, report)
    elif kind == "boolean" and not isinstance(value, bool):
        report.error(path, f"{show(value)} must be a boolean (true or false)", value)


def _check_structure(value: Any, shape: Any, path: str, report: ValidationReport, *, top: bool) -> None:
    if not isinstance(value, Mapping):
        report.error(path or "request", f"{show(value)} must be an object with fields {_names(shape)}", value)
        return
    members: dict[str, Shape] = dict(shape.members)
    for required in shape.required_members:
        if top and required in _OPTIONAL_AT_TOP:
            continue
        if value.get(required) is None:
            report.error(_join(path, required), f"is required in {shape.name} but missing", None)
    for key, item in value.items():
        if not isinstance(key, str) or key not in members:
            field_path = _join(path, str(key))
            report.errors.append(
                Problem(
                    field_path,
                    f"unknown field {str(key)!r} in {shape.name}{_did_you_mean(str(key), list(members))} "
                    f"Allowed fields: {_names(shape)}. If SageMaker added it after the library's API model "
                    f"(botocore {sagemaker_model().botocore_version}), acknowledge "
                    f"'{_ACK_PREFIX}{field_path}' in the context list '{ACKNOWLEDGE_CONTEXT}'",
                    item,
                    rule=UNKNOWN_FIELD_RULE_ID,
                )
            )
            continue
        if item is None:
            continue  # an absent optional field, as boto3 and the renderer treat it
        if top and key in _CHECKED_ELSEWHERE_AT_TOP:
            continue
        _check(item, members[key], _join(path, key), report)


def _names(shape: Any) -> str:
    return ", ".join(shape.members)


def _check_size(count: int, shape: Shape, path: str, what: str, value: Any, report: ValidationReport) -> None:
    _check_bounds(count, shape, path, value, report, f"has {count} {what},", "fewer")


def _check_bounds(
    measure: float, shape: Shape, path: str, value: Any, report: ValidationReport, subject: str, below: str
) -> None:
    """The model's min and max of a shape: ``"<subject> <below> than the minimum of <min>"``."""
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and measure < low:
        report.error(path, f"{subject} {below} than the minimum of {low}", value)
    if high is not None and measure > high:
        report.error(path, f"{subject} more than the maximum of {high}", value)


def _check_list(value: Any, shape: Any, path: str, report: ValidationReport) -> None:
    if not isinstance(value, list | tuple):
        report.error(path, f"{show(value)} must be a list of {shape.member.name}", value)
        return
    _check_size(len(value), shape, path, "items", value, report)
    for index, item in enumerate(value):
        _check(item, shape.member, f"{path}[{index}]", report)


def _check_map(value: Any, shape: Any, path: str, report: ValidationReport) -> None:
    if not isinstance(value, Mapping):
        report.error(path, f"{show(value)} must be an object mapping names to {shape.value.name}", value)
        return
    _check_size(len(value), shape, path, "entries", value, report)
    for key, item in value.items():
        key_path = _join(path, str(key))
        if not isinstance(key, str):
            report.error(key_path, f"key {show(key)} must be a string", key)
            continue
        _check_string(key, shape.key, key_path, report, what="key")
        _check(item, shape.value, key_path, report)


def _check_string(value: Any, shape: Any, path: str, report: ValidationReport, *, what: str = "") -> None:
    label = f"key {show(value)}" if what else show(value)
    if not isinstance(value, str):
        hint = " (the API takes this number as a string)" if isinstance(value, int | float) else ""
        report.error(path, f"{label} must be a string{hint or _construct_hint(value)}", value)
        return
    if is_unresolved(value):
        return
    enum = shape.enum
    if enum:
        if value not in enum:
            # A long enum (instance types) is named rather than listed: the nearest value is what helps.
            allowed = (
                ", ".join(enum) if len(enum) <= _LISTED_ENUM else f"the {len(enum)} values of {shape.name}"
            )
            report.error(
                path, f"{label} is not one of {allowed}{_did_you_mean(value, list(enum))}".rstrip(), value
            )
        return
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and len(value) < low:
        report.error(
            path, f"{label} is {len(value)} characters long, shorter than the minimum of {low}", value
        )
        return  # the pattern would only repeat the problem
    if high is not None and len(value) > high:
        report.error(
            path, f"{label} is {len(value)} characters long, longer than the maximum of {high}", value
        )
        return
    pattern = shape.metadata.get("pattern")
    matcher = _matcher(pattern) if pattern else None
    if matcher is not None and not matcher(value):
        if shape.name in names.NAME_SHAPES:  # the pattern in words: people misread regular expressions
            report.error(path, f"{label} is not a valid tuning job name: use {names.rule()}", value)
        else:
            report.error(path, f"{label} does not match the pattern {pattern}", value)


def _check_range(number: float, shape: Shape, path: str, value: Any, report: ValidationReport) -> None:
    _check_bounds(number, shape, path, value, report, f"{show(value)} is", "less")


def _check_integer(value: Any, shape: Shape, path: str, report: ValidationReport) -> None:
    integral = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if isinstance(value, bool) or not integral:
        hint = " (give a number, not a string)" if isinstance(value, str) else ""
        report.error(path, f"{show(value)} must be an integer{hint}", value)
        return
    _check_range(value, shape, path, value, report)


def _check_number(value: Any, shape: Shape, path: str, report: ValidationReport) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        hint = " (give a number, not a string)" if isinstance(value, str) else ""
        report.error(path, f"{show(value)} must be a number{hint}", value)
        return
    _check_range(value, shape, path, value, report)
