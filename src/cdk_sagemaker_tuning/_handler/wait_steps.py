"""``TuningJobWait.within_event()``: the tuning job resource answers once its job has completed.

Each step reads SageMaker once; the runtime's ``poll`` stops when a step answers, when the event's budget
runs out, or when this invocation must hand over to the next. The strategy's construct part sets
``contract.PROP_WAIT_FOR_COMPLETION`` on the job resource; this is its handler part.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from . import completion_check, create_plan
from .completion_check import Progress
from .job_actions import JobActions
from .lifecycle import ResourceEvent
from .runtime.events import Answer, HandlerError, Outcome


@dataclass
class CompletionAwait:
    """Waiting for a tuning job to complete, within the event."""

    actions: JobActions

    def await_completion(self, resource: ResourceEvent, name: str) -> Outcome:
        actions = self.actions
        api = actions.api
        budget = actions.invocation.budget
        clock = actions.invocation.clock

        def step() -> Answer | None:
            description = api.describe_tuning_job(name)
            if description is None:
                return actions.fail(
                    resource, f"Tuning job '{name}' disappeared while waiting for it to complete", job=name
                )
            status = description.get("HyperParameterTuningJobStatus")
            if completion_check.stop_is_the_budgets(status, budget.exhausted(clock())):
                # Stopped by this handler's own budget (an earlier attempt that crashed after its Stop):
                # the out-of-budget answer follows, as it did for that attempt.
                return None
            try:
                progress = completion_check.completion_progress(description)
            except HandlerError as error:
                actions.log("job-ended-unsuccessfully", job=name, status=status)
                return actions.fail(resource, str(error), job=name)
            if progress is Progress.WAITING:
                actions.log("waiting-for-completion", job=name, status="InProgress")
                return None
            best_name = description["BestTrainingJob"]["TrainingJobName"]
            best = completion_check.best_job_data(description, api.describe_training_job(best_name))
            actions.log("completed", job=name, best_training_job=best_name)
            arn = description["HyperParameterTuningJobArn"]
            return Answer.success(name, completion_check.response_data(arn, name, best))

        def out_of_budget() -> Answer:
            # Decided from SageMaker's state, not from what this attempt did: a retry after a crash that
            # followed the Stop finds the job stopping, and answers the same.
            description = api.describe_tuning_job(name)
            tags = api.list_tags(description["HyperParameterTuningJobArn"]) if description else None
            started = create_plan.started_by(resource, tags)
            if started and description and description.get("HyperParameterTuningJobStatus") == "InProgress":
                actions.stop(name)
            actions.log("out-of-budget", level=logging.ERROR, job=name, stopped=started)
            reason = completion_check.out_of_budget_reason(name, budget.seconds, stopped=started)
            physical = name if resource.request_type == "Create" else resource.physical_id or name
            return Answer.failed(physical, reason)

        return actions.poll(resource, name, step, out_of_budget)
