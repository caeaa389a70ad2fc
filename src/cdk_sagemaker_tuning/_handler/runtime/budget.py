"""How long the handler may work on one CloudFormation event, and whether one invocation may poll again.

CloudFormation waits for an answer at most the resource's ``ServiceTimeout`` (delivered in
``ResourceProperties``; ``contract.SERVICE_TIMEOUT_SECONDS`` when absent) counted from when it sent the
event. The handler answers before then, whatever it was doing, keeping a margin for the calls that may
still be under way when the budget runs out and for the answer itself.

Every budget counts from the EVENT, never from a job's CreationTime: turning ``wait_for_completion`` on for
a job that has run for hours gives it the whole budget. The event's start is read from the presigned
ResponseURL, which carries its signing time: every delivery of the same event, every Lambda retry and
every continuation computes the same start, so duplicates agree on when the budget ends. When the URL
does not carry it, the first invocation's time (kept in the continuation state) stands in.

Pure functions: the caller passes the clock's reading.
"""

from __future__ import annotations

import contextlib
import math
import os
from calendar import timegm
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

from .. import contract
from . import response


@dataclass(frozen=True)
class Costs:
    """What a resource handler's calls may take at worst: the budget keeps room for them.

    The runtime knows nothing of the service the handler calls; the handler says how long one call can
    take (its client's timeouts and retries) and how many calls a polling step, and the answer after the
    budget, make at most.
    """

    #: The longest one call can take, retries included.
    call_seconds: float
    #: The most calls one polling step makes.
    calls_per_step: int
    #: The most calls made once the budget has run out, before the answer.
    calls_after_budget: int


#: The re-invocation (lambda:InvokeFunction, botocore's retries included), at most.
REINVOKE_WORST_CASE_SECONDS: Final = 60

#: SigV2 presigned URLs carry only their expiry. CloudFormation signs its response URLs for two hours; if
#: that ever changes the start read here is earlier than the true one as long as the validity is shorter,
#: which only makes the budget end sooner. The first invocation's time (never earlier than the event)
#: bounds it from the other side: the earlier of the two is used.
SIGV2_URL_VALIDITY_SECONDS: Final = 2 * 60 * 60


def poll_interval_seconds(environ: Mapping[str, str] = os.environ) -> float:
    """Seconds between two polls: ``contract.ENV_POLL_INTERVAL_SECONDS``, else the contract's default."""
    raw = environ.get(contract.ENV_POLL_INTERVAL_SECONDS)
    try:
        value = float(raw) if raw is not None else float(contract.POLL_INTERVAL_SECONDS)
    except ValueError:
        value = float(contract.POLL_INTERVAL_SECONDS)
    return value if value >= 0 else float(contract.POLL_INTERVAL_SECONDS)


