"""The small state an invocation hands to the next one when it re-invokes itself to go on waiting.

The next invocation receives the original CloudFormation event with this state under
``contract.CONTINUATION_KEY``. It holds only what SageMaker cannot tell again: when the first invocation
ran (a fallback for the event's start, see ``budget``) and the job being waited for, so a create does not
run its create step again. Everything else is decided again from the event and SageMaker's state, so a
Lambda retry of a continuation (same payload) repeats the same decisions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import contract


@dataclass(frozen=True)
class Continuation:
    """What the first invocation of an event learnt that a later one needs."""

    #: Epoch seconds of the event's first invocation.
    first_invocation: float
    #: The tuning job being waited for (completion, or stop on delete); ``None`` before one is known.
    job: str | None = None
    #: How many invocations came before this one (for the logs only).
    invocation: int = 1

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Continuation | None:
        """The state carried by ``event``, or ``None`` for an event straight from CloudFormation.

        A malformed value (nothing but this handler writes it) counts as absent: the event then starts
        over, which its idempotent steps allow.
        """
        raw = event.get(contract.CONTINUATION_KEY)
        if not isinstance(raw, Mapping):
            return None
        first = raw.get("firstInvocation")
        job = raw.get("job")
        invocation = raw.get("invocation", 1)
        if not isinstance(first, int | float) or isinstance(first, bool):
            return None
        return cls(
            first_invocation=float(first),
            job=job if isinstance(job, str) and job else None,
            invocation=invocation if isinstance(invocation, int) and invocation > 0 else 1,
        )

    def to_json(self) -> dict[str, Any]:
        state: dict[str, Any] = {"firstInvocation": self.first_invocation, "invocation": self.invocation}
        if self.job is not None:
            state["job"] = self.job
        return state


def next_payload(event: Mapping[str, Any], state: Continuation) -> dict[str, Any]:
    """The payload of the re-invocation: the original event, with the next invocation's state."""
    following = Continuation(state.first_invocation, state.job, state.invocation + 1)
    return {**event, contract.CONTINUATION_KEY: following.to_json()}
