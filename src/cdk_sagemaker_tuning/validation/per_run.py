"""What several rules read of one request, computed once per validation run.

Rules are pure functions of the request, and several read the same derived facts: the model's structural
check (the ``api-model`` and ``unknown-field`` rules), each definition's algorithm (the metric rules and
the built-in algorithm rules). ``validate_request`` runs the rules inside ``one_run()``; a function
decorated ``per_run`` then computes its result once per request object in that run, and as usual outside
one. The request is not changed while its rules run, so a result cannot go stale within a run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_RUN: ContextVar[dict[tuple[Any, int], Any] | None] = ContextVar("validation_run", default=None)


@contextmanager
def one_run() -> Iterator[None]:
    """Share ``per_run`` results between the rules of one validation run."""
    token = _RUN.set({})
    try:
        yield
    finally:
        _RUN.reset(token)


def per_run(function: Callable[[Any], T]) -> Callable[[Any], T]:
    """``function(request)`` computed once per request in a run (its result must not be changed)."""

    @functools.wraps(function)
    def once(request: Any) -> T:
        cache = _RUN.get()
        if cache is None:
            return function(request)
        key = (function, id(request))
        if key not in cache:
            cache[key] = function(request)
        result: T = cache[key]
        return result

    return once


def per_run_items(function: Callable[[Any], Iterable[T]]) -> Callable[[Any], tuple[T, ...]]:
    """Like ``per_run``, for a generator: its items, as a tuple every caller may iterate again."""
    return per_run(lambda request: tuple(function(request)))
