"""CloudFormation's side of a custom resource's answer: the presigned S3 URL the handler PUTs its response to.

A loopback HTTP server records every PUT per request id. ``answer(request_id)`` is what CloudFormation would
act on, after checking what CloudFormation and S3 check: one outcome per event (a duplicated delivery may
send the same outcome again, never a different one), a body under 4,096 bytes, a Reason of at most 1,024
bytes, and a URL that has not expired.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any

from cdk_sagemaker_tuning._handler.contract import MAX_REASON_BYTES, MAX_RESPONSE_BYTES
from tests.harness.loopback import LoopbackServer

#: How long CloudFormation's presigned response URL is valid (X-Amz-Expires).
URL_EXPIRES_SECONDS = 7200
_AMZ_DATE = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class Answer:
    """One response CloudFormation received for an event."""

    status: str
    reason: str
    physical_id: str
    data: dict[str, Any]
    body: dict[str, Any]
    size: int


class ResponseServer(LoopbackServer):
    """Serves the ResponseURLs of the events a test sends; start with ``start()``, end with ``stop()``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._bodies: dict[str, list[bytes]] = {}
        self.rejected: list[str] = []
        server = self

        class _Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall per answer

            def do_PUT(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status = server._receive(url, body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                """Quiet: the URL's signature must not reach any log, and stderr noise helps no one."""

        super().__init__(_Handler)

    def reset(self) -> None:
        with self._lock:
            self._bodies.clear()
            self.rejected.clear()

    def response_url(self, stack_id: str, logical_id: str, request_id: str, signed_at: datetime) -> str:
        """A URL shaped like CloudFormation's presigned S3 URL, signed at ``signed_at``."""
        host, port = "127.0.0.1", self._http.server_port
        key = urllib.parse.quote(f"{stack_id}|{logical_id}|{request_id}", safe="")
        query = urllib.parse.urlencode(
            {
                "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
                "X-Amz-Date": signed_at.strftime(_AMZ_DATE),
                "X-Amz-SignedHeaders": "host",
                "X-Amz-Expires": str(URL_EXPIRES_SECONDS),
                "X-Amz-Credential": f"AKIAEXAMPLE/{signed_at:%Y%m%d}/us-east-1/s3/aws4_request",
                "X-Amz-Signature": signature_of(request_id),
            }
        )
        return f"http://{host}:{port}/cloudformation-custom-resource-response-useast1/{key}?{query}"

    def _receive(self, url: urllib.parse.SplitResult, body: bytes) -> int:
        query = urllib.parse.parse_qs(url.query)
        signed_at = datetime.strptime(query["X-Amz-Date"][0], _AMZ_DATE).replace(tzinfo=UTC)
        request_id = urllib.parse.unquote(url.path.rsplit("/", 1)[-1]).rsplit("|", 1)[-1]
        if datetime.now(UTC) > signed_at + timedelta(seconds=int(query["X-Amz-Expires"][0])):
            # S3 refuses a PUT to an expired presigned URL: CloudFormation never sees that answer.
            with self._lock:
                self.rejected.append(request_id)
            return 403
        with self._lock:
            self._bodies.setdefault(request_id, []).append(body)
        return 200

    def bodies(self, request_id: str) -> list[bytes]:
        with self._lock:
            return list(self._bodies.get(request_id, []))

    def answer(self, request_id: str) -> Answer | None:
        """The one outcome CloudFormation received for the event, checked as CloudFormation would."""
        bodies = self.bodies(request_id)
        if not bodies:
            return None
        answers = {json.dumps(json.loads(body), sort_keys=True) for body in bodies}
        assert len(answers) == 1, f"CloudFormation received different answers for one event: {answers}"
        body = json.loads(bodies[0])
        size = len(bodies[0])
        assert size < MAX_RESPONSE_BYTES, f"response body of {size} bytes: CloudFormation refuses it"
        reason = body.get("Reason", "")
        assert len(reason.encode()) <= MAX_REASON_BYTES, f"Reason of {len(reason.encode())} bytes"
        assert body["Status"] in ("SUCCESS", "FAILED"), body["Status"]
        assert body["RequestId"] == request_id
        assert body.get("PhysicalResourceId"), "CloudFormation requires a PhysicalResourceId"
        return Answer(
            status=body["Status"],
            reason=reason,
            physical_id=body["PhysicalResourceId"],
            data=body.get("Data") or {},
            body=body,
            size=size,
        )


def signature_of(request_id: str) -> str:
    """The fake signature of an event's URL: a value the log check looks for (it must never be logged)."""
    return ("5e" + request_id.replace("-", "")) * 2
