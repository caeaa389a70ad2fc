"""What every step of a tuning job event does with SageMaker: fail without leaving a job running, stop a
job, turn SageMaker's refusal into an answer, and poll.

One ``JobActions`` per invocation, shared by the create, wait and delete steps (composition: each step
object holds it). It knows the invocation (the runtime's clock, budget and log), the SageMaker API, and the
job this event started, so that any failure answers with that job's name and stops it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import create_plan, sagemaker_api
from .lifecycle import ResourceEvent
from .runtime.events import Answer, HandlerError, Outcome
from .runtime.invocation import Invocation
from .runtime.poll import poll


@dataclass
class JobActions:
    """The invocation's SageMaker actions for one tuning job resource's event."""

    invocation: Invocation[ResourceEvent]
    api: sagemaker_api.SageMakerApi
    #: The stack's status (DescribeStacks), ``None`` when it cannot be read.
    stack_status: Callable[[str], str | None]
    #: The job this invocation created (or adopted), so any later failure answers with its name.
    started_job: str | None = None

    def log(self, decision: str, *, level: int = logging.INFO, **fields: Any) -> None:
        self.invocation.log(decision, level=level, **fields)

    def fail(self, resource: ResourceEvent, reason: str, job: str | None = None) -> Answer:
        """FAILED, without leaving running a job this event started.

        A create answers with the job's name, so the rollback's Delete finds it; an update answers the
        physical id it received (the update did not happen) after stopping the job it had started.
        """
        if job is not None:
            try:
                self.stop_if_started_by_event(resource, job)
            except sagemaker_api.SageMakerError as error:
                self.log("stop-failed", level=logging.ERROR, job=job, error_code=error.code)
        if resource.request_type == "Create":
            physical = job or create_plan.failed_create_physical_id(resource)
        else:
            physical = resource.physical_id or create_plan.failed_create_physical_id(resource)
        return Answer.failed(physical, reason)

    def stop_if_started_by_event(self, resource: ResourceEvent, job: str) -> bool:
        description = self.api.describe_tuning_job(job)
        if description is None or description.get("HyperParameterTuningJobStatus") != "InProgress":
            return False
        tags = self.api.list_tags(description["HyperParameterTuningJobArn"])
        if not create_plan.started_by(resource, tags):
            self.log("left-running", job=job, reason="not started by this event")
            return False
        self.stop(job)
        return True

    def stop(self, job: str) -> None:
        try:
            self.api.stop_tuning_job(job)
        except sagemaker_api.SageMakerError as error:
            # The job may have ended between Describe and Stop; only a job that still runs is an error.
            if error.is_not_found:
                return
            after = self.api.describe_tuning_job(job)
            if after is not None and after.get("HyperParameterTuningJobStatus") == "InProgress":
                raise
        self.log("stopped", job=job)

    def sagemaker_failure(
        self, resource: ResourceEvent, error: sagemaker_api.SageMakerError, job: str | None
    ) -> Answer:
        # SageMaker's message may echo request values: it goes to the reason, the log gets the code only.
        self.log("sagemaker-refused", level=logging.ERROR, operation=error.operation, error_code=error.code)
        return self.fail(resource, str(error), job=job)

    def poll(
        self,
        resource: ResourceEvent,
        job: str,
        step: Callable[[], Answer | None],
        out_of_budget: Callable[[], Answer],
    ) -> Outcome:
        """The runtime's ``poll`` over SageMaker: a transient error skips a reading, any other answers."""
        # A delete answers with its own physical id and stops nothing on failure: the job is not its start.
        started = job if resource.request_type != "Delete" else None
        try:
            return poll(self.invocation, job, lambda: self._reading(job, step), out_of_budget)
        except sagemaker_api.SageMakerError as error:
            return self.sagemaker_failure(resource, error, job=started)
        except HandlerError as error:
            # The job completed but its result cannot be answered (no model artifacts, say).
            self.log("result-refused", level=logging.ERROR, job=job)
            return self.fail(resource, str(error), job=started)

    def _reading(self, job: str, step: Callable[[], Answer | None]) -> Answer | None:
        """One step; throttling or a server error that outlasted botocore's attempts only skips a poll."""
        try:
            return step()
        except sagemaker_api.SageMakerError as error:
            if not error.is_transient:
                raise
            self.log("poll-skipped", job=job, operation=error.operation, error_code=error.code)
            return None
