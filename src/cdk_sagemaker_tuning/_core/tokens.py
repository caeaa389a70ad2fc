"""The package's one test for CDK tokens: :func:`is_unresolved`, ``Token.is_unresolved`` in pure Python.

Every check that reads a value (the typed props' type checks, the request's validation, the renderers)
asks this function whether the value is known at synth time, so that they all skip the same values.

Every ``Token.is_unresolved`` call crosses into the Node.js process that runs aws-cdk-lib; validating one
request asks it for every scalar, which made the library's synth several times slower than a plain
``AwsCustomResource``. aws-cdk encodes tokens in ordinary values, so the question can be answered here.
This module mirrors ``aws-cdk-lib/core/lib/private/encoding.ts`` (``unresolved``, ``extractTokenDouble``)
and ``isResolvableObject`` of ``token.ts`` as of aws-cdk-lib 2.275; ``tests/test_token_encoding.py``
checks it against ``Token.is_unresolved`` itself, so a change of encoding in a later aws-cdk-lib fails a
test instead of validating a token as if it were a literal.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Mapping
from typing import Any

# encoding.ts: BEGIN_STRING_TOKEN_MARKER "${Token[", BEGIN_LIST_TOKEN_MARKER "#{Token[", END_TOKEN_MARKER
# "]}", VALID_KEY_CHARS "a-zA-Z0-9:._-", STRINGIFIED_NUMBER_PATTERN "-1\.\d{10,16}e\+289".
_ANY_TOKEN_MARKER = "Token["
_STRINGIFIED_NUMBER_PATTERN = r"-1\.\d{10,16}e\+289"
_STRING_TOKEN = re.compile(r"\$\{Token\[[a-zA-Z0-9:._-]+\]\}|" + _STRINGIFIED_NUMBER_PATTERN)
_LIST_TOKEN = re.compile(r"#\{Token\[[a-zA-Z0-9:._-]+\]\}")
# encoding.ts: DOUBLE_TOKEN_MARKER_BITS = 0xFBFF << 16, compared with the high 32 bits of the double.
_DOUBLE_TOKEN_MARKER_BITS = 0xFBFF0000
_HIGH_HALF = 0xFFFF0000


def is_unresolved(value: Any) -> bool:
    """Whether ``value`` is, or holds, an unresolved CDK token: what ``Token.is_unresolved`` answers.

    - a string that contains an encoded string token or a stringified number token;
    - a number that is an encoded number token (``Token.as_number``);
    - a one-element list whose element is an encoded list token (``Token.as_list``);
    - an object with a ``resolve`` method (an ``IResolvable``, such as ``Lazy`` values).

    Like ``Token.is_unresolved``, it does not look inside dictionaries or longer lists: a mapping is never a
    token itself, its values are asked one by one. NaN and infinity are ordinary numbers, never tokens.
    """
    if isinstance(value, Mapping):
        return False
    if isinstance(value, str):
        return _ANY_TOKEN_MARKER in value and _STRING_TOKEN.search(value) is not None
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return _is_token_number(value)
    if isinstance(value, list | tuple):
        return len(value) == 1 and isinstance(value[0], str) and _LIST_TOKEN.search(value[0]) is not None
    return callable(getattr(value, "resolve", None))


def _is_token_number(value: float) -> bool:
    try:
        high: int = struct.unpack("<II", struct.pack("<d", float(value)))[1]
    except OverflowError:  # an int too large for a double is no token
        return False
    return (high & _HIGH_HALF) == _DOUBLE_TOKEN_MARKER_BITS
