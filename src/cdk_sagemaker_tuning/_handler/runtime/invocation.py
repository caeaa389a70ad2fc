"""One invocation of the function for one custom-resource event: read it, let the resource decide, answer.

``Invocation.run(handler)`` is the shell every custom resource of the function shares:

- the event is read (``CfnEvent``), then by the resource handler (its typed properties); an event neither
  can read is answered FAILED with the physical id CloudFormation sent (or one that names nothing), so
  nothing is touched;
- the handler decides an ``Outcome``: an ``Answer``, or ``Pending`` when it must go on waiting and this
  invocation has no time left: the runtime then re-invokes the function asynchronously with the event and
  a small continuation state (``continuation``);
- one policy for unexpected errors: whatever the handler raises, CloudFormation gets an answer (the
  handler's ``fail``, which cleans up what the event started); the log gets where it happened, never
  what the error said (it may hold request values);
- one answer path: the answer, its reason redacted by the handler, is PUT to the ResponseURL
  (``response``). The invocation raises, so that Lambda retries it, only when that answer cannot be
  delivered, or when it cannot tell whether Lambda queued its hand-over (an answer now could contradict
  the queued chain's).

Never logged: the event, its properties, the ResponseURL (a credential), an error's message.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from . import response
from .budget import Costs, EventBudget
from .continuation import Continuation, next_payload
from .events import Answer, CfnEvent, HandlerError, Outcome, Pending

logger = logging.getLogger("cdk_sagemaker_tuning")

_LAMBDA_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 3},
    connect_timeout=5,
    read_timeout=10,
    user_agent_extra="cdk-sagemaker-tuning",
)

R = TypeVar("R")
T = TypeVar("T", bound=Answer | Pending)


class AnswerNotDelivered(Exception):
    """Raised out of the handler so that Lambda retries the invocation: CloudFormation got no answer."""


class HandOverUncertain(Exception):
    """Raised out of the handler so that Lambda retries the invocation: whether the next one was queued
    is unknown, and answering now could contradict it."""


class ResourceHandler(Protocol[R]):
    """A custom resource plugged into the runtime: what it reads, decides and answers."""

    def read(self, event: CfnEvent) -> R:
        """The resource's own view of the event (its typed properties). :raises HandlerError: unreadable."""
        ...

    def decide(self, resource: R) -> Outcome:
        """What to answer, or ``Pending`` to go on waiting in the next invocation."""
        ...

    def fail(self, resource: R, reason: str) -> Answer:
        """A FAILED answer for an error the handler did not expect, after cleaning up what this event started."""
        ...

    def hand_over_refused(self, resource: R, pending: Pending, error_code: str) -> Answer:
        """The answer when Lambda refused the next invocation (nothing was queued): this one answers now."""
        ...

    def redact(self, reason: str) -> str:
        """The reason with every value the event holds in secret masked."""
        ...


def _was_refused(error: Exception) -> bool:
    """Whether Lambda answered the Invoke call with a refusal (4xx), so that nothing was queued."""
    if not isinstance(error, ClientError):
        return False
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return isinstance(status, int) and 400 <= status < 500


def unreadable_physical_id(event: Mapping[str, Any]) -> str:
    """The physical id for an event that cannot be served: the one it carries, or one that names nothing."""
    return str(event.get("PhysicalResourceId") or "unreadable-event:" + str(event.get("RequestId", "")))


