"""CloudFormation's side of the protocol: it sends a custom resource's events and waits for the answer.

``CloudFormation.create / update / delete`` build the event as CloudFormation does (every property
stringified, a fresh RequestId, a presigned-looking ResponseURL, ServiceTimeout among the properties),
invoke the function asynchronously through the Lambda emulation, run every delivery until nothing is
queued, and return the one answer the ResponseURL received. Sequences such as "replace, then roll back"
are a test's successive calls, in the order CloudFormation sends them.
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cdk_sagemaker_tuning._handler import contract
from tests.harness.lambda_service import LambdaService
from tests.harness.response_server import Answer, ResponseServer
from tests.support.cfn_events import LOGICAL_ID, SERVICE_TOKEN, STACK_ID, cfn_event

Handler = Callable[[dict[str, Any], Any], Any]


@dataclass(frozen=True)
class Faults:
    """How Lambda delivers one event (see ``LambdaService.deliver_all``): which deliveries it duplicates
    (one after the other, or at the same time),
    after which SageMaker calls the function dies, and the function's timeout (a short one makes the handler
    hand over to a new invocation sooner)."""

    duplicate: frozenset[int] = frozenset()
    concurrent: frozenset[int] = frozenset()
    crash_after_calls: frozenset[int] = frozenset()
    timeout_seconds: float = 900


NO_FAULTS = Faults()
#: What ``send(..., expect_answer=False)`` returns: CloudFormation heard nothing.
NO_ANSWER = Answer(status="", reason="", physical_id="", data={}, body={}, size=0)


@dataclass
class CloudFormation:
    lambda_service: LambdaService
    responses: ResponseServer
    handler: Callable[[], Handler]
    #: Strings that must appear in no answer (the scenario's secrets).
    secrets: tuple[str, ...] = ()
    #: Every event sent, in order (the scenario's history).
    sent: list[dict[str, Any]] = field(default_factory=list)

    def create(self, request: dict[str, Any], **options: Any) -> Answer:
        return self.send("Create", request, **options)

    def update(
        self, physical_id: str, request: dict[str, Any], old_request: dict[str, Any], **options: Any
    ) -> Answer:
        return self.send("Update", request, physical_id=physical_id, old_request=old_request, **options)

    def delete(self, physical_id: str, request: dict[str, Any], **options: Any) -> Answer:
        return self.send("Delete", request, physical_id=physical_id, **options)

    def send(
        self,
        request_type: str,
        request: dict[str, Any],
        *,
        physical_id: str | None = None,
        old_request: dict[str, Any] | None = None,
        wait_for_completion: bool = False,
        old_wait_for_completion: bool = False,
        delete_job_record: bool = False,
        service_timeout: int = contract.SERVICE_TIMEOUT_SECONDS,
        sent_ago: timedelta = timedelta(0),
        stack_id: str = STACK_ID,
        faults: Faults = NO_FAULTS,
        name_prefix: str | None = None,
        retain: str | None = None,
        wait_handle: str | None = None,
        wait_timeout: int | None = None,
        expect_answer: bool = True,
    ) -> Answer:
        """Send one event and return the answer CloudFormation received (failing the test if there is none).

        ``sent_ago`` back-dates the event (its ResponseURL's signing time): the handler counts its budget
        from it, so a scenario can start an event with most of its ServiceTimeout already spent.
        """
        event = cfn_event(
            request_type,
            request,
            physical_id=physical_id,
            old_request=old_request,
            wait_for_completion=wait_for_completion,
            old_wait_for_completion=old_wait_for_completion,
            delete_job_record=delete_job_record,
        )
        event["StackId"] = stack_id
        # X-Amz-Date holds whole seconds: rounded up, the budget left is what ``sent_ago`` implies or up to
        # a second more, never less.
        signed_at = datetime.fromtimestamp(math.ceil((datetime.now(UTC) - sent_ago).timestamp()), UTC)
        event["ResponseURL"] = self.responses.response_url(
            stack_id, LOGICAL_ID, event["RequestId"], signed_at
        )
        for key in ("ResourceProperties", "OldResourceProperties"):
            if key in event:
                event[key][contract.PROP_SERVICE_TIMEOUT] = str(service_timeout)
                if name_prefix is not None:  # tuning_job_name_prefix, unchanged by the update
                    event[key][contract.PROP_NAME_PREFIX] = name_prefix
                if retain is not None:  # removal_policy / replaced_job_removal_policy=RemovalPolicy.RETAIN
                    event[key][contract.PROP_RETAIN] = retain
                if wait_handle is not None:  # wait=TuningJobWait.for_completion(timeout=...)
                    event[key][contract.PROP_WAIT_HANDLE_ID] = wait_handle
                    event[key][contract.PROP_WAIT_TIMEOUT] = str(wait_timeout)
        self.sent.append(event)

        self.lambda_service.enqueue(json.dumps(event).encode())
        self.lambda_service.deliver_all(
            self.handler(),
            function_arn=SERVICE_TOKEN,
            timeout_seconds=faults.timeout_seconds,
            duplicate=faults.duplicate,
            concurrent=faults.concurrent,
            crash_after_calls=faults.crash_after_calls,
            answers_sent=lambda: len(self.responses.bodies(event["RequestId"])),
        )
        assert not self.lambda_service.rejected_invocations, self.lambda_service.rejected_invocations
        answer = self.responses.answer(event["RequestId"])
        if not expect_answer:
            # Lambda gave up on the event: CloudFormation waits until ServiceTimeout, then fails it.
            assert answer is None, answer
            return NO_ANSWER
        assert answer is not None, (
            f"CloudFormation received no answer to the {request_type} (it would wait until ServiceTimeout); "
            f"deliveries: {self.lambda_service.deliveries}"
        )
        assert answer.body["StackId"] == stack_id
        assert answer.body["LogicalResourceId"] == LOGICAL_ID
        if request_type != "Create":
            # CloudFormation takes a new physical id only from an Update; a Delete must echo its own.
            assert request_type == "Update" or answer.physical_id == physical_id, answer.physical_id
        for secret in self.secrets:
            assert secret not in json.dumps(answer.body), "a secret reached CloudFormation's answer"
        return answer

    # -- the completion wait's other resources and EventBridge (TuningJobWait.for_completion) ----------------

    def custom(
        self,
        resource_type: str,
        request_type: str,
        properties: dict[str, Any],
        *,
        logical_id: str,
        physical_id: str | None = None,
    ) -> Answer:
        """Send one event of another custom resource of the stack (the watch, the results) and return its
        answer, checked as for the job's own."""
        event: dict[str, Any] = {
            "RequestType": request_type,
            "ServiceToken": SERVICE_TOKEN,
            "StackId": STACK_ID,
            "RequestId": str(uuid.uuid4()),
            "LogicalResourceId": logical_id,
            "ResourceType": resource_type,
            "ResourceProperties": {"ServiceToken": SERVICE_TOKEN, **properties},
        }
        if physical_id is not None:
            event["PhysicalResourceId"] = physical_id
        signed_at = datetime.fromtimestamp(math.ceil(datetime.now(UTC).timestamp()), UTC)
        event["ResponseURL"] = self.responses.response_url(
            STACK_ID, logical_id, event["RequestId"], signed_at
        )
        self.sent.append(event)
        self.lambda_service.enqueue(json.dumps(event).encode())
        self.lambda_service.deliver_all(self.handler(), function_arn=SERVICE_TOKEN)
        answer = self.responses.answer(event["RequestId"])
        assert answer is not None, f"CloudFormation received no answer to the {resource_type} {request_type}"
        assert answer.body["LogicalResourceId"] == logical_id
        return answer

    def eventbridge(self, payload: dict[str, Any], *, duplicate: bool = False) -> list[str]:
        """EventBridge invokes the function asynchronously with a rule's input (at least once: ``duplicate``
        delivers it twice); returns the deliveries' outcomes."""
        before = len(self.lambda_service.deliveries)
        self.lambda_service.enqueue(json.dumps(payload).encode())
        self.lambda_service.deliver_all(
            self.handler(), function_arn=SERVICE_TOKEN, duplicate=frozenset({0}) if duplicate else frozenset()
        )
        return [delivery.outcome for delivery in self.lambda_service.deliveries[before:]]
