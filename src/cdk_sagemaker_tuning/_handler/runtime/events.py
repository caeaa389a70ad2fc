"""The event CloudFormation sends a custom resource, and the answer the handler gives it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

#: CloudFormation's three request types.
RequestType = Literal["Create", "Update", "Delete"]
#: The two statuses of an answer.
Status = Literal["SUCCESS", "FAILED"]


class HandlerError(Exception):
    """A failure answered to CloudFormation as the resource's FAILED reason: say what to do."""


@dataclass(frozen=True)
class Answer:
    """What the handler answers CloudFormation for one event."""

    status: Status
    physical_id: str
    reason: str = ""
    data: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def success(cls, physical_id: str, data: Mapping[str, str] | None = None) -> Answer:
        return cls("SUCCESS", physical_id, "", dict(data or {}))

    @classmethod
    def failed(cls, physical_id: str, reason: str) -> Answer:
        return cls("FAILED", physical_id, reason)


@dataclass(frozen=True)
class Pending:
    """The resource is still being waited for and this invocation has no time left: hand over to the next.

    ``waiting_for`` is what the next invocation goes on waiting for (the runtime carries it, unread).
    """

    waiting_for: str

    @property
    def job(self) -> str:
        """The tuning job waited for: the tuning job handler's name for ``waiting_for``."""
        return self.waiting_for


#: What a resource handler decides for one invocation.
Outcome = Answer | Pending


@dataclass(frozen=True)
class CfnEvent:
    """The parts of every custom-resource event the runtime reads, whatever the resource."""

    request_type: RequestType
    request_id: str
    stack_id: str
    logical_id: str
    resource_type: str
    physical_id: str | None
    properties: Mapping[str, Any]
    old_properties: Mapping[str, Any]

    @classmethod
    def from_cfn(cls, event: Mapping[str, Any]) -> CfnEvent:
        """The event's common parts.

        :raises HandlerError: the request type is not one of CloudFormation's.
        :raises KeyError: an id CloudFormation always sends is missing.
        """
        request_type = event.get("RequestType")
        if request_type not in get_args(RequestType):
            raise HandlerError(f"RequestType must be Create, Update or Delete, got {request_type!r}")
        properties = event.get("ResourceProperties")
        old_properties = event.get("OldResourceProperties")
        return cls(
            request_type=cast(RequestType, request_type),
            request_id=str(event["RequestId"]),
            stack_id=str(event["StackId"]),
            logical_id=str(event["LogicalResourceId"]),
            resource_type=str(event.get("ResourceType", "")),
            physical_id=event.get("PhysicalResourceId"),
            properties=properties if isinstance(properties, Mapping) else {},
            old_properties=old_properties if isinstance(old_properties, Mapping) else {},
        )

    def identity(self) -> dict[str, str]:
        """What a log line says of the event: never the properties, nor the ResponseURL."""
        return {
            "request_type": self.request_type,
            "logical_id": self.logical_id,
            "request_id": self.request_id,
        }
