"""Values known only when a Step Functions execution runs, in a request rendered as a task state.

A run-time value is a JSONPath reference (``sfn.JsonPath.string_at("$.JobName")``, ``JsonPath.format``,
``JsonPath.number_at``...: CDK tokens, so synth-time validation skips them like any token) or a JSONata
expression (``"{% $states.input.JobName %}"``: a plain string, which :func:`for_validation` replaces by
a token before validation). Either may be embedded in a longer string, as the typed API does when it
joins a bucket and a run-time prefix into ``s3://bucket/data/{% $week %}/``: :func:`render_json_path`
turns such a string into a ``States.Format`` intrinsic, :func:`render_jsonata` into one JSONata
expression. The query language's own notation comes from the Amazon States Language:
https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html (``States.Format``, and
the characters ``' { } \\`` escaped in its template) and
https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (``{% ... %}``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

from aws_cdk import Stack, Token, Tokenization
from aws_cdk import aws_stepfunctions as sfn

from .._core import checks, runtime_text
from .._core.tokens import is_unresolved

_STATES_FORMAT_RESERVED = re.compile(r"(['{}\\])")


def has_json_path(value: Any) -> bool:
    """Whether ``value`` is, or a string embeds, a JSONPath reference (a string, number or list token)."""
    if isinstance(value, str):
        return any(runtime_text.is_json_path_marker(marker) for marker in runtime_text.markers(value))
    if isinstance(value, bool) or not is_unresolved(value):
        return False
    if isinstance(value, int | float):
        token = Tokenization.reverse_number(value)
    elif isinstance(value, list | tuple):
        token = Tokenization.reverse_list(list(value))
    else:
        return False
    return token is not None and runtime_text.is_json_path_marker(Token.as_string(token))


def has_jsonata(value: Any) -> bool:
    """Whether ``value`` is a string that holds a JSONata expression (``{% ... %}``)."""
    return isinstance(value, str) and runtime_text.JSONATA.search(value) is not None


def is_runtime_value(value: Any) -> bool:
    """Whether ``value`` is known only when the execution runs (JSONPath reference or JSONata)."""
    return has_jsonata(value) or has_json_path(value)


@functools.cache
def _placeholder() -> str:
    """A token that stands for a JSONata expression while the request is validated."""
    return sfn.JsonPath.string_at("$.RuntimeValue")


def for_validation(request: Any) -> Any:
    """A copy of ``request`` in which every JSONata string is a token, so that validation skips it.

    JSONPath references are tokens already.
    """
    return _map_strings(request, lambda text: _placeholder() if has_jsonata(text) else text)


def render_json_path(request: Mapping[str, Any], stack: Stack) -> Any:
    """The task's ``Parameters``: keys of run-time values get the ``.$`` suffix (``sfn.FieldUtils``).

    :raises TuningJobValidationError: (``query-language``) for a JSONata expression, which a JSONPath state
        would send as literal text.
    """

    def convert(text: str) -> str:
        if has_jsonata(text):
            raise checks.QUERY_LANGUAGE.error(
                f"{text!r} is a JSONata expression, but the task state uses JSONPath: use "
                "sfn.JsonPath.string_at(...) or give the state machine query_language=QueryLanguage.JSONATA"
            )
        return _states_format(text, stack)

    return sfn.FieldUtils.render_object(_map_strings(request, convert))


def render_jsonata(request: Mapping[str, Any]) -> Any:
    """The task's ``Arguments``: strings that embed a JSONata expression become one expression.

    :raises TuningJobValidationError: (``query-language``) for a JSONPath reference, which a JSONata state
        cannot evaluate.
    """

    def check(value: Any) -> None:
        if not isinstance(value, str) and has_json_path(value):
            raise checks.QUERY_LANGUAGE.error(_json_path_in_jsonata(value))

    def convert(text: str) -> str:
        if has_json_path(text):
            raise checks.QUERY_LANGUAGE.error(_json_path_in_jsonata(text))
        return _jsonata_concatenation(text)

    return _map_strings(request, convert, check)


def _json_path_in_jsonata(value: Any) -> str:
    return (
        f"{value!r} holds a JSONPath reference (sfn.JsonPath...), but the task state uses JSONata: use a "
        "'{% ... %}' expression instead"
    )


def _states_format(text: str, stack: Stack) -> str:
    """``text`` unchanged, or, when it embeds JSONPath references among other text, a ``States.Format``."""
    markers = [m for m in runtime_text.markers(text) if runtime_text.is_json_path_marker(m)]
    if not markers or (len(markers) == 1 and markers[0] == text):
        return text  # no reference, or a whole-string reference that FieldUtils renders itself
    template: list[str] = []
    arguments: list[str] = []
    position = 0
    for match in runtime_text.MARKER.finditer(text):
        template.append(_STATES_FORMAT_RESERVED.sub(r"\\\1", text[position : match.start()]))
        if runtime_text.is_json_path_marker(match.group()):
            template.append("{}")
            arguments.append(str(stack.resolve(match.group())))
        else:
            # A deploy-time value (a bucket name, an account id) is resolved into the definition in place.
            template.append(match.group())
        position = match.end()
    template.append(_STATES_FORMAT_RESERVED.sub(r"\\\1", text[position:]))
    expression = f"States.Format('{''.join(template)}', {', '.join(arguments)})"
    return sfn.JsonPath.string_at(expression)


def _jsonata_concatenation(text: str) -> str:
    """``text`` unchanged, or, when it embeds JSONata among other text, one expression joining the parts."""
    matches = list(runtime_text.JSONATA.finditer(text))
    if not matches or (len(matches) == 1 and matches[0].group() == text):
        return text
    parts: list[str] = []
    position = 0
    for match in matches:
        if match.start() > position:
            parts.append(_jsonata_string(text[position : match.start()]))
        parts.append(f"({match.group(1).strip()})")
        position = match.end()
    if position < len(text):
        parts.append(_jsonata_string(text[position:]))
    return "{% " + " & ".join(parts) + " %}"


def _jsonata_string(literal: str) -> str:
    return "'" + literal.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _map_strings(
    value: Any, convert: Callable[[str], Any], check: Callable[[Any], None] | None = None
) -> Any:
    """A copy of ``value`` with every string converted (mapping keys stay as they are)."""
    if isinstance(value, str):
        return convert(value)
    if isinstance(value, Mapping):
        return {key: _map_strings(item, convert, check) for key, item in value.items()}
    if check is not None:
        check(value)
    if isinstance(value, list | tuple) and not is_unresolved(value):
        return [_map_strings(item, convert, check) for item in value]
    return value
