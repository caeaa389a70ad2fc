"""The stack's reconciler: no job of the stack runs without an owner, and no wait hangs on one event.

Two kinds of invocation that are not CloudFormation's custom-resource events (``index`` routes them here):

- The stack's scheduled rule, every ``contract.RECONCILE_INTERVAL_MINUTES``, with ``{RECONCILE_KEY: {}}``:
  (a) only while the stack is stable (a ``*_COMPLETE`` status: no create of ours can be under way), stop
  every running job that carries this stack's ownership tag, is no tuning job resource's current physical
  id and was not kept on purpose (``contract.RETAIN_TAG``): a job whose create answer never reached
  CloudFormation, one a cancelled create started after its Delete, one whose Delete Lambda dropped;
  (b) while the stack is being deployed (a wait can only be pending then: the issue's "only while stable"
  cannot apply to it), every awaited job (``contract.WAIT_TAG``) of a tuning job resource is checked: an
  ended job's outcome is signalled to its WaitCondition handle, a job still running past its deadline is
  stopped and the timeout signalled. A lost EventBridge event costs one interval, not the wait.
- The stack's one EventBridge rule on tuning jobs' terminal state changes (any job of the account and
  region): a job of this stack that is awaited gets its outcome signalled now.

Ownership first: nothing here touches a job without ``contract.STACK_TAG`` naming this stack. SageMaker's
state now decides, never an event's: duplicates and events out of order signal the same. Every action is
one decision line (job, what, why); the handle's URL is a credential and is never logged.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from . import contract, sagemaker_api
from .cloudformation_api import CloudFormationApi, CloudFormationError, StackResource
from .runtime import response
from .wait_signal import Signal, deadline_signal, outcome_signal

logger = logging.getLogger("cdk_sagemaker_tuning")

#: CloudFormation's statuses in which no operation runs: no create of ours can be under way.
STABLE_STATUSES: Final = frozenset(
    {
        "CREATE_COMPLETE",
        "UPDATE_COMPLETE",
        "UPDATE_ROLLBACK_COMPLETE",
        "IMPORT_COMPLETE",
        "IMPORT_ROLLBACK_COMPLETE",
        "ROLLBACK_COMPLETE",
    }
)
#: The EventBridge event of a tuning job's state change (source ``aws.sagemaker``).
STATE_CHANGE_DETAIL_TYPE: Final = "SageMaker HyperParameter Tuning Job State Change"
HANDLE_TYPE: Final = "AWS::CloudFormation::WaitConditionHandle"


def is_reconcile(event: Mapping[str, Any]) -> bool:
    return contract.RECONCILE_KEY in event


def is_state_change(event: Mapping[str, Any]) -> bool:
    return event.get("source") == "aws.sagemaker" and event.get("detail-type") == STATE_CHANGE_DETAIL_TYPE


# -- pure decisions ----------------------------------------------------------------------------------------


def is_stable(stack_status: str) -> bool:
    return stack_status in STABLE_STATUSES


def is_deploying(stack_status: str) -> bool:
    return stack_status.endswith("_IN_PROGRESS")


def live_jobs(resources: Iterable[StackResource]) -> set[str]:
    """The job names that tuning job resources of the stack hold as their physical ids."""
    return {
        resource.physical_id
        for resource in resources
        if resource.resource_type == contract.RESOURCE_TYPE
        and resource.physical_id
        and resource.status != "DELETE_COMPLETE"
    }


def is_orphan(stack_id: str, name: str, tags: Mapping[str, str], live: set[str]) -> bool:
    """A running job of this stack that no resource holds and nobody asked to keep."""
    return tags.get(contract.STACK_TAG) == stack_id and name not in live and contract.RETAIN_TAG not in tags


@dataclass(frozen=True)
class AwaitedJob:
    """What an awaited job's ``WAIT_TAG`` says: the handle its outcome goes to, and its deadline."""

    handle_logical_id: str
    deadline: int

    @classmethod
    def of(cls, tags: Mapping[str, str]) -> AwaitedJob | None:
        handle, _, deadline = tags.get(contract.WAIT_TAG, "").rpartition("@")
        if not handle or not deadline.isdigit():
            return None
        return cls(handle, int(deadline))


def wait_signal(
    job: str, description: Mapping[str, Any], awaited: AwaitedJob, *, now: float
) -> tuple[Signal | None, bool]:
    """The signal for an awaited job now, and whether the job must be stopped first (past its deadline)."""
    signal = outcome_signal(dict(description), job)
    if signal is not None:
        return signal, False
    if now >= awaited.deadline:
        return deadline_signal(job, awaited.deadline), True
    return None, False


# -- the calls ---------------------------------------------------------------------------------------------


