"""The function's side of ``TuningJobWait.for_completion``: the results resource, and what earlier versions
deployed (a watch resource and two rules per awaited job), which stacks keep until they deploy this one and
which a rollback can bring back: their events are still answered, and never fail for a handle that
cannot be signalled any more. This version's waits are signalled by ``reconcile``.

Two kinds of invocation, none of them the tuning job resource's own events (``index`` routes them here;
the results resource is ``completion_results``'):

- An EventBridge rule's input under ``contract.SIGNAL_KEY`` (the job's terminal state change, or the
  one-off check at the deadline): describe the job; once it has ended, signal its outcome to the
  WaitCondition handle; past the deadline, stop it and signal the timeout. The event's own status is not
  trusted: SageMaker's answer now is, so events out of order or repeated signal the same.
- ``contract.WATCH_RESOURCE_TYPE`` (Create/Update, after the rule exists): the same check once, since the job
  may have ended before its rule existed; answers the deadline and its one-off schedule expression. A
  handler of the custom-resource runtime (``WatchResourceHandler``), which answers it.

Never logged: the handle's URL and the ResponseURL (credentials), nor any request value.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from . import contract, sagemaker_api
from .runtime import response
from .runtime.budget import Costs
from .runtime.events import Answer, CfnEvent, HandlerError, Outcome, Pending
from .runtime.invocation import Invocation
from .wait_signal import Signal, deadline, deadline_schedule, is_due, outcome_signal, timeout_signal

logger = logging.getLogger("cdk_sagemaker_tuning")


@dataclass
class Watcher:
    api: sagemaker_api.SageMakerApi
    clock: Callable[[], float] = time.time
    #: PUTs a document to a presigned URL (the handle, or the ResponseURL); never logs the URL.
    put: Callable[[str, bytes], int] = field(default=lambda url, body: response.send(url, body))

    # -- the rules' invocations -------------------------------------------------------------------------

    def check(self, payload: Mapping[str, Any]) -> None:
        """Signal the job's outcome once it has ended; past the deadline, stop it and signal the timeout.

        Errors propagate: Lambda retries an asynchronous invocation (twice). A retry or duplicate of the
        check at the deadline finds the job stopping because of that check: it signals the same timeout
        again, not "stopped before it completed".
        """
        job, handle = str(payload["job"]), str(payload["handle"])
        description = self.api.describe_tuning_job(job)
        signal = outcome_signal(description, job)
        due = payload.get("deadline")
        at_deadline = due is not None and is_due(self.clock(), float(due))
        timeout = int(payload.get("timeout", 0))
        status = (description or {}).get("HyperParameterTuningJobStatus")
        if at_deadline and status in ("Stopping", "Stopped"):
            signal = timeout_signal(job, timeout, stopped=True)
        if signal is None:
            if not at_deadline:
                _log("still-running", job=job)
                return
            signal = timeout_signal(job, timeout, stopped=self._stop(job))
        self.signal(job, handle, signal)

    def _stop(self, job: str) -> bool:
        try:
            self.api.stop_tuning_job(job)
        except sagemaker_api.SageMakerError as error:
            # IAM allows stopping only this stack's jobs; a job that ended meanwhile is not found or refused.
            _log("stop-failed", level=logging.ERROR, job=job, error_code=error.code)
            return False
        _log("stopped-at-deadline", job=job)
        return True

    def signal(self, job: str, handle: str, signal: Signal) -> None:
        """Best effort: a handle whose WaitCondition has ended refuses (its presigned URL lives about a
        day), and a rollback brings such handles back; the answer must not depend on it."""
        try:
            self.put(handle, signal.body())
        except response.ResponseNotDelivered as error:
            _log("signal-not-delivered", level=logging.WARNING, job=job, error=str(error))
            return
        _log("signalled", job=job, signal=signal.status)


@dataclass(frozen=True)
class WatchEvent:
    """A watch resource's event (earlier versions): the runtime's view and its properties."""

    cfn: CfnEvent
    properties: contract.WatchProperties

    @property
    def physical_id(self) -> str:
        if self.cfn.request_type == "Delete" and self.cfn.physical_id:
            return self.cfn.physical_id
        job = self.properties.job_name
        return f"{job}-watch" if job else str(self.cfn.physical_id or "no-job-watch")


@dataclass
class WatchResourceHandler:
    """A watch resource of an earlier version, as a handler of the runtime: checks the job once (it may
    have ended before its rule existed) and answers the deadline and its one-off schedule expression."""

    invocation: Invocation[WatchEvent]
    watcher: Watcher

    def read(self, event: CfnEvent) -> WatchEvent:
        try:
            return WatchEvent(event, contract.WatchProperties.from_cfn(event.properties))
        except contract.PropertyError as error:
            raise HandlerError(str(error)) from None

    def decide(self, resource: WatchEvent) -> Outcome:
        if resource.cfn.request_type == "Delete":
            return Answer.success(resource.physical_id)
        properties = resource.properties
        try:
            description = self.watcher.api.describe_tuning_job(properties.job_name)
        except sagemaker_api.SageMakerError as error:
            return Answer.failed(resource.physical_id, str(error))
        # Not found right after its create is SageMaker's lag in making the job visible, not an outcome.
        signal = outcome_signal(description, properties.job_name) if description is not None else None
        if signal is not None:
            # Ended before the rule on its state changes existed: that event is gone.
            self.watcher.signal(properties.job_name, properties.wait_handle, signal)
        due = deadline(self.watcher.clock(), properties.timeout_seconds)
        data = {contract.ATTR_DEADLINE: str(due), contract.ATTR_DEADLINE_SCHEDULE: deadline_schedule(due)}
        return Answer.success(resource.physical_id, data)

    def fail(self, resource: WatchEvent, reason: str) -> Answer:
        return Answer.failed(resource.physical_id, reason)

    def hand_over_refused(self, resource: WatchEvent, pending: Pending, error_code: str) -> Answer:
        return self.fail(resource, f"The watch resource does not wait ({error_code})")  # it never hands over

    def redact(self, reason: str) -> str:
        return reason  # the handle's URL never reaches a reason


#: The watch resource makes one read and perhaps one signal, no polling.
COSTS: Final = Costs(
    call_seconds=float(sagemaker_api.worst_case_call_seconds()), calls_per_step=1, calls_after_budget=0
)


def serve_signal(event: dict[str, Any], context: Any) -> None:
    """An earlier version's rule input (a route of ``index``)."""
    Watcher(sagemaker_api.default_api()).check(event[contract.SIGNAL_KEY])


def serve_resource(event: dict[str, Any], context: Any) -> None:
    """An earlier version's watch resource event (a route of ``index``)."""
    invocation: Invocation[WatchEvent] = Invocation.begin(event, context, COSTS)
    invocation.run(WatchResourceHandler(invocation, Watcher(sagemaker_api.default_api())))


def _log(decision: str, *, level: int = logging.INFO, **fields: Any) -> None:
    logger.log(level, decision, extra={"decision": decision, **fields})
