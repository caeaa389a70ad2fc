"""The steps of a Create and of an Update: create (or adopt) the job, replace it, or change its tags.

The decisions are ``create_plan`` and ``update_plan``'s; these steps make the SageMaker calls they ask for,
through the invocation's ``JobActions``; waiting for completion is ``CompletionAwait``'s.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from . import completion_check, contract, create_plan, delete_plan, sagemaker_api, update_plan
from .job_actions import JobActions
from .lifecycle import ResourceEvent
from .runtime.events import Answer, HandlerError, Outcome
from .wait_steps import CompletionAwait

#: Pauses between Create attempts that IAM refused while a new role or policy propagates (about 30 s in
#: all, as aws-cdk waits for the same race).
ACCESS_DENIED_BACKOFF_SECONDS: tuple[float, ...] = (2.0, 4.0, 8.0, 16.0)
#: Describe attempts (and the back-off between them, growing) for a job whose name a create found taken.
_NEW_JOB_DESCRIBE_ATTEMPTS: Final = 3
_NEW_JOB_DESCRIBE_BACKOFF_SECONDS: Final = 2.0


@dataclass
class CreateSteps:
    """Create and update."""

    actions: JobActions
    awaiting: CompletionAwait

    def create(self, resource: ResourceEvent) -> Outcome:
        try:
            if self.actions.invocation.state.job is not None:
                # A create hands over only once its job exists: any failure from here on names that job.
                self.actions.started_job = self.actions.invocation.state.job
                return self._after_start(resource, self.actions.invocation.state.job)
            if self.actions.invocation.budget.abandoned(self.actions.invocation.clock()):
                return self._too_late(resource)
            name, arn = self._create_job(resource, replaces=None)
            return self._after_start(resource, name, arn)
        except HandlerError as error:
            self.actions.log("create-refused", level=logging.ERROR, job=self.actions.started_job)
            return self.actions.fail(resource, str(error), job=self.actions.started_job)
        except sagemaker_api.SageMakerError as error:
            return self.actions.sagemaker_failure(resource, error, job=self.actions.started_job)

    def _too_late(self, resource: ResourceEvent) -> Answer:
        """An event that reached the function after CloudFormation stopped waiting for its answer (Lambda's
        queue held it, its retries took their time): a job started now would have no owner."""
        self.actions.log("too-late-to-create", level=logging.ERROR)
        return self.actions.fail(
            resource,
            "This event reached the tuning-job handler after CloudFormation stopped waiting for its answer "
            f"(ServiceTimeout); no job was started. See log stream {self.actions.invocation.log_stream()}.",
        )

    def _create_job(self, resource: ResourceEvent, replaces: str | None) -> tuple[str, str]:
        """Create the job, or adopt the one this very event already created; returns its name and ARN.

        From the call on, the job may exist whatever the call answers (an answer lost and every retry
        throttled, a body that cannot be read): ``started_job`` names it, so any failure from here on
        stops it if it runs and answers with its name, which the rollback's Delete then finds. Only
        SageMaker's definite refusal of this request clears it.
        """
        plan = create_plan.plan_create(resource, replaces, event_start=self.actions.invocation.budget.start)
        self.actions.started_job = plan.name
        try:
            arn = self._call_create(resource, plan.params)
            self.actions.log("created", job=plan.name, fixed_name=plan.name_is_fixed)
            return plan.name, arn
        except sagemaker_api.SageMakerError as error:
            # A retried or duplicated event (Lambda's retry, a second delivery, botocore retrying a create
            # whose answer was lost) finds the job it started; anything else holding the name is a conflict.
            # Even a definite refusal may follow an attempt whose answer was lost (a limit counting the job
            # that attempt started): the name is looked up unless the request never left botocore.
            # A definite refusal needs one look (a job that an earlier attempt started is visible by now);
            # anything else may be a create SageMaker is still making visible.
            attempts = 1 if error.is_definite_refusal and not error.is_in_use else _NEW_JOB_DESCRIBE_ATTEMPTS
            description = self._describe_new_job(plan.name, attempts) if error.was_sent else None
            if description is None:
                if error.is_in_use or error.is_definite_refusal:
                    self.actions.started_job = None
                raise
            arn = description["HyperParameterTuningJobArn"]
            try:
                create_plan.check_adoption(resource, plan.name, self.actions.api.list_tags(arn))
            except HandlerError:
                self.actions.started_job = None  # another's job: never ours to stop or to answer
                raise
            self.actions.log("adopted", job=plan.name, error_code=error.code)
            return plan.name, arn

    def _call_create(self, resource: ResourceEvent, params: Mapping[str, Any]) -> str:
        """CreateHyperParameterTuningJob, retrying IAM's eventual consistency for a while.

        A role or a PassRole statement created by the same deployment seconds ago may not be visible to
        IAM yet: SageMaker then refuses with AccessDenied (or cannot assume the role) at once. aws-cdk
        retries the same race for about 30 s (aws/aws-cdk#37675); so does this.
        """
        for pause in (*ACCESS_DENIED_BACKOFF_SECONDS, None):
            try:
                return self.actions.api.create_tuning_job(params)
            except sagemaker_api.SageMakerError as error:
                if pause is None or not error.is_iam_propagation:
                    raise
                self.actions.log("create-access-denied-retry", error_code=error.code, pause=pause)
                self.actions.invocation.sleep(pause)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _describe_new_job(self, name: str, attempts: int) -> dict[str, Any] | None:
        """Describe a job whose name was just found taken, allowing for SageMaker's eventual consistency.

        A duplicate delivery racing the first can find the name taken before Describe shows the job;
        answering FAILED then would contradict the first delivery's SUCCESS.
        """
        for attempt in range(attempts):
            if attempt:
                self.actions.invocation.sleep(_NEW_JOB_DESCRIBE_BACKOFF_SECONDS * attempt)
            description = self.actions.api.describe_tuning_job(name)
            if description is not None:
                return description
        return None

    def _after_start(self, resource: ResourceEvent, name: str, arn: str | None = None) -> Outcome:
        """SUCCESS at once, or wait for the job to complete."""
        if not resource.wait_for_completion:
            if arn is None:
                description = self.actions.api.describe_tuning_job(name)
                if description is None:
                    return self.actions.fail(
                        resource, f"Tuning job '{name}' disappeared right after its creation"
                    )
                arn = description["HyperParameterTuningJobArn"]
            return Answer.success(name, completion_check.response_data(arn, name))
        return self.awaiting.await_completion(resource, name)

    def update(self, resource: ResourceEvent) -> Outcome:
        name = resource.physical_id or ""
        try:
            if self.actions.invocation.state.job is not None:
                return self.awaiting.await_completion(resource, self.actions.invocation.state.job)
            return self._update_steps(resource, name)
        except HandlerError as error:
            self.actions.log("update-refused", level=logging.ERROR, job=name)
            return self.actions.fail(resource, str(error), job=self.actions.started_job)
        except sagemaker_api.SageMakerError as error:
            return self.actions.sagemaker_failure(resource, error, job=self.actions.started_job)

    def _update_steps(self, resource: ResourceEvent, name: str) -> Outcome:
        description = (
            self.actions.api.describe_tuning_job(name) if delete_plan.is_job_name_of_ours(name) else None
        )
        tags = self.actions.api.list_tags(description["HyperParameterTuningJobArn"]) if description else None
        decision = update_plan.decide_update(
            resource,
            (tags or {}).get(contract.FINGERPRINT_TAG),
            tags,
            event_start=self.actions.invocation.budget.start,
        )
        if isinstance(decision, update_plan.Replace):
            rollback = self._rollback(resource, tags)
            if rollback is not None:
                return rollback
            if self.actions.invocation.budget.abandoned(self.actions.invocation.clock()):
                return self._too_late(resource)
            self.actions.log("replacing", job=name)
            # Tagged even when the job is gone: its rollback then returns to it instead of starting a third.
            replaces = name if delete_plan.is_job_name_of_ours(name) else None
            new_name, arn = self._create_job(resource, replaces=replaces)
            return self._after_start(resource, new_name, arn)
        if description is None:
            # Deleted outside CloudFormation: nothing to tag. Failing here would fail the rollback too (it
            # sends the same kind of update back), leaving the stack in UPDATE_ROLLBACK_FAILED.
            self.actions.log("update-of-missing-job", job=name)
            return Answer.success(
                name, completion_check.response_data(create_plan.job_arn(resource.stack_id, name), name)
            )
        arn = description["HyperParameterTuningJobArn"]
        if not create_plan.is_owned(resource, tags):
            self.actions.log("not-owned", job=name, action="tags left unchanged")
        else:
            if decision.add_tags:
                self.actions.api.add_tags(arn, decision.add_tags)
            if decision.remove_tag_keys:
                self.actions.api.delete_tags(arn, decision.remove_tag_keys)
            self.actions.log(
                "updated-in-place",
                job=name,
                tags_added=len(decision.add_tags),
                tags_removed=len(decision.remove_tag_keys),
            )
        return self._after_start(resource, name, arn)

    def _rollback(self, resource: ResourceEvent, tags: Mapping[str, str] | None) -> Outcome | None:
        """The answer to an update that rolls back the replacement that created the current job, if it is one.

        CloudFormation rolls a replacing update back by sending the old request to the new physical id.
        While the stack is in ``UPDATE_ROLLBACK_IN_PROGRESS`` that update returns to the replaced job as it
        is (running, ended, stopped or deleted outside CloudFormation), never starting a job that did not
        run before the update, and never failing (the stack would end UPDATE_ROLLBACK_FAILED). When the
        stack's status cannot be read, the replaced job is returned to only when it still carries that
        request and may still run (``update_plan.is_rollback_to``).
        """
        replaced = update_plan.replaced_job(tags)
        if replaced is None:
            return None
        description = self.actions.api.describe_tuning_job(replaced)
        arn = description["HyperParameterTuningJobArn"] if description else None
        if update_plan.is_rolling_back(self.actions.stack_status(resource.stack_id)):
            self.actions.log("rolled-back-to-replaced-job", job=replaced, replacement=resource.physical_id)
            if description is None:
                arn = create_plan.job_arn(resource.stack_id, replaced)
            elif (
                resource.wait_for_completion
                and description.get("HyperParameterTuningJobStatus") == "Completed"
            ):
                return self._after_start(resource, replaced, arn)  # its results, as before the update
            return Answer.success(replaced, completion_check.response_data(str(arn), replaced))
        if arn is None or not update_plan.is_rollback_to(
            resource, description, self.actions.api.list_tags(arn)
        ):
            return None
        self.actions.log("rolled-back-to-replaced-job", job=replaced, replacement=resource.physical_id)
        return self._after_start(resource, replaced, arn)
