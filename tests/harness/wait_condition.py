"""CloudFormation's WaitCondition handles on loopback: presigned-looking URLs that record every signal.

A handle's URL is a presigned S3 URL (``Ref`` of an ``AWS::CloudFormation::WaitConditionHandle``); a signal
is a JSON document PUT to it. ``outcome(name)`` reads the signals as the WaitCondition would: by
``UniqueId`` (a later signal with the same id replaces the earlier one), FAILURE as soon as one says so,
SUCCESS once ``count`` distinct ids say SUCCESS, else still waiting (``None``). Each URL's signature is a
value the scenarios look for in the function's log: it must never be there.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.harness.loopback import LoopbackServer


@dataclass(frozen=True)
class WaitOutcome:
    status: str  # "SUCCESS" or "FAILURE"
    reason: str


class WaitConditionHandles(LoopbackServer):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._signals: dict[str, list[dict[str, Any]]] = {}
        self._expired: set[str] = set()
        handles = self

        class _Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True

            def do_PUT(self) -> None:
                name = urllib.parse.urlsplit(self.path).path.rsplit("/", 1)[-1]
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if name in handles._expired:  # S3 refuses a presigned URL past its expiry
                    self.send_response(403)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                with handles._lock:
                    handles._signals.setdefault(name, []).append(json.loads(body))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                """Quiet: the URL's signature must not reach any log."""

        super().__init__(_Handler)

    def reset(self) -> None:
        with self._lock:
            self._signals.clear()
            self._expired.clear()

    def expire(self, name: str) -> None:
        """The handle's presigned URL has expired (it lives about a day): every PUT to it is refused."""
        with self._lock:
            self._expired.add(name)

    def url(self, name: str) -> str:
        """The handle's presigned URL."""
        query = urllib.parse.urlencode({"X-Amz-Expires": "86399", "X-Amz-Signature": handle_signature(name)})
        return (
            f"http://127.0.0.1:{self._http.server_port}/cloudformation-waitcondition-us-east-1/{name}?{query}"
        )

    def signals(self, name: str) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._signals.get(name, []))

    def outcome(self, name: str, count: int = 1) -> WaitOutcome | None:
        by_id: dict[str, dict[str, Any]] = {}
        for signal in self.signals(name):
            assert set(signal) >= {"Status", "Reason", "UniqueId"}, signal
            assert signal["Status"] in ("SUCCESS", "FAILURE"), signal
            by_id[str(signal["UniqueId"])] = signal
        for unique_id, signal in by_id.items():
            if signal["Status"] == "FAILURE":
                return WaitOutcome(
                    "FAILURE",
                    f"WaitCondition received failed message: '{signal['Reason']}' for uniqueId: {unique_id}",
                )
        if sum(1 for signal in by_id.values() if signal["Status"] == "SUCCESS") >= count:
            return WaitOutcome("SUCCESS", "")
        return None


def handle_signature(name: str) -> str:
    return f"handle-signature-{name}"
