"""Reading a request whose values may be CDK tokens: no check reads a value known only at deploy time.

Whether a value is a token is decided by the package's one predicate, :func:`..tokens.is_unresolved`;
the helpers here return a value only when it is known at synth time and of the expected kind.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

from aws_cdk import App, DefaultTokenResolver, Stack, StringConcat, Tokenization

from .._core.tokens import is_unresolved

__all__ = [
    "boolean",
    "get",
    "integer",
    "is_unresolved",
    "items",
    "joined_literals",
    "known",
    "literal_parts",
    "literal_text",
    "mapping",
    "string",
]

_TOKEN_MARKER = re.compile(r"[$#]\{Token\[[^\]]*\]\}")


def literal_text(value: str) -> str:
    """The literal parts of a string that may embed tokens, each token replaced by a space."""
    return _TOKEN_MARKER.sub(" ", value)


def literal_parts(value: str) -> list[str]:
    """The literal parts of a string, split where it embeds tokens (``f"{stack.account}-x"`` -> ``["", "-x"]``).

    A string that is one ``Fn::Join`` token (``Fn.join(...)``) gives the strings listed inside the join.
    """
    parts = _TOKEN_MARKER.split(value)
    if parts != ["", ""]:
        return parts
    try:
        resolved = Tokenization.resolve(
            value, scope=_scratch_stack(), resolver=DefaultTokenResolver(StringConcat()), preparing=True
        )
    except Exception:
        return []
    join = resolved.get("Fn::Join") if isinstance(resolved, Mapping) else None
    if not (isinstance(join, list) and len(join) == 2 and isinstance(join[1], list)):
        return []
    delimiter, items = join
    # Only the join's own strings: those inside a Ref or Fn::GetAtt are names of things, not of the value.
    strings = [item for item in items if isinstance(item, str)]
    return [*strings, *([delimiter] * (len(items) - 1) if isinstance(delimiter, str) else [])]


def joined_literals(value: str) -> str:
    """The literal strings inside an ``Fn::Join`` token (``Fn.join("", [account, ".dkr.ecr...", ...])``).

    Such a string is one opaque token, so its literal parts are found by resolving it, in a scratch stack
    and in "preparing" mode (references to other stacks stay unresolved instead of raising). Only strings
    listed inside ``Fn::Join`` are kept: any other token (a ``Lazy`` producer) may not have its final value
    yet, so it is not read at all.
    """
    try:
        resolved = Tokenization.resolve(
            value, scope=_scratch_stack(), resolver=DefaultTokenResolver(StringConcat()), preparing=True
        )
    except Exception:
        return ""
    return " ".join(_join_strings(resolved, inside_join=False))


@functools.cache
def _scratch_stack() -> Stack:
    return Stack(App(), "ValidationScratch")


def _join_strings(value: Any, *, inside_join: bool) -> list[str]:
    if isinstance(value, str):
        return [value] if inside_join else []
    if isinstance(value, list):
        return [s for item in value for s in _join_strings(item, inside_join=inside_join)]
    if isinstance(value, Mapping):
        return [
            s
            for key, item in value.items()
            for s in _join_strings(item, inside_join=inside_join or key == "Fn::Join")
        ]
    return []


def known(value: Any) -> bool:
    """Present and resolved at synth time."""
    return value is not None and not is_unresolved(value)


def get(node: Any, key: str) -> Any:
    """``node[key]`` when ``node`` is a mapping, else ``None`` (the structural checks report bad shapes)."""
    return node.get(key) if isinstance(node, Mapping) else None


def items(value: Any) -> list[Any] | None:
    """The items of a list known at synth time; ``None`` when absent, not a list, or a token list."""
    if not isinstance(value, list | tuple) or is_unresolved(value):
        return None
    return list(value)


def mapping(value: Any) -> Mapping[str, Any] | None:
    """A mapping known at synth time, else ``None``."""
    if not isinstance(value, Mapping) or is_unresolved(value):
        return None
    return value


def string(value: Any) -> str | None:
    """A string known at synth time, else ``None``."""
    return value if isinstance(value, str) and not is_unresolved(value) else None


def integer(value: Any) -> int | None:
    """An integer known at synth time (integral floats count, as CloudFormation renders them alike)."""
    if isinstance(value, bool) or is_unresolved(value):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def boolean(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None
