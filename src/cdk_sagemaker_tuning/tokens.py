"""The package's one test for CDK tokens: :func:`is_unresolved`.

Every check that reads a value (the typed props' type checks, the request's validation, the renderers)
asks this function whether the value is known at synth time, so that they all skip the same values.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from aws_cdk import Token

# Encoded numbers are doubles of magnitude about 1.9e289; real request numbers are nowhere near.
_ENCODED_NUMBER_MAGNITUDE = 1e280


def _ask_cdk(value: Any) -> bool:
    try:
        return bool(Token.is_unresolved(value))
    except Exception:
        # A value jsii cannot even pass to Node (NaN, infinity, a Python object) is no token.
        return False


def is_unresolved(value: Any) -> bool:
    """Whether ``value`` is known only at deploy time: a CDK token, or a string that embeds one.

    Exactly: ``True`` for a string containing a token (``"${Token[...]}"``, so ``f"s3://{bucket}/x"`` too),
    a number token (``Token.as_number(...)``, a CfnParameter's ``value_as_number``), a list token
    (``Token.as_list(...)``) or an ``IResolvable`` (``Lazy.any(...)``). ``False`` for ``None``, booleans,
    ordinary numbers (NaN and infinity included), literal strings, and mappings (a dict is never a token
    itself; its values are asked one by one). Lists that merely contain token strings are not tokens.

    ``aws_cdk.Token.is_unresolved`` is the authority, but every call crosses into the jsii Node process
    (about a millisecond); the cheap pre-checks only decide when asking it is worth it: CDK encodes
    strings as ``${Token[...]}``, lists as ``["#{Token[...]}"]`` and numbers as doubles near -1.9e289.
    """
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str):
        return "Token[" in value and _ask_cdk(value)
    if isinstance(value, int | float):
        # NaN and infinity are never tokens, and passing them to jsii can kill its Node process.
        return math.isfinite(value) and abs(value) > _ENCODED_NUMBER_MAGNITUDE and _ask_cdk(value)
    if isinstance(value, list | tuple):
        return any(isinstance(item, str) and "#{Token[" in item for item in value) and _ask_cdk(list(value))
    if isinstance(value, Mapping):
        return False
    return _ask_cdk(value)
