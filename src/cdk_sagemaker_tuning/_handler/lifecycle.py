"""What the tuning job handler decides, as pure functions of the CloudFormation event and SageMaker's
answers: the tuning job's view of the event here (the answer is the runtime's, ``runtime.events``), each
kind of event's decisions in its own module (``create_plan``, ``update_plan``, ``completion_check``,
``delete_plan``).

Nothing here calls AWS: the steps (``create_steps``, ``wait_steps``, ``delete_steps``) ask SageMaker, hands the answers to these functions and carries out
what they return. That keeps every decision testable without mocks, and makes every decision a function
of the event and SageMaker's state: a duplicate delivery of an event, or Lambda's retry of an invocation,
decides the same again.

SageMaker has no idempotency token for CreateHyperParameterTuningJob, so the tags the handler writes on
every job it creates (``contract.RESERVED_TAG_KEYS``) are how a later event recognises it: the RequestId
of the create that started it (a retried create adopts its own job, never someone else's), a digest of the
request it was created from (a rolled-back update leaves it alone), the job a replacing update replaced (a
rollback returns to that job instead of starting a third) and the stack that owns it (the handler, and
IAM, never stop, delete or retag a job of another stack).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import contract
from .runtime.events import Answer, CfnEvent, HandlerError, RequestType

__all__ = ["Answer", "HandlerError", "ResourceEvent"]


@dataclass(frozen=True)
class ResourceEvent:
    """The parts of a tuning job resource's event that the handler uses (``contract.TuningJobProperties``)."""

    request_type: RequestType
    request_id: str
    stack_id: str
    logical_id: str
    physical_id: str | None
    request: Mapping[str, Any]
    old_request: Mapping[str, Any] | None = None
    wait_for_completion: bool = False
    delete_job_record: bool = False
    old_wait_for_completion: bool = False
    name_prefix: str | None = None
    #: What the resource keeps on purpose (``contract.RETAIN_ON_DELETE``, ``RETAIN_ON_REPLACE``).
    retain: frozenset[str] = frozenset()
    #: ``TuningJobWait.for_completion``: the logical id of the job's WaitConditionHandle and its timeout.
    wait_handle_id: str | None = None
    wait_timeout_seconds: int | None = None

    @classmethod
    def from_cfn(cls, event: Mapping[str, Any]) -> ResourceEvent:
        """The tuning job's view of a raw event. :raises HandlerError: the event cannot be read."""
        return cls.of(CfnEvent.from_cfn(event))

    @classmethod
    def of(cls, event: CfnEvent) -> ResourceEvent:
        """The tuning job's view of an event the runtime read. :raises HandlerError: a property is unreadable."""
        try:
            properties = contract.TuningJobProperties.from_cfn(
                event.properties, request_required=event.request_type != "Delete"
            )
            old = contract.TuningJobProperties.from_cfn(event.old_properties, request_required=False)
        except contract.PropertyError as error:
            raise HandlerError(str(error)) from None
        return cls(
            request_type=event.request_type,
            request_id=event.request_id,
            stack_id=event.stack_id,
            logical_id=event.logical_id,
            physical_id=event.physical_id,
            request=properties.request,
            old_request=old.request
            if isinstance(event.old_properties.get(contract.PROP_REQUEST), Mapping)
            else None,
            wait_for_completion=properties.wait_for_completion,
            delete_job_record=properties.delete_job_record,
            old_wait_for_completion=old.wait_for_completion,
            retain=properties.retain,
            wait_handle_id=properties.wait_handle_id,
            wait_timeout_seconds=properties.wait_timeout_seconds,
            name_prefix=properties.name_prefix,
        )
