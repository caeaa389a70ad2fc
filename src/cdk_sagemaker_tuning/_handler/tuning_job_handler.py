"""The tuning job resource (``contract.RESOURCE_TYPE``) as a handler of the custom-resource runtime.

Create starts the job (or adopts the one this very event started), Update replaces it or retags it,
Delete stops it; with ``TuningJobWait.within_event()`` a create or replacing update answers once the job
has completed. The steps are ``create_steps``, ``wait_steps`` and ``delete_steps``, composed over one
``JobActions``; the decisions are the pure ``*_plan`` modules'. The runtime (``runtime``) reads the event,
guards against unexpected errors, hands over to a next invocation and answers.

Properties: ``contract.TuningJobProperties``. The physical id is the job's name. ``RemovalPolicy.RETAIN``
needs nothing here: CloudFormation then sends no Delete event at all.

Every decision is a function of the event and SageMaker's state, so a duplicate delivery or Lambda's
retry of an invocation (a crash anywhere) never starts a second job nor answers a different outcome.

Ownership: every job carries ``contract.STACK_TAG`` naming its stack. The handler never stops, deletes or
retags a job without it (IAM enforces the same): a physical id can name any job of the account (a fixed
name, a job adopted by hand), and a stack's delete must not stop another stack's or a person's job.

What is logged: one structured line per decision (names, statuses, error codes, counts). Never the
request, the event, the ResponseURL (a credential), nor SageMaker's error message (it may echo request
values such as Environment): that message goes only to the FAILED reason, which CloudFormation shows to
whoever may read the stack, with every Environment and StaticHyperParameters value masked (``redaction``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from . import cloudformation_api, contract, redaction, sagemaker_api
from .create_steps import CreateSteps
from .delete_steps import DeleteSteps
from .job_actions import JobActions
from .lifecycle import ResourceEvent
from .runtime.budget import Costs
from .runtime.events import Answer, CfnEvent, Outcome, Pending
from .runtime.invocation import Invocation
from .wait_steps import CompletionAwait

logger = logging.getLogger("cdk_sagemaker_tuning")

#: What the tuning job's SageMaker calls may take, for the runtime's budget: botocore's worst case per call
#: (``sagemaker_api.worst_case_call_seconds``); a polling step makes at most 4 calls (a completion step:
#: Describe, then DescribeTrainingJob of the best training job; a delete step: Describe, ListTags, Stop or
#: Delete, Describe again), and 2 follow the budget's end (ListTags to learn who started the job, Stop).
COSTS: Final = Costs(
    call_seconds=float(sagemaker_api.worst_case_call_seconds()), calls_per_step=4, calls_after_budget=2
)

#: The most SageMaker calls one invocation makes before its first poll: a replacing update that is not a
#: rollback describes and lists the tags of the current job, then of the job it replaced, then creates the
#: new job and, when the create was a retry, describes it and lists its tags to adopt it (7). At
#: sagemaker_api.worst_case_call_seconds each (115 s) that is 805 s, within the function's timeout
#: (contract.FUNCTION_TIMEOUT_SECONDS) with room for the answer; polling then checks the remaining time
#: before every step (budget.invocation_has_room). Describing again a job not yet visible after a
#: ResourceInUse (create_steps._describe_new_job) follows quick not-found answers, so it adds only its
#: back-off (6 s); so do the Create attempts IAM refuses while a new role propagates
#: (create_steps.ACCESS_DENIED_BACKOFF_SECONDS).
MAX_SAGEMAKER_CALLS_PER_EVENT: Final = 7


def _stack_status(stack_id: str) -> str | None:
    """The stack's status, or ``None`` when it cannot be read (the caller then decides without it)."""
    try:
        return cloudformation_api.default_api().stack_status(stack_id)
    except cloudformation_api.CloudFormationError as error:
        logger.warning(
            "stack-status-unknown", extra={"decision": "stack-status-unknown", "error_code": error.code}
        )
        return None


def _stack_resources(stack_id: str) -> list[cloudformation_api.StackResource]:
    return cloudformation_api.default_api().resources(stack_id)


@dataclass
class TuningJobHandler:
    """One tuning job resource's event, in one invocation."""

    invocation: Invocation[ResourceEvent]
    api: sagemaker_api.SageMakerApi
    stack_status: Callable[[str], str | None] = _stack_status
    stack_resources: Callable[[str], list[cloudformation_api.StackResource]] = _stack_resources
    actions: JobActions = field(init=False)
    creating: CreateSteps = field(init=False)
    deleting: DeleteSteps = field(init=False)

    def __post_init__(self) -> None:
        self.actions = JobActions(self.invocation, self.api, self.stack_status)
        self.creating = CreateSteps(self.actions, CompletionAwait(self.actions))
        self.deleting = DeleteSteps(self.actions, self.stack_resources)

    def read(self, event: CfnEvent) -> ResourceEvent:
        return ResourceEvent.of(event)

    def decide(self, resource: ResourceEvent) -> Outcome:
        if resource.request_type == "Create":
            return self.creating.create(resource)
        if resource.request_type == "Update":
            return self.creating.update(resource)
        return self.deleting.delete(resource)

    def fail(self, resource: ResourceEvent, reason: str) -> Answer:
        return self.actions.fail(resource, reason, job=self.actions.started_job)

    def hand_over_refused(self, resource: ResourceEvent, pending: Pending, error_code: str) -> Answer:
        reason = (
            f"The handler could not re-invoke itself to go on waiting for tuning job '{pending.job}' "
            f"({error_code}); see log stream {self.invocation.log_stream()}."
        )
        if resource.request_type == "Delete":
            return self.deleting.not_followed(resource, pending.job, reason)
        return self.actions.fail(resource, reason, job=pending.job)

    def redact(self, reason: str) -> str:
        """Masks the values of the event's requests, as CloudFormation delivered them."""
        event = self.invocation.event
        requests = [
            (event.get(key) or {}).get(contract.PROP_REQUEST)
            for key in ("ResourceProperties", "OldResourceProperties")
        ]
        secrets = redaction.secret_values(*(request for request in requests if isinstance(request, dict)))
        return redaction.redact(reason, secrets)


def serve(event: dict[str, Any], context: Any) -> None:
    """Serve one tuning job resource's event (a route of ``index``)."""
    invocation: Invocation[ResourceEvent] = Invocation.begin(event, context, COSTS)
    invocation.run(TuningJobHandler(invocation, sagemaker_api.default_api()))