@dataclass
class Invocation(Generic[R]):
    """One invocation of the function for one event: its clock, budget, state and the answer's path."""

    event: dict[str, Any]
    context: Any
    state: Continuation
    budget: EventBudget
    costs: Costs
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    lambda_client: Callable[[], Any] = lambda: boto3.client("lambda", config=_LAMBDA_CONFIG)
    #: The event's common parts, once read.
    cfn: CfnEvent | None = field(default=None)

    @classmethod
    def begin(cls, event: dict[str, Any], context: Any, costs: Costs) -> Invocation[Any]:
        """The invocation of ``event`` now: its continuation state (if any) and its budget."""
        now = time.time()
        state = Continuation.from_event(event) or Continuation(first_invocation=now)
        return cls(
            event=event,
            context=context,
            state=state,
            budget=EventBudget.of(event, state.first_invocation, costs),
            costs=costs,
        )

    # -- the shell ----------------------------------------------------------------------------------------

    def run(self, handler: ResourceHandler[R]) -> None:
        """Serve the event with ``handler``: it answers CloudFormation, or hands over to a next invocation.

        :raises AnswerNotDelivered: the ResponseURL did not take the answer (Lambda retries).
        :raises HandOverUncertain: Lambda may or may not have queued the next invocation (Lambda retries).
        """
        try:
            self.cfn = CfnEvent.from_cfn(self.event)
            resource = handler.read(self.cfn)
        except (HandlerError, KeyError) as error:
            reason = str(error) if isinstance(error, HandlerError) else f"the event has no {error}"
            logger.error("unreadable-event", extra={"decision": "unreadable-event"})
            self.answer(Answer.failed(unreadable_physical_id(self.event), reason))
            return
        self.log(
            "received",
            invocation=self.state.invocation,
            waiting_for=self.state.job,
            budget_seconds_left=round(self.budget.deadline - self.clock()),
        )
        outcome = self._guarded(handler, resource, lambda: handler.decide(resource))
        if isinstance(outcome, Pending):
            refused = self.hand_over(outcome)
            if refused is None:
                return
            pending = outcome
            self.answer(
                self._guarded(
                    handler, resource, lambda: handler.hand_over_refused(resource, pending, refused)
                ),
                handler.redact,
            )
            return
        self.answer(outcome, handler.redact)

    def _guarded(self, handler: ResourceHandler[R], resource: R, decide: Callable[[], T]) -> T | Answer:
        """The one policy for unexpected errors: whatever went wrong, CloudFormation gets an answer."""
        try:
            return decide()
        except Exception as error:
            # The message of an unexpected error may hold anything; log where it happened, not what it said.
            self.log(
                "unexpected-error",
                level=logging.ERROR,
                error_type=type(error).__name__,
                where="".join(traceback.format_tb(error.__traceback__)),
            )
            reason = (
                f"Internal error in the tuning-job handler ({type(error).__name__}); see log stream "
                f"{self.log_stream()}."
            )
            try:
                return handler.fail(resource, reason)
            except Exception as cleanup:  # even the clean-up failed: still an answer
                self.log(
                    "unexpected-error-in-cleanup", level=logging.ERROR, error_type=type(cleanup).__name__
                )
                return Answer.failed(unreadable_physical_id(self.event), reason)

    def answer(self, answer: Answer, redact: Callable[[str], str] = lambda reason: reason) -> None:
        """PUT ``answer`` to the event's ResponseURL: the one way any resource answers CloudFormation.

        :raises AnswerNotDelivered: every attempt failed; Lambda retries the invocation.
        """
        try:
            response.send_answer(
                self.event,
                answer,
                log_stream_name=getattr(self.context, "log_stream_name", None),
                redact=redact,
            )
        except response.ResponseNotDelivered as error:
            self.log("answer-not-delivered", level=logging.ERROR, status=answer.status)
            raise AnswerNotDelivered(str(error)) from None
        self.log("answered", status=answer.status, physical_id=answer.physical_id)

    def hand_over(self, pending: Pending) -> str | None:
        """Re-invoke this function asynchronously to go on waiting: ``None`` once handed over, else the
        error code of Lambda's refusal.

        When Lambda refused the invocation (an answer, 4xx: nothing was queued), this invocation answers
        now. When the outcome is unknown (a server error or no answer: Lambda may have
        queued it), it must not answer: a queued chain would answer too, perhaps differently. It raises
        instead, and Lambda retries this invocation, which hands over again; every chain decides from the
        event and the resource's state, so they all answer the same.

        :raises HandOverUncertain: Lambda may or may not have queued the next invocation.
        """
        state = Continuation(self.state.first_invocation, pending.waiting_for, self.state.invocation)
        payload = json.dumps(next_payload(self.event, state)).encode()
        try:
            self.lambda_client().invoke(
                FunctionName=self.context.invoked_function_arn, InvocationType="Event", Payload=payload
            )
        except (ClientError, BotoCoreError) as error:
            code = error.response.get("Error", {}).get("Code") if isinstance(error, ClientError) else None
            if not _was_refused(error):
                self.log("hand-over-uncertain", level=logging.ERROR, job=pending.waiting_for, error_code=code)
                raise HandOverUncertain(code or type(error).__name__) from None
            self.log("hand-over-failed", level=logging.ERROR, job=pending.waiting_for, error_code=code)
            return code or type(error).__name__
        self.log("handed-over", job=pending.waiting_for, next_invocation=self.state.invocation + 1)
        return None

    # -- services for the resource handlers ----------------------------------------------------------------

    def remaining_millis(self) -> int:
        return int(self.context.get_remaining_time_in_millis())

    def log_stream(self) -> str:
        return str(getattr(self.context, "log_stream_name", "") or "this function's log")

    def log(self, decision: str, *, level: int = logging.INFO, **fields: Any) -> None:
        """One line per decision; with Lambda's JSON log format, ``extra`` fields become JSON keys."""
        identity = self.cfn.identity() if self.cfn is not None else {}
        logger.log(level, decision, extra={"decision": decision, **identity, **fields})
