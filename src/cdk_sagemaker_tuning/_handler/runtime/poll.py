"""Polling within one invocation: take a step until it answers, the budget runs out, or it is time to hand over."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from .budget import invocation_has_room, max_invocations, poll_interval_seconds
from .events import Answer, Outcome, Pending
from .invocation import Invocation


def poll(
    invocation: Invocation[Any],
    waiting_for: str,
    step: Callable[[], Answer | None],
    out_of_budget: Callable[[], Answer],
) -> Outcome:
    """Take ``step`` until it answers, the event's budget runs out, or this invocation must hand over.

    ``step`` reads the resource once and answers, or returns ``None`` to go on; ``out_of_budget`` decides
    the answer once the budget has run out. Their exceptions propagate to the resource handler.

    A continuation has its whole timeout ahead and has done next to nothing before its first step: it
    always takes one, so every invocation makes progress. The first invocation may have spent much of its
    time already (a create retried by its client), so it hands over at once when it has no room. A step
    always comes before the out-of-budget answer (the budget's margin has room for both), so that answer
    is taken on a fresh reading, the same for every attempt at the event.
    """
    interval = poll_interval_seconds()
    costs = invocation.costs
    check_room_first = invocation.state.invocation == 1
    while True:
        if check_room_first and not invocation_has_room(invocation.remaining_millis(), 0, costs):
            return Pending(waiting_for)
        check_room_first = False
        answer = step()
        if answer is None and invocation.budget.exhausted(invocation.clock()):
            answer = out_of_budget()
        if answer is not None:
            return answer
        if not invocation_has_room(invocation.remaining_millis(), interval, costs):
            if invocation.state.invocation >= max_invocations(invocation.budget.seconds, costs):
                # The chain is as long as the budget can need: something made invocations end early.
                invocation.log("chain-at-its-limit", level=logging.ERROR, waiting_for=waiting_for)
                return out_of_budget()
            return Pending(waiting_for)
        invocation.sleep(min(interval, max(invocation.budget.deadline - invocation.clock(), 0.0)))
