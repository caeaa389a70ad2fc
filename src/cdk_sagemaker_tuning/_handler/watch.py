"""The function's side of ``TuningJobWait.for_completion``: the results resource, and what earlier versions
deployed (a watch resource and two rules per awaited job), which stacks keep until they deploy this one and
which a rollback can bring back: their events are still answered, and never fail for a handle that
cannot be signalled any more. This version's waits are signalled by ``reconcile``.

Three kinds of invocation, none of them the tuning job resource's own events (``index`` routes them here):

- An EventBridge rule's input under ``contract.SIGNAL_KEY`` (the job's terminal state change, or the
  one-off check at the deadline): describe the job; once it has ended, signal its outcome to the
  WaitCondition handle; past the deadline, stop it and signal the timeout. The event's own status is not
  trusted: SageMaker's answer now is, so events out of order or repeated signal the same.
- ``contract.WATCH_RESOURCE_TYPE`` (Create/Update, after the rule exists): the same check once, since the job
  may have ended before its rule existed; answers the deadline and its one-off schedule expression.
- ``contract.RESULTS_RESOURCE_TYPE`` (Create/Update, after the WaitCondition): the ended job's results.

Never logged: the handle's URL and the ResponseURL (credentials), nor any request value.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import cfn_response, contract, sagemaker_api
from .lifecycle import HandlerError
from .results import results_data
from .wait_signal import Signal, deadline, deadline_schedule, is_due, outcome_signal, timeout_signal

logger = logging.getLogger("cdk_sagemaker_tuning")

#: The resource types this module answers.
RESOURCE_TYPES = frozenset({contract.WATCH_RESOURCE_TYPE, contract.RESULTS_RESOURCE_TYPE})


def handles(event: Mapping[str, Any]) -> bool:
    """Whether ``event`` is for this module rather than a tuning job resource."""
    return contract.SIGNAL_KEY in event or event.get("ResourceType") in RESOURCE_TYPES


@dataclass
class Watcher:
    api: sagemaker_api.SageMakerApi
    clock: Callable[[], float] = time.time
    #: PUTs a document to a presigned URL (the handle, or the ResponseURL); never logs the URL.
    put: Callable[[str, bytes], int] = field(default=lambda url, body: cfn_response.send(url, body))
    log_stream: str | None = None

    def handle(self, event: Mapping[str, Any]) -> None:
        if contract.SIGNAL_KEY in event:
            self.check(event[contract.SIGNAL_KEY])
        else:
            self.answer_resource(event)

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
        self._signal(job, handle, signal)

    def _stop(self, job: str) -> bool:
        try:
            self.api.stop_tuning_job(job)
        except sagemaker_api.SageMakerError as error:
            # IAM allows stopping only this stack's jobs; a job that ended meanwhile is not found or refused.
            _log("stop-failed", level=logging.ERROR, job=job, error_code=error.code)
            return False
        _log("stopped-at-deadline", job=job)
        return True

    def _signal(self, job: str, handle: str, signal: Signal) -> None:
        """Best effort: a handle whose WaitCondition has ended refuses (its presigned URL lives about a
        day), and a rollback brings such handles back; the answer must not depend on it."""
        try:
            self.put(handle, signal.body())
        except cfn_response.ResponseNotDelivered as error:
            _log("signal-not-delivered", level=logging.WARNING, job=job, error=str(error))
            return
        _log("signalled", job=job, signal=signal.status)

    # -- the watch and results resources ----------------------------------------------------------------

    def answer_resource(self, event: Mapping[str, Any]) -> None:
        resource_type = str(event.get("ResourceType"))
        request_type = event.get("RequestType")
        properties = event.get("ResourceProperties") or {}
        job = str(properties.get(contract.PROP_JOB_NAME, ""))
        kind = "watch" if resource_type == contract.WATCH_RESOURCE_TYPE else "results"
        physical = f"{job}-{kind}" if job else str(event.get("PhysicalResourceId") or f"no-job-{kind}")
        status: cfn_response.Status = "SUCCESS"
        reason = ""
        data: dict[str, str] = {}
        if request_type != "Delete":
            try:
                data = self._watch(properties, job) if kind == "watch" else self._results(job)
            except (HandlerError, sagemaker_api.SageMakerError) as error:
                status, reason = "FAILED", str(error)
            except Exception as error:  # whatever went wrong, CloudFormation gets an answer
                _log("unexpected-error", level=logging.ERROR, kind=kind, error_type=type(error).__name__)
                status = "FAILED"
                reason = f"Internal error in the tuning-job handler ({type(error).__name__}); see its log."
        elif event.get("PhysicalResourceId"):
            physical = str(event["PhysicalResourceId"])  # a Delete echoes its own id
        body = cfn_response.response_body(
            event,
            status=status,
            physical_id=physical,
            reason=reason,
            data=data,
            log_stream_name=self.log_stream,
        )
        self.put(str(event.get("ResponseURL", "")), body)
        _log("answered", kind=kind, request_type=request_type, job=job, status=status)

    def _watch(self, properties: Mapping[str, Any], job: str) -> dict[str, str]:
        timeout = int(str(properties.get(contract.PROP_TIMEOUT_SECONDS, "0")))
        now = self.clock()
        description = self.api.describe_tuning_job(job)
        # Not found right after its create is SageMaker's lag in making the job visible, not an outcome.
        signal = outcome_signal(description, job) if description is not None else None
        if signal is not None:
            # Ended before the rule on its state changes existed: that event is gone.
            self._signal(job, str(properties[contract.PROP_WAIT_HANDLE]), signal)
        due = deadline(now, timeout)
        return {contract.ATTR_DEADLINE: str(due), contract.ATTR_DEADLINE_SCHEDULE: deadline_schedule(due)}

    def _results(self, job: str) -> dict[str, str]:
        description = self.api.describe_tuning_job(job)
        if description is None:
            raise HandlerError(f"Tuning job '{job}' does not exist: no results")
        best = (description.get("BestTrainingJob") or {}).get("TrainingJobName")
        best_training_job = self.api.describe_training_job(str(best)) if best else {}
        data, left_out = results_data(description, best_training_job)
        if left_out:
            _log("hyperparameters-left-out", level=logging.WARNING, job=job, names=left_out)
        return data


def _log(decision: str, *, level: int = logging.INFO, **fields: Any) -> None:
    logger.log(level, decision, extra={"decision": decision, **fields})
