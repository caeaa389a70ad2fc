"""Expect a finding: the ``TuningJobValidationError`` raised holds a problem of the given id and message."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from cdk_sagemaker_tuning import TuningJobValidationError


@contextmanager
def raises_problem(rule: str, match: str = "") -> Iterator[pytest.ExceptionInfo[TuningJobValidationError]]:
    """Like ``pytest.raises(ValueError, match=...)``, and the finding carries the id ``rule``.

    :param rule: the id of the rule or check (``prop-type``, ``prop-combination``, ``api-model``...).
    :param match: a regular expression searched in the problem's line (``re.search``, as ``pytest.raises``).
    """
    with pytest.raises(TuningJobValidationError) as raised:
        yield raised
    problems = raised.value.problems
    found = [problem for problem in problems if problem.rule == rule and re.search(match, str(problem))]
    assert found, f"no [{rule}] problem matching {match!r} in:\n{raised.value}"
    assert isinstance(raised.value, ValueError)  # what code written against earlier versions catches