@dataclass
class Reconciler:
    """One reconciliation (or one state change) for the function's own stack."""

    stack_id: str
    api: sagemaker_api.SageMakerApi
    cloudformation: CloudFormationApi
    clock: Callable[[], float] = time.time
    #: PUTs a signal to a WaitCondition handle's presigned URL; never logs the URL.
    put: Callable[[str, bytes], int] = field(default=lambda url, body: response.send(url, body))

    def reconcile(self) -> None:
        """Stop orphans while the stack is stable; settle pending waits while it is being deployed."""
        try:
            status = self.cloudformation.stack_status(self.stack_id)
            resources = self.cloudformation.resources(self.stack_id)
        except CloudFormationError as error:
            # The next scheduled run tries again; acting without the stack's resources could stop a live job.
            _log("reconcile-skipped", level=logging.WARNING, error_code=error.code)
            return
        _log("reconcile", stack_status=status, resources=len(resources))
        if is_stable(status):
            self._stop_orphans(live_jobs(resources))
        elif is_deploying(status):
            self._settle_waits(resources)

    def _stop_orphans(self, live: set[str]) -> None:
        for summary in self._running_jobs():
            name, arn = summary
            try:
                tags = self.api.list_tags(arn)
                if not is_orphan(self.stack_id, name, tags, live):
                    continue
                self.api.stop_tuning_job(name)
                _log("orphan-stopped", job=name, reason="no resource of the stack holds it")
            except sagemaker_api.SageMakerError as error:
                _log("orphan-not-stopped", level=logging.ERROR, job=name, error_code=error.code)

    def _running_jobs(self) -> list[tuple[str, str]]:
        try:
            return self.api.list_running_job_arns()
        except sagemaker_api.SageMakerError as error:
            _log("reconcile-list-failed", level=logging.ERROR, error_code=error.code)
            return []

    def _settle_waits(self, resources: list[StackResource]) -> None:
        handles = {r.logical_id: r for r in resources if r.resource_type == HANDLE_TYPE and r.physical_id}
        jobs = [r for r in resources if r.resource_type == contract.RESOURCE_TYPE and r.physical_id]
        for resource in jobs:
            name = str(resource.physical_id)
            if not _is_job_name(name):
                continue
            try:
                self._settle(name, handles)
            except sagemaker_api.SageMakerError as error:
                _log("wait-check-failed", level=logging.ERROR, job=name, error_code=error.code)

    def _settle(self, name: str, handles: Mapping[str, StackResource]) -> None:
        description = self.api.describe_tuning_job(name)
        if description is None:
            # Not visible yet (SageMaker's lag after a create), or deleted by hand with its tags: nothing
            # says where its outcome goes; the WaitCondition's own timeout ends that wait.
            return
        tags = self.api.list_tags(description["HyperParameterTuningJobArn"])
        awaited = AwaitedJob.of(tags)
        if tags.get(contract.STACK_TAG) != self.stack_id or awaited is None:
            return
        handle = handles.get(awaited.handle_logical_id)
        if handle is None or handle.physical_id is None:
            return  # its handle does not exist (yet, or any more)
        signal, stop = wait_signal(name, description, awaited, now=self.clock())
        if stop:
            self._stop(name)
        if signal is not None:
            self._signal(name, handle.physical_id, signal)

    # -- the stack-wide rule's event -----------------------------------------------------------------------

    def state_change(self, event: Mapping[str, Any]) -> None:
        """A tuning job of the account reached a terminal state: signal its wait if it is this stack's."""
        detail = event.get("detail") or {}
        name = str(detail.get("HyperParameterTuningJobName", ""))
        if not _is_job_name(name):
            _log("state-change-ignored", reason="no tuning job name")
            return
        description = self.api.describe_tuning_job(name)
        if description is None:
            _log("state-change-ignored", job=name, reason="no such job")
            return
        tags = self.api.list_tags(description["HyperParameterTuningJobArn"])
        awaited = AwaitedJob.of(tags)
        if tags.get(contract.STACK_TAG) != self.stack_id or awaited is None:
            # Another stack's job, or one nobody waits for: not ours to signal.
            _log("state-change-ignored", job=name, reason="not an awaited job of this stack")
            return
        try:
            handle = self.cloudformation.resource(self.stack_id, awaited.handle_logical_id)
        except CloudFormationError as error:
            _log("state-change-handle-unknown", level=logging.WARNING, job=name, error_code=error.code)
            return  # the reconciler signals it at its next run
        if handle is None or handle.physical_id is None:
            return
        signal = outcome_signal(dict(description), name)
        if signal is not None:
            self._signal(name, handle.physical_id, signal)

    # -- actions -------------------------------------------------------------------------------------------

    def _stop(self, name: str) -> None:
        try:
            self.api.stop_tuning_job(name)
            _log("stopped-at-deadline", job=name)
        except sagemaker_api.SageMakerError as error:
            _log("stop-failed", level=logging.ERROR, job=name, error_code=error.code)

    def _signal(self, name: str, url: str, signal: Signal) -> None:
        """Best effort: a handle whose WaitCondition has ended (its URL expired) refuses, and that is fine."""
        try:
            self.put(url, signal.body())
        except response.ResponseNotDelivered as error:
            _log("signal-not-delivered", level=logging.WARNING, job=name, error=str(error))
            return
        _log("signalled", job=name, signal=signal.status)


def _is_job_name(name: str) -> bool:
    return (
        bool(name)
        and len(name) <= contract.MAX_NAME_LENGTH
        and contract.NAME_PATTERN.fullmatch(name) is not None
    )


def _log(decision: str, *, level: int = logging.INFO, **fields: Any) -> None:
    logger.log(level, decision, extra={"decision": decision, **fields})
