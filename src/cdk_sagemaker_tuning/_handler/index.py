"""The Lambda function behind every ``Custom::SageMakerHyperParameterTuningJob`` of a stack.

One function per stack answers CloudFormation itself (no CDK Provider framework): ``handler`` receives
the event, decides with ``lifecycle``, calls SageMaker through ``sagemaker_api`` and PUTs the answer to the
event's ResponseURL with ``cfn_response``. Properties (CloudFormation delivers every scalar as a string):

- ``Request``: the CreateHyperParameterTuningJob request, in the API's structure and casing.
- ``WaitForCompletion`` = ``"true"``: finish creating only once the job has completed, and return the
  best training job's name, objective value and model artifacts.
- ``DeleteJobRecord`` = ``"true"``: on delete, once the job has stopped, also delete its record.
- ``ServiceTimeout``: CloudFormation's own; the handler answers before it (``budget``).

The physical id is the job's name. ``RemovalPolicy.RETAIN`` needs nothing here: CloudFormation then sends
no Delete event at all.

Waiting (for completion, or for a stopped job on delete) polls SageMaker every
``contract.ENV_POLL_INTERVAL_SECONDS`` within one invocation while it has time, then re-invokes this same
function asynchronously with the event and a small continuation state (``continuation``). The budget counts
from the event (``budget``); when it runs out the handler answers anyway: FAILED after stopping a job this
event started, FAILED leaving alone a job it did not start, SUCCESS for a delete SageMaker is finishing.
Throttling or a server error that outlasts botocore's own retries only skips a poll; anything else
SageMaker refuses fails the event with SageMaker's words as the reason.

Every decision is a function of the event and SageMaker's state, so a duplicate delivery or Lambda's
retry of an invocation (a crash anywhere) never starts a second job nor answers a different outcome. The
handler answers every event, whatever fails; the invocation raises, so that Lambda retries it, only when
the answer itself cannot be delivered, or when it cannot tell whether Lambda queued its hand-over (an
answer now could contradict the queued chain's).

Ownership: every job carries ``contract.STACK_TAG`` naming its stack. The handler never stops, deletes or
retags a job without it (IAM enforces the same): a physical id can name any job of the account (a fixed
name, a job adopted by hand), and a stack's delete must not stop another stack's or a person's job.

What is logged: one structured line per decision (names, statuses, error codes, counts). Never the
request, the event, the ResponseURL (a credential), nor SageMaker's error message (it may echo request
values such as Environment): that message goes only to the FAILED reason, which CloudFormation shows to
whoever may read the stack, with every Environment and StaticHyperParameters value masked (``redaction``).
"""

from __future__ import annotations

import json
import logging
import os
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from . import (
    cfn_response,
    cloudformation_api,
    contract,
    create_plan,
    delete_plan,
    reconcile,
    redaction,
    sagemaker_api,
    watch,
)
from .budget import EventBudget
from .continuation import Continuation, next_payload
from .create_steps import CreateSteps
from .delete_plan import DeleteStep
from .lifecycle import Answer, HandlerError, ResourceEvent
from .steps import Outcome, Pending
from .wait_steps import WaitSteps

logger = logging.getLogger("cdk_sagemaker_tuning")
# Decisions are INFO lines; Lambda's application log level, when set, decides what is kept.
logger.setLevel(os.environ.get("AWS_LAMBDA_LOG_LEVEL", "INFO").upper())
# botocore logs whole request bodies (Environment, StaticHyperParameters) at DEBUG: whatever level the
# function runs at, the AWS libraries say no more than warnings.
for _library in ("boto3", "botocore", "urllib3", "s3transfer"):
    logging.getLogger(_library).setLevel(logging.WARNING)

#: The most SageMaker calls one invocation makes before its first poll: a replacing update that is not a
#: rollback describes and lists the tags of the current job, then of the job it replaced, then creates the
#: new job and, when the create was a retry, describes it and lists its tags to adopt it (7). At
#: sagemaker_api.worst_case_call_seconds each (115 s) that is 805 s, within the function's timeout
#: (contract.FUNCTION_TIMEOUT_SECONDS) with room for the answer; polling then checks the remaining time
#: before every step (budget.invocation_has_room). Describing again a job not yet visible after a
#: ResourceInUse (_describe_new_job) follows quick not-found answers, so it adds only its back-off (6 s);
#: so do the Create attempts IAM refuses while a new role propagates (create_steps.ACCESS_DENIED_BACKOFF_SECONDS).
MAX_SAGEMAKER_CALLS_PER_EVENT: Final = 7

