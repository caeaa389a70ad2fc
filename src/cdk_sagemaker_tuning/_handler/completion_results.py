"""``TuningJobWait.for_completion``'s results resource (``contract.RESULTS_RESOURCE_TYPE``), as a handler of
the custom-resource runtime: after the WaitCondition, it reads the ended job and answers its results.

The rest of that strategy's handler part is ``reconcile`` (the stack's rule on state changes and its
reconciler signal the WaitCondition) and ``wait_signal`` (what a signal says).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Final

from . import contract, sagemaker_api
from .results import results_data
from .runtime.budget import Costs
from .runtime.events import Answer, CfnEvent, HandlerError, Outcome, Pending
from .runtime.invocation import Invocation

#: Two reads (the tuning job, its best training job), no polling.
COSTS: Final = Costs(
    call_seconds=float(sagemaker_api.worst_case_call_seconds()), calls_per_step=2, calls_after_budget=0
)


@dataclass(frozen=True)
class ResultsEvent:
    """A results resource's event: the runtime's view and its properties."""

    cfn: CfnEvent
    properties: contract.ResultsProperties

    @property
    def physical_id(self) -> str:
        """``<job>-results``; a Delete echoes the id it carries."""
        if self.cfn.request_type == "Delete" and self.cfn.physical_id:
            return self.cfn.physical_id
        job = self.properties.job_name
        return f"{job}-results" if job else str(self.cfn.physical_id or "no-job-results")


@dataclass
class ResultsHandler:
    """One results resource's event, in one invocation."""

    invocation: Invocation[ResultsEvent]
    api: sagemaker_api.SageMakerApi

    def read(self, event: CfnEvent) -> ResultsEvent:
        return ResultsEvent(event, contract.ResultsProperties.from_cfn(event.properties))

    def decide(self, resource: ResultsEvent) -> Outcome:
        if resource.cfn.request_type == "Delete":
            return Answer.success(resource.physical_id)
        job = resource.properties.job_name
        try:
            data = self._results(job)
        except (HandlerError, sagemaker_api.SageMakerError) as error:
            return Answer.failed(resource.physical_id, str(error))
        return Answer.success(resource.physical_id, data)

    def fail(self, resource: ResultsEvent, reason: str) -> Answer:
        return Answer.failed(resource.physical_id, reason)

    def hand_over_refused(self, resource: ResultsEvent, pending: Pending, error_code: str) -> Answer:
        return self.fail(
            resource, f"The results resource does not wait ({error_code})"
        )  # it never hands over

    def redact(self, reason: str) -> str:
        return reason  # its properties hold a job name only

    def _results(self, job: str) -> dict[str, str]:
        description = self.api.describe_tuning_job(job)
        if description is None:
            raise HandlerError(f"Tuning job '{job}' does not exist: no results")
        best = (description.get("BestTrainingJob") or {}).get("TrainingJobName")
        best_training_job = self.api.describe_training_job(str(best)) if best else {}
        data, left_out = results_data(description, best_training_job)
        if left_out:
            self.invocation.log("hyperparameters-left-out", level=logging.WARNING, job=job, names=left_out)
        return data


def serve(event: dict[str, Any], context: Any) -> None:
    """Serve one results resource's event (a route of ``index``)."""
    invocation: Invocation[ResultsEvent] = Invocation.begin(event, context, COSTS)
    invocation.run(ResultsHandler(invocation, sagemaker_api.default_api()))
