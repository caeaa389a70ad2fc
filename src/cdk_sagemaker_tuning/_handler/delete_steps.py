"""The steps of a Delete: stop the job (and delete its record when asked), or whatever a cancelled create
of the resource started.

The decisions are ``delete_plan``'s; these steps make the SageMaker calls they ask for, through the
invocation's ``JobActions``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from . import cloudformation_api, create_plan, delete_plan, reconcile, sagemaker_api
from .delete_plan import DeleteStep
from .job_actions import JobActions
from .lifecycle import ResourceEvent
from .runtime.events import Answer, HandlerError, Outcome


@dataclass
class DeleteSteps:
    """Delete."""

    actions: JobActions
    #: The stack's resources now (ListStackResources); raises ``CloudFormationError`` when unreadable.
    stack_resources: Callable[[str], list[cloudformation_api.StackResource]]

    def delete(self, resource: ResourceEvent) -> Outcome:
        actions, api = self.actions, self.actions.api
        name = resource.physical_id
        if name is None or not delete_plan.is_job_name_of_ours(name):
            actions.log("not-a-job-name", reason="physical id is not a tuning job name")
            return self._delete_unknown(resource, name or create_plan.failed_create_physical_id(resource))
        try:
            description = api.describe_tuning_job(name)
            if description is None:
                actions.log("delete-missing", job=name)
                return self._delete_unknown(resource, name)
            if not create_plan.is_owned(resource, api.list_tags(description["HyperParameterTuningJobArn"])):
                # Not this stack's job (another stack's, a person's, or one created before the ownership
                # tag existed): a delete must not stop it, and IAM would refuse anyway.
                actions.log("not-owned", job=name, action="left untouched")
                return Answer.success(name)
        except sagemaker_api.SageMakerError as error:
            return actions.sagemaker_failure(resource, error, job=None)

        def step() -> Answer | None:
            description = api.describe_tuning_job(name)
            try:
                delete_step = delete_plan.delete_step(description, resource.delete_job_record)
            except HandlerError as error:
                return Answer.failed(name, str(error))
            actions.log(f"delete-{delete_step.value}", job=name)
            if delete_step is DeleteStep.DONE:
                return Answer.success(name)
            if delete_step is DeleteStep.STOP:
                actions.stop(name)
            elif delete_step is DeleteStep.DELETE_RECORD:
                self._delete_record(name)
            return None

        def out_of_budget() -> Answer:
            actions.log("delete-out-of-budget", job=name, delete_job_record=resource.delete_job_record)
            seconds = actions.invocation.budget.seconds
            return delete_plan.delete_out_of_budget(name, resource.delete_job_record, seconds)

        return actions.poll(resource, name, step, out_of_budget)

    def not_followed(self, resource: ResourceEvent, job: str, reason: str) -> Answer:
        """A delete that cannot go on waiting: the job is asked to stop (if no step of this event did yet:
        an invocation may hand over before its first step), then SageMaker finishes that on its own."""
        try:
            description = self.actions.api.describe_tuning_job(job)
            if description is not None and description.get("HyperParameterTuningJobStatus") == "InProgress":
                self.actions.stop(job)
        except sagemaker_api.SageMakerError as error:
            return self.actions.sagemaker_failure(resource, error, job=None)
        return delete_plan.delete_not_followed(job, resource.delete_job_record, reason)

    def _delete_unknown(self, resource: ResourceEvent, physical_id: str) -> Answer:
        """A Delete whose physical id names no job: stop any job a cancelled create of it started.

        The physical id may be one CloudFormation made up for a create it cancelled while that create was
        still running (another resource failed): the job it started is found by its tags. Stopping is
        asked, not awaited: SageMaker finishes it on its own, and the stack's reconciler looks again.
        """
        actions, api = self.actions, self.actions.api
        live = self._live_jobs(resource)
        try:
            for job in api.list_running_jobs(create_plan.search_term(resource)):
                if job in live:
                    continue  # another resource's job (the stack's own resources tell, where tags cannot)
                description = api.describe_tuning_job(job)
                if description is None or description.get("HyperParameterTuningJobStatus") != "InProgress":
                    continue
                tags = api.list_tags(description["HyperParameterTuningJobArn"])
                if create_plan.is_cancelled_creates_job(resource, tags):
                    actions.log("cancelled-create-job", job=job, action="stop")
                    actions.stop(job)
        except sagemaker_api.SageMakerError as error:
            return actions.sagemaker_failure(resource, error, job=None)
        actions.log("nothing-to-delete")
        return Answer.success(physical_id)

    def _live_jobs(self, resource: ResourceEvent) -> set[str]:
        """The jobs the stack's tuning job resources hold now; empty when the stack cannot be read."""
        try:
            return reconcile.live_jobs(self.stack_resources(resource.stack_id))
        except cloudformation_api.CloudFormationError as error:
            self.actions.log("stack-resources-unknown", level=logging.WARNING, error_code=error.code)
            return set()

    def _delete_record(self, name: str) -> None:
        api = self.actions.api
        try:
            api.delete_tuning_job(name)
        except sagemaker_api.SageMakerError as error:
            if not delete_plan.refused_delete_is_progress(api.describe_tuning_job(name)):
                raise
            self.actions.log("delete-record-already-under-way", job=name, error_code=error.code)