_LAMBDA_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 3},
    connect_timeout=5,
    read_timeout=10,
    user_agent_extra="cdk-sagemaker-tuning",
)


class AnswerNotDelivered(Exception):
    """Raised out of the handler so that Lambda retries the invocation: CloudFormation got no answer."""


class HandOverUncertain(Exception):
    """Raised out of the handler so that Lambda retries the invocation: whether the next one was queued
    is unknown, and answering now could contradict it."""


def _was_refused(error: Exception) -> bool:
    """Whether Lambda answered the Invoke call with a refusal (4xx), so that nothing was queued."""
    if not isinstance(error, ClientError):
        return False
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return isinstance(status, int) and 400 <= status < 500


def _stack_status(stack_id: str) -> str | None:
    """The stack's status, or ``None`` when it cannot be read (the caller then decides without it)."""
    try:
        return cloudformation_api.default_api().stack_status(stack_id)
    except cloudformation_api.CloudFormationError as error:
        logger.warning(
            "stack-status-unknown", extra={"decision": "stack-status-unknown", "error_code": error.code}
        )
        return None


def handler(event: dict[str, Any], context: Any) -> None:
    """Lambda's entry point (``_handler.index.handler``): the first route that takes the event serves it.

    The stack's reconciler and its rule on tuning jobs' state changes go to ``reconcile``; an event of
    another stack is refused (``foreign_stack``) before any resource sees it; the completion wait's results
    resource (and the watch resources and rules of stacks deployed by earlier versions) go to ``watch``;
    every other event is a tuning job resource's (``Invocation``).
    """
    own_stack = os.environ.get(contract.ENV_STACK_ID)
    for takes, serve in ROUTES:
        if takes(event, own_stack):
            serve(event, context, own_stack)
            return


Route = tuple[Callable[[dict[str, Any], str | None], bool], Callable[[dict[str, Any], Any, str | None], None]]


def _reconcile(event: dict[str, Any], context: Any, own_stack: str | None) -> None:
    if not own_stack:
        logger.error("no-stack-id", extra={"decision": "no-stack-id"})
        return
    reconciler = reconcile.Reconciler(
        own_stack, sagemaker_api.default_api(), cloudformation_api.default_api()
    )
    if reconcile.is_reconcile(event):
        reconciler.reconcile()
    else:
        reconciler.state_change(event)


def _refuse_foreign(event: dict[str, Any], context: Any, own_stack: str | None) -> None:
    logger.error("foreign-stack", extra={"decision": "foreign-stack"})
    if event.get("ResponseURL"):
        body = cfn_response.response_body(
            event,
            status="FAILED",
            physical_id=str(foreign_stack(event, own_stack)),
            reason="This function serves only the stack it belongs to; the event came from another stack.",
            data={},
            log_stream_name=getattr(context, "log_stream_name", None),
        )
        cfn_response.send(str(event["ResponseURL"]), body)


def _watch(event: dict[str, Any], context: Any, own_stack: str | None) -> None:
    stream = getattr(context, "log_stream_name", None)
    watch.Watcher(sagemaker_api.default_api(), log_stream=stream).handle(event)


def _tuning_job(event: dict[str, Any], context: Any, own_stack: str | None) -> None:
    Invocation.begin(event, context).run()


#: The dispatch table, in order: who serves which invocation.
ROUTES: tuple[Route, ...] = (
    (lambda event, _: reconcile.is_reconcile(event) or reconcile.is_state_change(event), _reconcile),
    (lambda event, own_stack: foreign_stack(event, own_stack) is not None, _refuse_foreign),
    (lambda event, _: watch.handles(event), _watch),
    (lambda event, _: True, _tuning_job),
)


def foreign_stack(event: dict[str, Any], own_stack: str | None) -> str | None:
    """The physical id to refuse ``event`` with when it comes from another stack than the function's own.

    Whoever may invoke the function may act as it: a stack that borrowed its ARN as a ServiceToken, or a
    hand-made event, must not start or stop jobs here. A Delete echoes its physical id; anything else gets
    an id that is no job name, so that the Delete that follows touches nothing.
    """
    stack = event.get("StackId")
    if not own_stack or stack is None or stack == own_stack:
        return None
    physical = event.get("PhysicalResourceId")
    return str(physical) if physical else f"foreign-stack:{event.get('RequestId', '')}"


