"""The answer to CloudFormation: one JSON document PUT to the event's presigned ``ResponseURL``.

Written by hand rather than taken from crhelper (aws-cloudformation/custom-resource-helper), which
shows the same protocol but does not fit here: it logs the whole event and the ResponseURL at DEBUG, its
default level; it waits for long operations by creating CloudWatch Events rules and Lambda permissions at
run time (more IAM, resources left behind when the function dies) with no overall budget; it retries a
failed PUT forever; it cuts the reason to 256 characters, not bytes, keeping the end; and it is one more
dependency to vendor into the asset. What this handler needs is forty lines of the standard library.

Pure functions build the body (``response_body``) and enforce CloudFormation's limits; ``send`` is the only
network call, and ``send_answer`` the one way every answer of the function goes (``Invocation.answer``,
and the refusal of another stack's event). Nothing here logs the URL (it is a credential: anyone holding it can answer for the stack).
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any, Final

from .. import contract
from .events import Answer, Status

#: Attempts at the PUT before giving up (Lambda then retries the whole invocation, which is idempotent).
SEND_ATTEMPTS: Final = 4
#: Seconds one attempt may take; S3 answers a 4 KB PUT in well under a second.
SEND_TIMEOUT_SECONDS: Final = 10
#: Seconds before the retry after the first failed attempt, doubled each time (1, 2, 4).
SEND_FIRST_BACKOFF_SECONDS: Final = 1.0

_TRUNCATION_MARK = " [...]"


class ResponseNotDelivered(Exception):
    """CloudFormation's ResponseURL refused the answer or could not be reached on every attempt."""


def send_worst_case_seconds() -> float:
    """The longest ``send`` can take: every attempt times out, plus the back-off between them."""
    backoff = sum(SEND_FIRST_BACKOFF_SECONDS * 2**retry for retry in range(SEND_ATTEMPTS - 1))
    return float(SEND_ATTEMPTS * SEND_TIMEOUT_SECONDS + backoff)


def truncate_utf8(text: str, max_bytes: int, suffix: str = "") -> str:
    """``text`` cut so that, with ``suffix`` appended when it was cut, it fits in ``max_bytes`` of UTF-8.

    Cuts on a character boundary: a multi-byte character is never split.
    """
    if len(text.encode()) <= max_bytes:
        return text
    room = max(max_bytes - len(suffix.encode()), 0)
    head = text.encode()[:room].decode(errors="ignore")
    return head + suffix if len((head + suffix).encode()) <= max_bytes else head


def bounded_reason(reason: str, log_stream_name: str | None) -> str:
    """The FAILED reason, at most ``contract.MAX_REASON_BYTES``, pointing to the log stream when cut."""
    where = f" (reason cut; see log stream {log_stream_name})" if log_stream_name else " (reason cut)"
    return truncate_utf8(reason, contract.MAX_REASON_BYTES, _TRUNCATION_MARK + where)


def response_body(
    event: Mapping[str, Any],
    *,
    status: Status,
    physical_id: str,
    reason: str = "",
    data: Mapping[str, str] | None = None,
    log_stream_name: str | None = None,
) -> bytes:
    """The JSON document CloudFormation reads, within its 4,096-byte limit.

    Ids are copied verbatim from the event, as CloudFormation requires. Data is never cut silently: an
    answer whose Data does not fit becomes FAILED (``completion_check.response_data`` already keeps Data within
    ``contract.MAX_DATA_BYTES``, so this is a last guard, not a path taken).
    """
    body: dict[str, Any] = {
        "Status": status,
        "Reason": bounded_reason(reason, log_stream_name) if reason else "",
        "PhysicalResourceId": physical_id,
        "StackId": event.get("StackId", ""),
        "RequestId": event.get("RequestId", ""),
        "LogicalResourceId": event.get("LogicalResourceId", ""),
        "NoEcho": False,
        "Data": dict(data or {}),
    }
    encoded = json.dumps(body).encode()
    if len(encoded) > contract.MAX_RESPONSE_BYTES:
        body["Status"] = "FAILED"
        body["Data"] = {}
        body["Reason"] = bounded_reason(
            f"The answer would be {len(encoded)} bytes, over CloudFormation's limit of "
            f"{contract.MAX_RESPONSE_BYTES} bytes. {reason}",
            log_stream_name,
        )
        encoded = json.dumps(body).encode()
    return encoded


def send(
    response_url: str,
    body: bytes,
    *,
    attempts: int = SEND_ATTEMPTS,
    timeout_seconds: float = SEND_TIMEOUT_SECONDS,
    sleep: Any = time.sleep,
) -> int:
    """PUT ``body`` to ``response_url``; returns the HTTP status of the accepted attempt.

    ``Content-Type`` is empty, as CloudFormation's documentation asks: the URL is presigned without one.
    Network errors and 5xx answers are retried with back-off; a 4xx answer is final (the URL expired or
    was altered: trying again cannot help).

    :raises ResponseNotDelivered: no attempt was accepted. Its message never holds the URL.
    """
    request = urllib.request.Request(
        response_url,
        data=body,
        method="PUT",
        headers={"Content-Type": "", "Content-Length": str(len(body))},
    )
    last_problem = "no attempt made"
    for attempt in range(attempts):
        if attempt:
            sleep(SEND_FIRST_BACKOFF_SECONDS * 2 ** (attempt - 1))
        try:
            with urllib.request.urlopen(request, timeout=timeout_seconds) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            last_problem = f"HTTP {error.code}"
            if error.code < 500:
                break
        except (urllib.error.URLError, OSError) as error:
            # The reason of a URLError can name the host, never the query string that holds the signature.
            last_problem = type(error).__name__
    raise ResponseNotDelivered(f"CloudFormation's ResponseURL did not accept the answer: {last_problem}")


def send_answer(
    event: Mapping[str, Any],
    answer: Answer,
    *,
    log_stream_name: str | None = None,
    redact: Callable[[str], str] = lambda reason: reason,
) -> None:
    """PUT ``answer`` to ``event``'s ResponseURL, its reason redacted and within CloudFormation's limits.

    :raises ResponseNotDelivered: no attempt was accepted.
    """
    body = response_body(
        event,
        status=answer.status,
        physical_id=answer.physical_id,
        reason=redact(answer.reason),
        data=answer.data,
        log_stream_name=log_stream_name,
    )
    send(str(event.get("ResponseURL", "")), body)
