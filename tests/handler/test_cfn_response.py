"""The answer CloudFormation reads: its limits (pure) and its delivery to a loopback ResponseURL."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from cdk_sagemaker_tuning._handler import contract
from cdk_sagemaker_tuning._handler.runtime import response as cfn_response

EVENT = {
    "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/S/6f1c0e40-8a1b-11ef-9d3a-0affe1c2b3d4",
    "RequestId": "3f0b8a4e-0c0d-4c1e-9a77-6a3cf0c5b1d2",
    "LogicalResourceId": "XgboostTuning4C6C3B92",
}
LOG_STREAM = "2026/12/01/[$LATEST]0123456789abcdef0123456789abcdef"


# -- the body ---------------------------------------------------------------------------------------------


def test_a_6_kb_sagemaker_message_is_cut_to_1_kb_on_a_character_boundary_pointing_to_the_log_stream() -> None:
    # GIVEN a 6 KB reason made of 3-byte characters, so a byte cut could split one
    reason = "SageMaker CreateHyperParameterTuningJob failed: ValidationException: " + "é€" * 1500

    # WHEN
    body = json.loads(
        cfn_response.response_body(
            EVENT, status="FAILED", physical_id="job-1", reason=reason, log_stream_name=LOG_STREAM
        )
    )

    # THEN the reason is at most 1 KB of valid UTF-8, starts as SageMaker's did and names the log stream
    cut = body["Reason"]
    assert len(cut.encode()) <= contract.MAX_REASON_BYTES
    assert cut.startswith("SageMaker CreateHyperParameterTuningJob failed: ValidationException: é€")
    assert cut.endswith(f"(reason cut; see log stream {LOG_STREAM})")
    assert "\ufffd" not in cut


def test_the_body_copies_the_events_ids_and_says_noecho_false() -> None:
    body = json.loads(
        cfn_response.response_body(EVENT, status="SUCCESS", physical_id="job-1", data={"Arn": "a"})
    )
    assert body == {
        "Status": "SUCCESS",
        "Reason": "",
        "PhysicalResourceId": "job-1",
        "StackId": EVENT["StackId"],
        "RequestId": EVENT["RequestId"],
        "LogicalResourceId": EVENT["LogicalResourceId"],
        "NoEcho": False,
        "Data": {"Arn": "a"},
    }


def test_the_largest_answer_the_handler_builds_fits_in_4096_bytes() -> None:
    # GIVEN Data at contract.MAX_DATA_BYTES and a reason far over its limit, with the longest log stream
    data = {"Arn": "a" * (contract.MAX_DATA_BYTES - 20)}
    assert len(json.dumps(data).encode()) <= contract.MAX_DATA_BYTES

    # WHEN
    body = cfn_response.response_body(
        EVENT, status="FAILED", physical_id="p" * 255, reason="x" * 6000, data=data, log_stream_name="s" * 512
    )

    # THEN
    assert len(body) <= contract.MAX_RESPONSE_BYTES


def test_an_answer_that_would_not_fit_becomes_a_failure_that_does() -> None:
    # GIVEN Data that alone is over CloudFormation's limit
    body = cfn_response.response_body(EVENT, status="SUCCESS", physical_id="job-1", data={"Arn": "a" * 5000})
    parsed = json.loads(body)
    assert len(body) <= contract.MAX_RESPONSE_BYTES
    assert parsed["Status"] == "FAILED"
    assert parsed["Data"] == {}
    assert "over CloudFormation's limit of 4096 bytes" in parsed["Reason"]


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [("abc", 3, "abc"), ("abcd", 3, "abc"), ("aé", 2, "a"), ("€€", 5, "€")],
)
def test_truncation_keeps_whole_characters(text: str, limit: int, expected: str) -> None:
    assert cfn_response.truncate_utf8(text, limit) == expected


# -- the PUT ----------------------------------------------------------------------------------------------


def test_send_puts_the_body_with_an_empty_content_type(response_url: Any) -> None:
    # WHEN
    status = cfn_response.send(response_url.url, b'{"Status": "SUCCESS"}', sleep=lambda _: None)

    # THEN one PUT, with the body as given and the Content-Type the presigned URL was signed without
    assert status == 200
    assert [request["body"] for request in response_url.requests] == [b'{"Status": "SUCCESS"}']
    assert response_url.requests[0]["content_type"] == ""


def test_send_retries_server_errors_then_succeeds(response_url: Any) -> None:
    response_url.statuses = [500, 503]
    assert cfn_response.send(response_url.url, b"{}", sleep=lambda _: None) == 200
    assert len(response_url.requests) == 3


def test_send_gives_up_on_a_refusal_without_naming_the_url(response_url: Any) -> None:
    # GIVEN the URL refuses (an expired signature answers 403)
    response_url.statuses = [403]

    # WHEN / THEN one attempt only, and the error holds no part of the URL
    with pytest.raises(cfn_response.ResponseNotDelivered) as raised:
        cfn_response.send(response_url.url, b"{}", sleep=lambda _: None)
    assert len(response_url.requests) == 1
    assert "HTTP 403" in str(raised.value)
    assert "secret-sig" not in str(raised.value)
    assert "127.0.0.1" not in str(raised.value)


def test_send_gives_up_after_its_attempts_when_nothing_listens() -> None:
    # GIVEN a port nothing listens on
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    host, port = server.server_address[:2]
    server.server_close()
    waits: list[float] = []

    # WHEN / THEN every attempt is made, with back-off between them
    with pytest.raises(cfn_response.ResponseNotDelivered, match="did not accept the answer"):
        cfn_response.send(f"http://{host!s}:{port}/k?Signature=s", b"{}", sleep=waits.append)
    assert waits == [1.0, 2.0, 4.0]