@dataclass
class Invocation(CreateSteps, WaitSteps):
    """One invocation of the function for one event: its clock, budget and the calls it makes."""

    event: dict[str, Any]
    context: Any
    state: Continuation
    budget: EventBudget
    api: sagemaker_api.SageMakerApi
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    lambda_client: Callable[[], Any] = lambda: boto3.client("lambda", config=_LAMBDA_CONFIG)
    stack_status: Callable[[str], str | None] = lambda stack_id: _stack_status(stack_id)
    #: The job this invocation created (or adopted), so any later failure answers with its name.
    started_job: str | None = None

    @classmethod
    def begin(cls, event: dict[str, Any], context: Any) -> Invocation:
        now = time.time()
        state = Continuation.from_event(event) or Continuation(first_invocation=now)
        return cls(
            event=event,
            context=context,
            state=state,
            budget=EventBudget.of(event, state.first_invocation),
            api=sagemaker_api.default_api(),
        )

    # -- the shell ----------------------------------------------------------------------------------------

    def run(self) -> None:
        try:
            resource = ResourceEvent.from_cfn(self.event)
        except (HandlerError, KeyError) as error:
            # An event this handler cannot read: answer with the physical id CloudFormation sent (or one that
            # is not a job name), so nothing is touched.
            reason = str(error) if isinstance(error, HandlerError) else f"the event has no {error}"
            physical = self.event.get("PhysicalResourceId") or "unreadable-event:" + str(
                self.event.get("RequestId", "")
            )
            logger.error("unreadable-event", extra={"decision": "unreadable-event"})
            self._answer(None, Answer.failed(str(physical), reason))
            return
        self._log(
            "received",
            resource,
            invocation=self.state.invocation,
            waiting_for=self.state.job,
            budget_seconds_left=round(self.budget.deadline - self.clock()),
        )
        try:
            outcome = self._decide(resource)
        except Exception as error:  # whatever went wrong, CloudFormation gets an answer
            outcome = self._unexpected(resource, error)
        if isinstance(outcome, Pending):
            failed_hand_over = self._hand_over(resource, outcome)
            if failed_hand_over is None:
                return
            outcome = failed_hand_over
        self._answer(resource, outcome)

    def _decide(self, resource: ResourceEvent) -> Outcome:
        if resource.request_type == "Create":
            return self._create(resource)
        if resource.request_type == "Update":
            return self._update(resource)
        return self._delete(resource)

    def _answer(self, resource: ResourceEvent | None, answer: Answer) -> None:
        body = cfn_response.response_body(
            self.event,
            status="SUCCESS" if answer.status == "SUCCESS" else "FAILED",
            physical_id=answer.physical_id,
            reason=redaction.redact(answer.reason, self._secret_values()),
            data=answer.data,
            log_stream_name=getattr(self.context, "log_stream_name", None),
        )
        try:
            cfn_response.send(str(self.event.get("ResponseURL", "")), body)
        except cfn_response.ResponseNotDelivered as error:
            self._log("answer-not-delivered", resource, level=logging.ERROR, status=answer.status)
            raise AnswerNotDelivered(str(error)) from None
        self._log("answered", resource, status=answer.status, physical_id=answer.physical_id)

    def _secret_values(self) -> list[str]:
        """The values no reason may show, from the event's requests as CloudFormation delivered them."""
        requests = [
            (self.event.get(key) or {}).get(contract.PROP_REQUEST)
            for key in ("ResourceProperties", "OldResourceProperties")
        ]
        return redaction.secret_values(*(request for request in requests if isinstance(request, dict)))

    def _hand_over(self, resource: ResourceEvent, pending: Pending) -> Answer | None:
        """Re-invoke this function asynchronously to go on waiting; ``None`` once handed over.

        When Lambda refused the invocation (an answer, 4xx: nothing was queued), this invocation answers
        now. When the outcome is unknown (a server error or no answer: Lambda may have queued it), it must
        not answer: a queued chain would answer too, perhaps differently. It raises instead, and Lambda
        retries this invocation, which hands over again; every chain decides from the event and
        SageMaker's state, so they all answer the same.

        :raises HandOverUncertain: Lambda may or may not have queued the next invocation.
        """
        state = Continuation(self.state.first_invocation, pending.job, self.state.invocation)
        payload = json.dumps(next_payload(self.event, state)).encode()
        try:
            self.lambda_client().invoke(
                FunctionName=self.context.invoked_function_arn, InvocationType="Event", Payload=payload
            )
        except (ClientError, BotoCoreError) as error:
            code = error.response.get("Error", {}).get("Code") if isinstance(error, ClientError) else None
            if not _was_refused(error):
                self._log(
                    "hand-over-uncertain", resource, level=logging.ERROR, job=pending.job, error_code=code
                )
                raise HandOverUncertain(code or type(error).__name__) from None
            self._log("hand-over-failed", resource, level=logging.ERROR, job=pending.job, error_code=code)
            reason = (
                f"The handler could not re-invoke itself to go on waiting for tuning job '{pending.job}' "
                f"({code or type(error).__name__}); see log stream {self._log_stream()}."
            )
            if resource.request_type == "Delete":
                return self._delete_not_followed(resource, pending.job, reason)
            return self._fail(resource, reason, job=pending.job)
        self._log("handed-over", resource, job=pending.job, next_invocation=self.state.invocation + 1)
        return None

    def _delete_not_followed(self, resource: ResourceEvent, job: str, reason: str) -> Answer:
        """A delete that cannot go on waiting: the job is asked to stop (if no step of this event did yet:
        an invocation may hand over before its first step), then SageMaker finishes that on its own."""
        try:
            description = self.api.describe_tuning_job(job)
            if description is not None and description.get("HyperParameterTuningJobStatus") == "InProgress":
                self._stop(resource, job)
        except sagemaker_api.SageMakerError as error:
            return self._sagemaker_failure(resource, error, job=None)
        return delete_plan.delete_not_followed(job, resource.delete_job_record, reason)

    def _unexpected(self, resource: ResourceEvent, error: Exception) -> Answer:
        # The message of an unexpected error may hold anything; log where it happened, not what it said.
        self._log(
            "unexpected-error",
            resource,
            level=logging.ERROR,
            error_type=type(error).__name__,
            where="".join(traceback.format_tb(error.__traceback__)),
        )
        return self._fail(
            resource,
            f"Internal error in the tuning-job handler ({type(error).__name__}); see log stream "
            f"{self._log_stream()}.",
            job=self.started_job,
        )

    def _fail(self, resource: ResourceEvent, reason: str, job: str | None = None) -> Answer:
        """FAILED, without leaving running a job this event started.

        A create answers with the job's name, so the rollback's Delete finds it; an update answers the
        physical id it received (the update did not happen) after stopping the job it had started.
        """
        if job is not None:
            try:
                self._stop_if_started_by_event(resource, job)
            except sagemaker_api.SageMakerError as error:
                self._log("stop-failed", resource, level=logging.ERROR, job=job, error_code=error.code)
        if resource.request_type == "Create":
            physical = job or create_plan.failed_create_physical_id(resource)
        else:
            physical = resource.physical_id or create_plan.failed_create_physical_id(resource)
        return Answer.failed(physical, reason)

    def _stop_if_started_by_event(self, resource: ResourceEvent, job: str) -> bool:
        description = self.api.describe_tuning_job(job)
        if description is None or description.get("HyperParameterTuningJobStatus") != "InProgress":
            return False
        tags = self.api.list_tags(description["HyperParameterTuningJobArn"])
        if not create_plan.started_by(resource, tags):
            self._log("left-running", resource, job=job, reason="not started by this event")
            return False
        self._stop(resource, job)
        return True

    def _stop(self, resource: ResourceEvent, job: str) -> None:
        try:
            self.api.stop_tuning_job(job)
        except sagemaker_api.SageMakerError as error:
            # The job may have ended between Describe and Stop; only a job that still runs is an error.
            if error.is_not_found:
                return
            after = self.api.describe_tuning_job(job)
            if after is not None and after.get("HyperParameterTuningJobStatus") == "InProgress":
                raise
        self._log("stopped", resource, job=job)

    def _sagemaker_failure(
        self, resource: ResourceEvent, error: sagemaker_api.SageMakerError, job: str | None
    ) -> Answer:
        # SageMaker's message may echo request values: it goes to the reason, the log gets the code only.
        self._log(
            "sagemaker-refused",
            resource,
            level=logging.ERROR,
            operation=error.operation,
            error_code=error.code,
        )
        return self._fail(resource, str(error), job=job)

    # -- delete -------------------------------------------------------------------------------------------

    def _delete(self, resource: ResourceEvent) -> Outcome:
        name = resource.physical_id
        if name is None or not delete_plan.is_job_name_of_ours(name):
            self._log("not-a-job-name", resource, reason="physical id is not a tuning job name")
            return self._delete_unknown(resource, name or create_plan.failed_create_physical_id(resource))
        try:
            description = self.api.describe_tuning_job(name)
            if description is None:
                self._log("delete-missing", resource, job=name)
                return self._delete_unknown(resource, name)
            if not create_plan.is_owned(
                resource, self.api.list_tags(description["HyperParameterTuningJobArn"])
            ):
                # Not this stack's job (another stack's, a person's, or one created before the ownership
                # tag existed): a delete must not stop it, and IAM would refuse anyway.
                self._log("not-owned", resource, job=name, action="left untouched")
                return Answer.success(name)
        except sagemaker_api.SageMakerError as error:
            return self._sagemaker_failure(resource, error, job=None)

        def step() -> Answer | None:
            description = self.api.describe_tuning_job(name)
            try:
                delete_step = delete_plan.delete_step(description, resource.delete_job_record)
            except HandlerError as error:
                return Answer.failed(name, str(error))
            self._log(f"delete-{delete_step.value}", resource, job=name)
            if delete_step is DeleteStep.DONE:
                return Answer.success(name)
            if delete_step is DeleteStep.STOP:
                self._stop(resource, name)
            elif delete_step is DeleteStep.DELETE_RECORD:
                self._delete_record(resource, name)
            return None

        def out_of_budget() -> Answer:
            self._log(
                "delete-out-of-budget", resource, job=name, delete_job_record=resource.delete_job_record
            )
            return delete_plan.delete_out_of_budget(name, resource.delete_job_record, self.budget.seconds)

        try:
            return self._poll(resource, name, step, out_of_budget)
        except sagemaker_api.SageMakerError as error:
            return self._sagemaker_failure(resource, error, job=None)

    def _delete_unknown(self, resource: ResourceEvent, physical_id: str) -> Answer:
        """A Delete whose physical id names no job: stop any job a cancelled create of it started.

        The physical id may be one CloudFormation made up for a create it cancelled while that create was
        still running (another resource failed): the job it started is found by its tags. Stopping is
        asked, not awaited: SageMaker finishes it on its own, and the stack's reconciler looks again.
        """
        live = self._live_jobs(resource)
        try:
            for job in self.api.list_running_jobs(create_plan.search_term(resource)):
                if job in live:
                    continue  # another resource's job (the stack's own resources tell, where tags cannot)
                description = self.api.describe_tuning_job(job)
                if description is None or description.get("HyperParameterTuningJobStatus") != "InProgress":
                    continue
                tags = self.api.list_tags(description["HyperParameterTuningJobArn"])
                if create_plan.is_cancelled_creates_job(resource, tags):
                    self._log("cancelled-create-job", resource, job=job, action="stop")
                    self._stop(resource, job)
        except sagemaker_api.SageMakerError as error:
            return self._sagemaker_failure(resource, error, job=None)
        self._log("nothing-to-delete", resource)
        return Answer.success(physical_id)

    def _live_jobs(self, resource: ResourceEvent) -> set[str]:
        """The jobs the stack's tuning job resources hold now; empty when the stack cannot be read."""
        try:
            return reconcile.live_jobs(cloudformation_api.default_api().resources(resource.stack_id))
        except cloudformation_api.CloudFormationError as error:
            self._log("stack-resources-unknown", resource, level=logging.WARNING, error_code=error.code)
            return set()

    def _delete_record(self, resource: ResourceEvent, name: str) -> None:
        try:
            self.api.delete_tuning_job(name)
        except sagemaker_api.SageMakerError as error:
            if not delete_plan.refused_delete_is_progress(self.api.describe_tuning_job(name)):
                raise
            self._log("delete-record-already-under-way", resource, job=name, error_code=error.code)

    # -- logging ------------------------------------------------------------------------------------------

    def _log_stream(self) -> str:
        return str(getattr(self.context, "log_stream_name", "") or "this function's log")

    def _log(
        self, decision: str, resource: ResourceEvent | None, *, level: int = logging.INFO, **fields: Any
    ) -> None:
        """One line per decision; with Lambda's JSON log format, ``extra`` fields become JSON keys."""
        identity = (
            {
                "request_type": resource.request_type,
                "logical_id": resource.logical_id,
                "request_id": resource.request_id,
            }
            if resource is not None
            else {}
        )
        logger.log(level, decision, extra={"decision": decision, **identity, **fields})
