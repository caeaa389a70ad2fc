"""Waiting, within one invocation: for a job to complete, and the poll loop that a delete shares.

Each step reads SageMaker once; the loop stops when a step answers, when the event's budget runs out, or
when this invocation must hand over to the next (``index``). A mixin of ``index.Invocation`` (see ``steps``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from . import completion_check, create_plan, sagemaker_api
from .budget import invocation_has_room, max_invocations, poll_interval_seconds
from .completion_check import Progress
from .lifecycle import Answer, HandlerError, ResourceEvent
from .steps import Outcome, Pending, Steps


class WaitSteps(Steps):
    """Waiting for completion, and polling."""

    def _await_completion(self, resource: ResourceEvent, name: str) -> Outcome:
        def step() -> Answer | None:
            description = self.api.describe_tuning_job(name)
            if description is None:
                return self._fail(
                    resource, f"Tuning job '{name}' disappeared while waiting for it to complete", job=name
                )
            status = description.get("HyperParameterTuningJobStatus")
            if completion_check.stop_is_the_budgets(status, self.budget.exhausted(self.clock())):
                # Stopped by this handler's own budget (an earlier attempt that crashed after its Stop):
                # the out-of-budget answer follows, as it did for that attempt.
                return None
            try:
                progress = completion_check.completion_progress(description)
            except HandlerError as error:
                self._log("job-ended-unsuccessfully", resource, job=name, status=status)
                return self._fail(resource, str(error), job=name)
            if progress is Progress.WAITING:
                self._log("waiting-for-completion", resource, job=name, status="InProgress")
                return None
            best_name = description["BestTrainingJob"]["TrainingJobName"]
            best = completion_check.best_job_data(description, self.api.describe_training_job(best_name))
            self._log("completed", resource, job=name, best_training_job=best_name)
            arn = description["HyperParameterTuningJobArn"]
            return Answer.success(name, completion_check.response_data(arn, name, best))

        def out_of_budget() -> Answer:
            # Decided from SageMaker's state, not from what this attempt did: a retry after a crash that
            # followed the Stop finds the job stopping, and answers the same.
            description = self.api.describe_tuning_job(name)
            tags = self.api.list_tags(description["HyperParameterTuningJobArn"]) if description else None
            started = create_plan.started_by(resource, tags)
            if started and description and description.get("HyperParameterTuningJobStatus") == "InProgress":
                self._stop(resource, name)
            self._log("out-of-budget", resource, level=logging.ERROR, job=name, stopped=started)
            reason = completion_check.out_of_budget_reason(name, self.budget.seconds, stopped=started)
            physical = name if resource.request_type == "Create" else resource.physical_id or name
            return Answer.failed(physical, reason)

        return self._poll(resource, name, step, out_of_budget)

    def _poll(
        self,
        resource: ResourceEvent,
        job: str,
        step: Callable[[], Answer | None],
        out_of_budget: Callable[[], Answer],
    ) -> Outcome:
        """Take ``step`` until it answers, the event's budget runs out, or this invocation must hand over.

        A continuation has its whole timeout ahead and has done next to nothing before its first step: it
        always takes one, so every invocation makes progress. The first invocation may have spent much of
        its time already (a create retried by botocore), so it hands over at once when it has no room.
        """
        interval = poll_interval_seconds()
        check_room_first = self.state.invocation == 1
        while True:
            if check_room_first and not invocation_has_room(self.context.get_remaining_time_in_millis(), 0):
                return Pending(job)
            check_room_first = False
            # A step always comes before the out-of-budget answer (the margin has room for both), so that
            # answer is taken on a fresh reading of SageMaker, the same for every attempt at the event.
            try:
                answer = self._reading(resource, job, step)
                if answer is None and self.budget.exhausted(self.clock()):
                    answer = out_of_budget()
            except sagemaker_api.SageMakerError as error:
                return self._sagemaker_failure(
                    resource, error, job=job if resource.request_type != "Delete" else None
                )
            except HandlerError as error:
                # The job completed but its result cannot be answered (no model artifacts, say).
                self._log("result-refused", resource, level=logging.ERROR, job=job)
                return self._fail(
                    resource, str(error), job=job if resource.request_type != "Delete" else None
                )
            if answer is not None:
                return answer
            if not invocation_has_room(self.context.get_remaining_time_in_millis(), interval):
                if self.state.invocation >= max_invocations(self.budget.seconds):
                    # The chain is as long as the budget can need: something made invocations end early.
                    self._log("chain-at-its-limit", resource, level=logging.ERROR, job=job)
                    return out_of_budget()
                return Pending(job)
            self.sleep(min(interval, max(self.budget.deadline - self.clock(), 0.0)))

    def _reading(self, resource: ResourceEvent, job: str, step: Callable[[], Answer | None]) -> Answer | None:
        """One step; throttling or a server error that outlasted botocore's attempts only skips a poll."""
        try:
            return step()
        except sagemaker_api.SageMakerError as error:
            if not error.is_transient:
                raise
            self._log("poll-skipped", resource, job=job, operation=error.operation, error_code=error.code)
            return None
