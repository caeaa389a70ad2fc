"""How a Step Functions run-time value shows inside a string, and what a grant can name before it.

A JSONPath reference (``sfn.JsonPath.string_at("$.week")``) is a CDK string token; a JSONata expression
is ``{% ... %}`` text. The typed definition grants S3 prefixes up to the first of either, and the Step
Functions layer renders them (``stepfunctions/runtime_values.py``): both read them with these functions.
"""

from __future__ import annotations

import functools
import re

from aws_cdk import App, Stack
from aws_cdk import aws_stepfunctions as sfn

#: A string token's marker (aws-cdk's encoding.ts); whether it is a JSONPath reference is asked of aws-cdk.
MARKER = re.compile(r"\$\{Token\[[a-zA-Z0-9:._-]+\]\}")
#: A JSONata expression inside a string (Amazon States Language, "Transforming data").
JSONATA = re.compile(r"\{%(.*?)%\}", re.DOTALL)


@functools.cache
def is_json_path_marker(marker: str) -> bool:
    """Whether a token marker stands for a JSONPath reference (asked once per marker: a jsii call)."""
    return bool(sfn.JsonPath.is_encoded_json_path(marker))


def markers(text: str) -> list[str]:
    """The string-token markers inside ``text``."""
    return MARKER.findall(text) if "Token[" in text else []


def literal_prefix(text: str) -> str:
    """The part of ``text`` before its first run-time value: what a grant can name at synth time.

    ``"data/" + JsonPath.string_at("$.week") + "/train/"`` gives ``"data/"``; a string without run-time
    values is returned whole.
    """
    if not isinstance(text, str):
        return text  # a prop of the wrong type, which its class reports
    cut = len(text)
    match = JSONATA.search(text)
    if match:
        cut = match.start()
    for marker in markers(text):
        if is_json_path_marker(marker):
            cut = min(cut, text.index(marker))
            break
    return text[:cut]


# The template of ``sfn.JsonPath.format("churn-{}", ...)``, as its token resolves: up to its first
# placeholder. Amazon States Language, intrinsic functions: in the template, ' { } and \ are escaped by \.
_FORMAT_TEMPLATE = re.compile(r"States\.Format\('((?:[^'{}\\]|\\.)*)")


@functools.cache
def _format_start(marker: str) -> str | None:
    """The literal start of a ``States.Format`` token's template; None when the marker is something else."""
    # A JSONPath token resolves to its path or intrinsic without any scope of its own.
    resolved = Stack(App(), "RuntimeText").resolve(marker)
    match = _FORMAT_TEMPLATE.match(resolved) if isinstance(resolved, str) else None
    return None if match is None else re.sub(r"\\(.)", r"\1", match[1])


def literal_start(text: str) -> str:
    """:func:`literal_prefix`, continued into a ``sfn.JsonPath.format`` template that follows it.

    ``sfn.JsonPath.format("churn-{}", sfn.JsonPath.string_at("$.RunId"))`` gives ``"churn-"``: what the
    job's name always starts with, where ``literal_prefix`` stops at the token.
    """
    prefix = literal_prefix(text)
    if not isinstance(text, str) or prefix == text or JSONATA.match(text[len(prefix) :]):
        return prefix
    following = MARKER.match(text, len(prefix))
    start = _format_start(following.group(0)) if following else None
    return prefix if start is None else prefix + start
