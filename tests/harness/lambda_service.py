"""Lambda's asynchronous invocation, emulated on loopback: the queue, retries, duplicates and crashes.

CloudFormation invokes a custom resource's function asynchronously, and the handler continues a long wait
by invoking itself the same way (``InvocationType="Event"``). The Invoke API served here (botocore reaches it
through ``AWS_ENDPOINT_URL_LAMBDA``) queues each payload with 202, as Lambda does. ``deliver_all()`` then runs
the handler in-process on each queued payload, as Lambda would:

- a delivery that raises (an error, or a crash) is retried with the same payload, at most twice
  (Lambda's default ``MaximumRetryAttempts``), then kept in ``dropped`` (the on-failure destination);
- ``duplicate`` delivers the chosen deliveries twice (asynchronous invocation is at-least-once), one after
  the other; ``concurrent`` twice at the same time;
- ``crash_after_calls`` ends a delivery abruptly right after the chosen SageMaker calls have returned
  (counted over the whole run, from 1), as a timeout or an out-of-memory kill would. The crash is a
  ``BaseException`` the handler cannot catch as an ``Exception``. Unlike a real kill, ``finally`` blocks
  still run, so any SageMaker call, self-invocation or answer after the crash counts as a harness failure;
- ``refuse_invocations`` makes the Invoke API refuse the next calls (AccessDeniedException);
  ``lose_invocation_answers`` makes it queue the next calls and answer them with a server error.
"""

from __future__ import annotations

import functools
import json
import threading
import time
import traceback
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import botocore.client
import pytest

from tests.harness.function_logs import FUNCTION_THREAD_PREFIX
from tests.harness.loopback import LoopbackServer

#: Lambda's limit for an asynchronous invocation's payload (256 KB).
MAX_ASYNC_PAYLOAD_BYTES = 256 * 1024
#: Lambda retries a failed asynchronous invocation twice by default.
MAX_RETRIES = 2
#: A bug that re-invokes forever must not hang the suite: the most deliveries for one event.
MAX_DELIVERIES = 60
#: Nor one that polls forever within an invocation: the most SageMaker calls for one event (a few seconds).
MAX_SAGEMAKER_CALLS = 400

Handler = Callable[[dict[str, Any], Any], Any]


class TooManyCalls(BaseException):
    """The handler polls without end: stop the scenario rather than hang the suite."""


class Crash(BaseException):
    """The execution environment died: not an ``Exception``, so the handler cannot catch it."""


@dataclass
class FakeContext:
    """The Lambda context object: the attributes the handler reads, and a remaining time that runs down."""

    invoked_function_arn: str
    aws_request_id: str
    timeout_seconds: float
    function_name: str = "SageMakerTuningJobProvider"
    function_version: str = "$LATEST"
    memory_limit_in_mb: str = "256"
    log_group_name: str = "/aws/lambda/SageMakerTuningJobProvider"
    log_stream_name: str = "2026/12/01/[$LATEST]0123456789abcdef0123456789abcdef"
    _started: float = field(default_factory=time.monotonic)

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.timeout_seconds - (time.monotonic() - self._started)) * 1000))


@dataclass
class Invocation:
    payload: bytes
    request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    attempt: int = 0


@dataclass
class Delivery:
    """What one delivery of a payload did (for a scenario's THEN and for debugging)."""

    request_type: str
    attempt: int
    outcome: str  # "returned", "raised <type>", "crashed"


