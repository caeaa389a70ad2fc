"""What the handler decides, as pure functions of the CloudFormation event and SageMaker's answers: the
event and the answer here, each kind of event's decisions in its own module (``create_plan``,
``update_plan``, ``completion_check``, ``delete_plan``).

Nothing here calls AWS: ``index`` asks SageMaker, hands the answers to these functions and carries out
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
from dataclasses import dataclass, field
from typing import Any

from . import contract


class HandlerError(Exception):
    """A failure answered to CloudFormation as the resource's FAILED reason: say what to do."""


# -- the answer -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What the handler answers CloudFormation for one event."""

    status: str  # "SUCCESS" or "FAILED"
    physical_id: str
    reason: str = ""
    data: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def success(cls, physical_id: str, data: Mapping[str, str] | None = None) -> Answer:
        return cls("SUCCESS", physical_id, "", dict(data or {}))

    @classmethod
    def failed(cls, physical_id: str, reason: str) -> Answer:
        return cls("FAILED", physical_id, reason)


# -- the event ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResourceEvent:
    """The parts of a CloudFormation custom-resource event that the handler uses."""

    request_type: str
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
        request_type = event.get("RequestType")
        if request_type not in ("Create", "Update", "Delete"):
            raise HandlerError(f"RequestType must be Create, Update or Delete, got {request_type!r}")
        properties = event.get("ResourceProperties") or {}
        request = properties.get(contract.PROP_REQUEST)
        if not isinstance(request, Mapping):
            if request_type != "Delete":
                raise HandlerError(
                    f"property '{contract.PROP_REQUEST}' must be the CreateHyperParameterTuningJob request as an object, "
                    f"got {type(request).__name__}"
                )
            request = {}
        old_properties = event.get("OldResourceProperties") or {}
        old_request = old_properties.get(contract.PROP_REQUEST)
        return cls(
            request_type=request_type,
            request_id=str(event["RequestId"]),
            stack_id=str(event["StackId"]),
            logical_id=str(event["LogicalResourceId"]),
            physical_id=event.get("PhysicalResourceId"),
            request=request,
            old_request=old_request if isinstance(old_request, Mapping) else None,
            wait_for_completion=_flag(properties.get(contract.PROP_WAIT_FOR_COMPLETION)),
            delete_job_record=_flag(properties.get(contract.PROP_DELETE_JOB_RECORD)),
            old_wait_for_completion=_flag(old_properties.get(contract.PROP_WAIT_FOR_COMPLETION)),
            retain=_retained(properties.get(contract.PROP_RETAIN)),
            wait_handle_id=str(properties[contract.PROP_WAIT_HANDLE_ID])
            if properties.get(contract.PROP_WAIT_HANDLE_ID)
            else None,
            wait_timeout_seconds=_seconds(properties.get(contract.PROP_WAIT_TIMEOUT)),
            name_prefix=str(properties[contract.PROP_NAME_PREFIX])
            if properties.get(contract.PROP_NAME_PREFIX)
            else None,
        )


def _seconds(value: Any) -> int | None:
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        raise HandlerError(
            f"property '{contract.PROP_WAIT_TIMEOUT}' must be a whole number of seconds, got {value!r}"
        ) from None


def _retained(value: Any) -> frozenset[str]:
    """``PROP_RETAIN``'s value as a set; ``"true"`` (a boolean flag) keeps the job on both occasions."""
    if value is None or str(value).strip() == "":
        return frozenset()
    if _flag(value):
        return frozenset({contract.RETAIN_ON_DELETE, contract.RETAIN_ON_REPLACE})
    return frozenset(part.strip() for part in str(value).split(",") if part.strip())


def _flag(value: Any) -> bool:
    # CloudFormation stringifies booleans; the construct writes "true" and omits the property otherwise.
    return str(value).strip().lower() == contract.TRUE