def signing_time(response_url: str) -> float | None:
    """The epoch second at which CloudFormation signed ``response_url``, or ``None`` when unreadable.

    SigV4 URLs carry ``X-Amz-Date`` (``20261201T064500Z``); SigV2 URLs carry ``Expires`` (epoch seconds),
    from which the signing time is ``SIGV2_URL_VALIDITY_SECONDS`` earlier.
    """
    query = parse_qs(urlsplit(response_url).query)
    amz_date = next(iter(query.get("X-Amz-Date", [])), None)
    if amz_date:
        try:
            return float(timegm(datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").timetuple()))
        except ValueError:
            return None
    expires = next(iter(query.get("Expires", [])), None)
    if expires:
        try:
            return float(int(expires)) - SIGV2_URL_VALIDITY_SECONDS
        except ValueError:
            return None
    return None


def event_start(response_url: str, first_invocation: float) -> float:
    """When the event's budget started: the URL's signing time, bounded by the first invocation's time."""
    signed = signing_time(response_url)
    return first_invocation if signed is None else min(signed, first_invocation)


def service_timeout_seconds(properties: Mapping[str, Any]) -> float:
    """The resource's ServiceTimeout (1 to 3600 s), else ``contract.SERVICE_TIMEOUT_SECONDS``."""
    raw = properties.get(contract.PROP_SERVICE_TIMEOUT)
    try:
        value = float(raw) if raw is not None else float(contract.SERVICE_TIMEOUT_SECONDS)
    except (TypeError, ValueError):
        return float(contract.SERVICE_TIMEOUT_SECONDS)
    return min(max(value, 1.0), float(contract.SERVICE_TIMEOUT_SECONDS))


def answer_margin_seconds(service_timeout: float, costs: Costs) -> float:
    """What the budget keeps back before ServiceTimeout.

    It covers a polling step that started just before the budget ran out, the calls made after it (the
    tuning job handler stops a job this event started), and the answer's PUT. With the tuning job
    handler's costs (``tuning_job_handler.COSTS``: botocore's worst case per call, 115 s) that is about 12
    minutes (737 s) of a one-hour ServiceTimeout. A ServiceTimeout too short for that (only tests set one)
    keeps half of itself instead.
    """
    worst = (costs.calls_per_step + costs.calls_after_budget) * costs.call_seconds
    margin = worst + response.send_worst_case_seconds()
    return min(margin, service_timeout / 2)


@dataclass(frozen=True)
class EventBudget:
    """The event's time line: when it started and how long the handler may poll before deciding."""

    start: float
    seconds: float
    #: How long CloudFormation waits for the answer at all (the resource's ServiceTimeout).
    service_timeout: float = float(contract.SERVICE_TIMEOUT_SECONDS)

    @classmethod
    def of(
        cls,
        event: Mapping[str, Any],
        first_invocation: float,
        costs: Costs,
        environ: Mapping[str, str] = os.environ,
    ) -> EventBudget:
        """The budget of ``event``: its ServiceTimeout less the answer margin.

        ``contract.ENV_EVENT_BUDGET_SECONDS``, when set, may shorten it, never lengthen it.
        """
        properties = event.get("ResourceProperties")
        timeout = service_timeout_seconds(properties if isinstance(properties, Mapping) else {})
        seconds = timeout - answer_margin_seconds(timeout, costs)
        with contextlib.suppress(ValueError):
            seconds = min(seconds, float(environ.get(contract.ENV_EVENT_BUDGET_SECONDS, "inf")))
        start = event_start(str(event.get("ResponseURL", "")), first_invocation)
        return cls(start=start, seconds=seconds, service_timeout=timeout)

    @property
    def deadline(self) -> float:
        """The last moment at which the handler starts a polling step; after it, it decides its answer."""
        return self.start + self.seconds

    def exhausted(self, now: float) -> bool:
        return now >= self.deadline

    def abandoned(self, now: float) -> bool:
        """Whether CloudFormation has stopped waiting for the answer: a job started now would have no owner."""
        return now >= self.start + self.service_timeout


def hand_over_reserve_seconds(costs: Costs) -> float:
    """What an invocation keeps back for its last step and the hand-over (or the answer)."""
    return costs.calls_per_step * costs.call_seconds + max(
        REINVOKE_WORST_CASE_SECONDS, response.send_worst_case_seconds()
    )


def invocation_has_room(remaining_millis: int, poll_interval: float, costs: Costs) -> bool:
    """Whether this invocation can sleep one interval and still make a whole step, then hand over.

    Otherwise the handler re-invokes itself now, and the next invocation starts with its full timeout.
    """
    return remaining_millis / 1000 > poll_interval + hand_over_reserve_seconds(costs)


def max_invocations(budget_seconds: float, costs: Costs) -> int:
    """The longest chain of invocations one event can need; the handler never hands over beyond it.

    A continuation starts with the function's whole timeout and polls until only the hand-over reserve and
    one interval are left, so it spends at least their difference of the budget before it hands over. The
    first invocation comes on top. Lambda's recursive loop detection does not watch direct Invoke calls,
    so this bound (with the budget itself) is what ends a runaway chain.
    """
    shortest = (
        contract.FUNCTION_TIMEOUT_SECONDS - hand_over_reserve_seconds(costs) - contract.POLL_INTERVAL_SECONDS
    )
    return math.ceil(budget_seconds / shortest) + 1
