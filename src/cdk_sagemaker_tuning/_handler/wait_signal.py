"""What the function signals to a WaitCondition handle once a job has ended: pure functions, no AWS.

A WaitCondition handle's URL is a presigned S3 URL: a signal is a JSON document PUT to it
(``Status`` SUCCESS or FAILURE, ``Reason``, ``UniqueId``, ``Data``). Every signal of a job carries
``contract.SIGNAL_UNIQUE_ID``, so a second one (a duplicate event, a check racing the event) replaces the
first rather than counting as another signal, and a signal sent before the WaitCondition exists is read
when it starts. Source: "Create wait conditions in a CloudFormation template", CloudFormation User Guide.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from . import contract
from .runtime.response import truncate_utf8

SignalStatus = Literal["SUCCESS", "FAILURE"]


@dataclass(frozen=True)
class Signal:
    """One signal for a job's WaitCondition."""

    status: SignalStatus
    reason: str

    def body(self) -> bytes:
        document: dict[str, Any] = {
            "Status": self.status,
            "Reason": truncate_utf8(self.reason, contract.MAX_REASON_BYTES, " [...]"),
            "UniqueId": contract.SIGNAL_UNIQUE_ID,
            "Data": self.status,
        }
        return json.dumps(document).encode()


def outcome_signal(description: dict[str, Any] | None, job: str) -> Signal | None:
    """The signal for the job as SageMaker describes it, or ``None`` while it runs.

    A completed job without a best training job fails the wait: there is no result to read.
    """
    if description is None:
        return Signal("FAILURE", f"Tuning job '{job}' does not exist (any more): nothing to wait for")
    status = description.get("HyperParameterTuningJobStatus")
    reason = description.get("FailureReason")
    if status == "InProgress":
        return None
    if status == "Completed":
        if not (description.get("BestTrainingJob") or {}).get("TrainingJobName"):
            return Signal(
                "FAILURE",
                f"Tuning job '{job}' completed without a best training job: no training job reported the "
                "objective metric. Check the training jobs' logs and the metric definition.",
            )
        return Signal("SUCCESS", f"Tuning job '{job}' completed")
    if status == "Failed":
        return Signal("FAILURE", f"Tuning job '{job}' failed: {reason or 'SageMaker gave no reason'}")
    if status in ("Stopping", "Stopped"):
        detail = f": {reason}" if reason else ""
        return Signal("FAILURE", f"Tuning job '{job}' was stopped before it completed{detail}")
    return Signal("FAILURE", f"Tuning job '{job}' will not complete: its status is {status}")


def timeout_signal(job: str, timeout_seconds: int, *, stopped: bool) -> Signal:
    """The FAILURE signalled when the deadline passes while the job still runs."""
    what = "it was stopped" if stopped else "it could not be stopped (see the function's log)"
    return Signal(
        "FAILURE",
        f"Tuning job '{job}' did not complete within the wait's timeout of {contract.format_duration(timeout_seconds)}, "
        f"so {what}. Raise the timeout (up to 12 hours) or lower MaxNumberOfTrainingJobs or "
        "MaxRuntimeInSeconds.",
    )


def deadline_signal(job: str, deadline_epoch: int) -> Signal:
    """The FAILURE signalled when a job still runs at its wait's deadline (the reconciler stopped it)."""
    at = datetime.fromtimestamp(deadline_epoch, UTC).strftime("%Y-%m-%d %H:%M UTC")
    return Signal(
        "FAILURE",
        f"Tuning job '{job}' did not complete by its wait's deadline ({at}, shortly before the wait's timeout), "
        "so it was stopped. Raise the timeout (up to 12 hours) or lower MaxNumberOfTrainingJobs or "
        "MaxRuntimeInSeconds.",
    )


def deadline(now: float, timeout_seconds: int) -> int:
    """The epoch second after which a check stops a job that still runs: before the WaitCondition's own
    timeout by ``contract.DEADLINE_MARGIN_SECONDS``, rounded up to a whole minute (a schedule's unit)."""
    due = int(now) + max(timeout_seconds - contract.DEADLINE_MARGIN_SECONDS, 0)
    return -(-due // 60) * 60


def deadline_schedule(deadline_epoch: int) -> str:
    """The EventBridge schedule expression that fires once, in the deadline's minute (UTC).

    A cron expression with every field fixed, the year included, matches one minute only. Source: "Schedule
    expressions for rules", Amazon EventBridge User Guide (``cron(Minutes Hours Day-of-month Month
    Day-of-week Year)``, ``?`` for the day of the week when the day of the month is given).
    """
    at = datetime.fromtimestamp(deadline_epoch, UTC)
    return f"cron({at.minute} {at.hour} {at.day} {at.month} ? {at.year})"


def is_due(now: float, deadline_epoch: float) -> bool:
    """Whether a check at ``now`` is the deadline's (a schedule fires within its minute)."""
    return now >= deadline_epoch - contract.DEADLINE_TOLERANCE_SECONDS
