"""The words of every message about a numeric range's bounds, shared by the typed API and raw requests.

``IntegerParameter("max_depth", 10, 3)`` and ``{"MinValue": "10", "MaxValue": "3"}`` are one mistake;
``typed/parameters.py`` (Python types, when a range is created) and ``ranges.py`` (the rendered request) report
it with these phrases, so that a user switching between the two APIs reads the same sentence, with the
typed argument (``min_value``) or the API field (``MinValue``) named as each API spells it.
"""

from __future__ import annotations


def not_a(shown_value: str, what: str) -> str:
    """``'2.5' is not an integer``: a bound of the wrong kind (``what``: an integer, a number...)."""
    return f"{shown_value} is not {what}"


def min_not_below_max(shown_min: str, shown_max: str) -> str:
    """``'10' must be less than MaxValue '3'``: the bounds in the wrong order, or equal."""
    return f"{shown_min} must be less than MaxValue {shown_max}"