class LambdaService(LoopbackServer):
    """The loopback Invoke API and the delivery loop; one per session, ``reset()`` per test."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._queue: deque[Invocation] = deque()
        self.deliveries: list[Delivery] = []
        self.sagemaker_calls: list[str] = []
        #: The payloads Lambda gave up on after its retries: what reaches the on-failure destination.
        self.dropped: list[bytes] = []
        service = self

        class _Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True  # no 40 ms delayed-ACK stall per answer

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if service.refuse_invocations > 0:
                    # Lambda refuses (a missing lambda:InvokeFunction, say): botocore reads the error type
                    # from this header, as in Lambda's REST-JSON answers.
                    service.refuse_invocations -= 1
                    error = b'{"Type": "User", "message": "not authorized to perform: lambda:InvokeFunction"}'
                    self.send_response(403)
                    self.send_header("x-amzn-ErrorType", "AccessDeniedException")
                    self.send_header("Content-Length", str(len(error)))
                    self.end_headers()
                    self.wfile.write(error)
                    return
                status = service._invoke(self.path, self.headers.get("X-Amz-Invocation-Type"), body)
                if status == 202 and service.lose_invocation_answers > 0:
                    # Queued, and then the answer goes wrong: the caller cannot tell it was queued.
                    service.lose_invocation_answers -= 1
                    error = b'{"Type": "Service", "message": "Service unavailable"}'
                    self.send_response(500)
                    self.send_header("x-amzn-ErrorType", "ServiceException")
                    self.send_header("Content-Length", str(len(error)))
                    self.end_headers()
                    self.wfile.write(error)
                    return
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                """Quiet."""

        super().__init__(_Handler)
        self.rejected_invocations: list[str] = []
        #: How many of the next Invoke calls Lambda refuses with AccessDeniedException.
        self.refuse_invocations = 0
        #: How many of the next Invoke calls Lambda queues and then answers with a server error.
        self.lose_invocation_answers = 0
        #: What Lambda's runtime itself writes to the function's log: the error of a failed invocation.
        self.runtime_log: list[str] = []

    def reset(self) -> None:
        with self._lock:
            self._queue.clear()
        self.deliveries.clear()
        self.sagemaker_calls.clear()
        self.dropped.clear()
        self.rejected_invocations.clear()
        self.runtime_log.clear()
        self.refuse_invocations = 0
        self.lose_invocation_answers = 0

    def _invoke(self, path: str, invocation_type: str | None, payload: bytes) -> int:
        if not (path.startswith("/2015-03-31/functions/") and path.endswith("/invocations")):
            self.rejected_invocations.append(f"unknown path {path}")
            return 404
        if invocation_type != "Event":
            # The handler must never wait on itself: only asynchronous self-invocation is expected.
            self.rejected_invocations.append(f"InvocationType {invocation_type}")
            return 400
        if len(payload) > MAX_ASYNC_PAYLOAD_BYTES:
            self.rejected_invocations.append(f"payload of {len(payload)} bytes")
            return 413
        self.enqueue(payload)
        return 202

    def enqueue(self, payload: bytes) -> None:
        """Queue an asynchronous invocation (CloudFormation's, or the handler's own)."""
        with self._lock:
            self._queue.append(Invocation(payload))

    def _next(self) -> Invocation | None:
        with self._lock:
            return self._queue.popleft() if self._queue else None

    def deliver_all(
        self,
        handler: Handler,
        *,
        function_arn: str,
        timeout_seconds: float = 900,
        duplicate: frozenset[int] = frozenset(),
        concurrent: frozenset[int] = frozenset(),
        crash_after_calls: frozenset[int] = frozenset(),
        answers_sent: Callable[[], int] = lambda: 0,
    ) -> None:
        """Run the handler on every queued invocation (and those it queues) until the queue is empty.

        ``duplicate`` delivers the chosen deliveries twice, one after the other; ``concurrent`` twice at
        the same time, in two threads (the crash injection does not reach those). They count from 0 over
        this whole run; ``crash_after_calls`` counts SageMaker calls from 1 over the run, so a retried
        payload does not crash again at the same call, and ``sagemaker_calls`` then lists the run's calls.
        ``answers_sent`` counts the answers CloudFormation has received so far: none may arrive after a
        crash within the same delivery. Retries are delivered at once (Lambda waits about one, then two
        minutes): a scenario that needs time to pass back-dates its event.
        """
        self.sagemaker_calls.clear()
        ordinal = 0
        delivered_before = len(self.deliveries)
        while (invocation := self._next()) is not None:
            delivered = len(self.deliveries) - delivered_before
            assert delivered < MAX_DELIVERIES, f"more than {MAX_DELIVERIES} deliveries of one event: a loop?"
            context = functools.partial(FakeContext, function_arn, invocation.request_id, timeout_seconds)
            if ordinal in concurrent:
                outcomes = self._twice_at_once(handler, invocation, context)
            else:
                copies = 2 if ordinal in duplicate else 1
                outcomes = [
                    self._once(handler, invocation, context, crash_after_calls, answers_sent)
                    for _ in range(copies)
                ]
            ordinal += 1
            for outcome in outcomes:
                self.deliveries.append(Delivery(_request_type(invocation), invocation.attempt, outcome))
                if outcome != "returned" and invocation.attempt < MAX_RETRIES:
                    with self._lock:
                        self._queue.append(
                            Invocation(invocation.payload, invocation.request_id, invocation.attempt + 1)
                        )
                elif outcome != "returned":  # Lambda gives up: the function's on-failure destination
                    self.dropped.append(invocation.payload)

    def _once(
        self,
        handler: Handler,
        invocation: Invocation,
        context: Callable[[], FakeContext],
        crash_after_calls: frozenset[int],
        answers_sent: Callable[[], int],
    ) -> str:
        """One delivery in this thread, crashing where asked; its outcome."""
        with self._crashing(crash_after_calls, answers_sent) as crashed:
            outcome = self._run(handler, invocation, context)
        assert not crashed.after_crash, f"the handler went on after it was killed: {crashed.after_crash}"
        return outcome

    def _twice_at_once(
        self, handler: Handler, invocation: Invocation, context: Callable[[], FakeContext]
    ) -> list[str]:
        """Two deliveries of the same payload at the same time, each in its own execution environment."""
        outcomes: list[str] = []
        threads = [
            threading.Thread(
                target=lambda: outcomes.append(self._run(handler, invocation, context)),
                name=f"{FUNCTION_THREAD_PREFIX}-{copy}",
            )
            for copy in range(2)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert len(outcomes) == 2, "a concurrent delivery did not end within a minute"
        return outcomes

    def _run(self, handler: Handler, invocation: Invocation, context: Callable[[], FakeContext]) -> str:
        try:
            handler(json.loads(invocation.payload), context())
            return "returned"
        except Crash:
            return "crashed"
        except Exception as error:  # Lambda logs the error and retries the payload
            self.runtime_log.append(_runtime_error_line(error))
            return f"raised {type(error).__name__}"

    @contextmanager
    def _crashing(
        self, crash_after_calls: frozenset[int], answers_sent: Callable[[], int]
    ) -> Iterator[_CrashState]:
        """Count every AWS call the handler makes, and kill the delivery after the chosen SageMaker calls."""
        state = _CrashState()
        original = botocore.client.BaseClient._make_api_call  # type: ignore[attr-defined]
        service = self

        function_thread = threading.get_ident()

        def make_api_call(client: Any, operation: str, params: dict[str, Any]) -> Any:
            if threading.get_ident() != function_thread:  # the harness's own calls (the proxy's, to moto)
                return original(client, operation, params)
            name = client.meta.service_model.service_name
            if state.answers_at_crash is not None:
                state.after_crash.append(f"{name}.{operation}")
                raise Crash
            try:
                return original(client, operation, params)
            finally:  # a call SageMaker refused counts too: the crash comes after its answer, whatever it was
                if name == "sagemaker":
                    service.sagemaker_calls.append(operation)
                    if len(service.sagemaker_calls) > MAX_SAGEMAKER_CALLS:
                        raise TooManyCalls(f"more than {MAX_SAGEMAKER_CALLS} SageMaker calls for one event")
                    if len(service.sagemaker_calls) in crash_after_calls:
                        state.answers_at_crash = answers_sent()
                        raise Crash

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(botocore.client.BaseClient, "_make_api_call", make_api_call)
            yield state
        if state.answers_at_crash is not None and answers_sent() != state.answers_at_crash:
            state.after_crash.append("an answer to CloudFormation")


def _request_type(invocation: Invocation) -> str:
    return str(json.loads(invocation.payload).get("RequestType", "?"))


def _runtime_error_line(error: Exception) -> str:
    """The line Lambda's runtime logs for an invocation that raised (errorMessage holds str(error))."""
    return json.dumps(
        {
            "errorMessage": str(error),
            "errorType": type(error).__name__,
            "stackTrace": traceback.format_tb(error.__traceback__),
        }
    )


@dataclass
class _CrashState:
    answers_at_crash: int | None = None
    after_crash: list[str] = field(default_factory=list)
