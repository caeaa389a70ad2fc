"""Fixtures of the handler's unit tests: a loopback ResponseURL, and no way to reach AWS.

The handler is imported from the package; CloudFormation event helpers from ``tests.support``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from tests.harness.loopback import LoopbackServer

# No bytecode caches written next to the handler: the asset excludes them, but the tree stays clean.
sys.dont_write_bytecode = True


class _ResponseURL(LoopbackServer):
    """A loopback ResponseURL: records each PUT and answers with the queued statuses (then 200)."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        recorder = self

        class _Handler(BaseHTTPRequestHandler):
            def do_PUT(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                recorder.requests.append(
                    {"path": self.path, "content_type": self.headers.get("Content-Type"), "body": body}
                )
                status = recorder.statuses.pop(0) if recorder.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                """Quiet."""

        super().__init__(_Handler)
        self.url = f"{self.endpoint}/bucket/key?X-Amz-Date=20261201T064500Z&X-Amz-Signature=secret-sig"


@pytest.fixture
def response_url() -> Iterator[_ResponseURL]:
    server = _ResponseURL()
    server.start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def offline_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Credentials and region that cannot reach AWS, and no profile from the machine."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
