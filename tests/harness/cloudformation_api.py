"""CloudFormation's read API on loopback: the stack's status and resources, as a scenario sets them.

The handler reads its stack with ``DescribeStacks``, ``ListStackResources`` and ``DescribeStackResources``
(botocore reaches this server through ``AWS_ENDPOINT_URL_CLOUDFORMATION``). CloudFormation's query
protocol: a form-encoded POST with ``Action=...``, an XML answer. Only the handler's own stack exists here;
asking for any other answers ``ValidationError`` as CloudFormation does. ``from_template`` fills the
resources from a synthesized template's ``Resources``.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from xml.sax.saxutils import escape

from tests.harness.loopback import LoopbackServer

_NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/"


@dataclass
class Resource:
    resource_type: str
    physical_id: str | None = None
    status: str = "CREATE_COMPLETE"
    updated: float = field(default_factory=time.time)


class CloudFormationApi(LoopbackServer):
    """One stack's status and resources, served on 127.0.0.1; one per session, ``reset()`` per test."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.stack_id = ""
        self.status = "CREATE_COMPLETE"
        self.resources: dict[str, Resource] = {}
        #: Calls by action (for a scenario's THEN).
        self.calls: Counter[str] = Counter()
        api = self

        class _Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
                params = {key: values[0] for key, values in urllib.parse.parse_qs(body).items()}
                status, answer = api._answer(params)
                payload = answer.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *_: Any) -> None:
                """Quiet."""

        super().__init__(_Handler)

    def reset(self, stack_id: str) -> None:
        with self._lock:
            self.stack_id = stack_id
            self.status = "CREATE_COMPLETE"
            self.resources = {}
            self.calls.clear()

    # -- what a scenario sets up ---------------------------------------------------------------------------

    def put(self, logical_id: str, resource_type: str, physical_id: str | None, **options: Any) -> None:
        """Add or change one resource of the stack."""
        with self._lock:
            self.resources[logical_id] = Resource(resource_type, physical_id, **options)

    def from_template(self, template: dict[str, Any], physical_ids: dict[str, str] | None = None) -> None:
        """Every resource of a synthesized template, CREATE_COMPLETE, with the given physical ids."""
        for logical_id, resource in template.get("Resources", {}).items():
            self.put(logical_id, str(resource["Type"]), (physical_ids or {}).get(logical_id))

    # -- the API -------------------------------------------------------------------------------------------

    def _answer(self, params: dict[str, str]) -> tuple[int, str]:
        action = params.get("Action", "")
        with self._lock:
            self.calls[action] += 1
            if params.get("StackName") != self.stack_id:
                return _error(f"Stack with id {params.get('StackName')} does not exist")
            if action == "DescribeStacks":
                return 200, _result(action, f"<Stacks><member>{self._stack()}</member></Stacks>")
            if action == "ListStackResources":
                members = "".join(
                    f"<member>{self._resource(logical_id, 'LastUpdatedTimestamp')}</member>"
                    for logical_id in self.resources
                )
                return 200, _result(action, f"<StackResourceSummaries>{members}</StackResourceSummaries>")
            if action == "DescribeStackResources":
                logical_id = params.get("LogicalResourceId", "")
                if logical_id not in self.resources:
                    return _error(f"Resource {logical_id} does not exist for stack {self.stack_id}")
                member = self._resource(logical_id, "Timestamp") + self._stack_names()
                return 200, _result(action, f"<StackResources><member>{member}</member></StackResources>")
        return _error(f"Action {action} is not served here", status=400, code="InvalidAction")

    def _stack_names(self) -> str:
        name = self.stack_id.split(":stack/", 1)[-1].split("/", 1)[0]
        return f"<StackName>{escape(name)}</StackName><StackId>{escape(self.stack_id)}</StackId>"

    def _stack(self) -> str:
        return f"{self._stack_names()}<CreationTime>{_iso(0)}</CreationTime><StackStatus>{self.status}</StackStatus>"

    def _resource(self, logical_id: str, timestamp_key: str) -> str:
        resource = self.resources[logical_id]
        physical = (
            f"<PhysicalResourceId>{escape(resource.physical_id)}</PhysicalResourceId>"
            if resource.physical_id
            else ""
        )
        return (
            f"<LogicalResourceId>{escape(logical_id)}</LogicalResourceId>{physical}"
            f"<ResourceType>{escape(resource.resource_type)}</ResourceType>"
            f"<{timestamp_key}>{_iso(resource.updated)}</{timestamp_key}>"
            f"<ResourceStatus>{resource.status}</ResourceStatus>"
        )


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _result(action: str, inner: str) -> str:
    return (
        f'<{action}Response xmlns="{_NAMESPACE}"><{action}Result>{inner}</{action}Result>'
        f"<ResponseMetadata><RequestId>cloudformation-stand-in</RequestId></ResponseMetadata>"
        f"</{action}Response>"
    )


def _error(message: str, *, status: int = 400, code: str = "ValidationError") -> tuple[int, str]:
    return status, (
        f'<ErrorResponse xmlns="{_NAMESPACE}"><Error><Type>Sender</Type><Code>{code}</Code>'
        f"<Message>{escape(message)}</Message></Error><RequestId>cloudformation-stand-in</RequestId>"
        "</ErrorResponse>"
    )
