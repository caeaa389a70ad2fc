"""CloudFormation as the handler sees it: stringified properties and custom-resource events.

Shared by the handler unit tests and the lifecycle tests (``from tests.support.cfn_events import ...``).
The sample request itself is ``tests/samples.py``'s (``xgboost_request`` here is its ``deployed_request``).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from tests.samples import deployed_request

STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/XgboostTuningExample/6f1c0e40-8a1b-11ef-9d3a-0affe1c2b3d4"
LOGICAL_ID = "XgboostTuning4C6C3B92"
SERVICE_TOKEN = (
    "arn:aws:lambda:us-east-1:123456789012:function:"
    "XgboostTuningExample-SageMakerTuningJobProviderfr-AbCdEf123456"
)
RESOURCE_TYPE = "Custom::SageMakerHyperParameterTuningJob"
#: What the Provider framework answers CloudFormation for a create that failed (aws-cdk's
#: custom-resources framework, cfn-response CREATE_FAILED_PHYSICAL_ID_MARKER).
CREATE_FAILED_MARKER = "AWSCDK::CustomResourceProviderFramework::CREATE_FAILED"


def cfn_stringify(value: Any) -> Any:
    """``value`` with every scalar turned into the string CloudFormation delivers to a custom resource.

    Numbers follow JavaScript's Number-to-string (``10.0`` -> ``"10"``), booleans become ``"true"`` /
    ``"false"``.
    """
    if isinstance(value, dict):
        return {key: cfn_stringify(item) for key, item in value.items()}
    if isinstance(value, list):
        return [cfn_stringify(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value


def new_request_id() -> str:
    return str(uuid.uuid4())


def cfn_event(
    request_type: str,
    request: dict[str, Any],
    *,
    request_id: str | None = None,
    physical_id: str | None = None,
    old_request: dict[str, Any] | None = None,
    wait_for_completion: bool = False,
    delete_job_record: bool = False,
    old_wait_for_completion: bool = False,
) -> dict[str, Any]:
    """A custom-resource event as CloudFormation sends it (ResponseURL left as '...': see tests/harness).

    ``request`` is given typed, as in the template, and stringified here as CloudFormation does.
    """

    def properties(body: dict[str, Any], wait: bool, delete_record: bool) -> dict[str, Any]:
        props: dict[str, Any] = {"ServiceToken": SERVICE_TOKEN, "Request": cfn_stringify(body)}
        if wait:
            props["WaitForCompletion"] = "true"
        if delete_record:
            props["DeleteJobRecord"] = "true"
        return props

    event: dict[str, Any] = {
        "RequestType": request_type,
        "ServiceToken": SERVICE_TOKEN,
        "ResponseURL": "...",
        "StackId": STACK_ID,
        "RequestId": request_id or new_request_id(),
        "LogicalResourceId": LOGICAL_ID,
        "ResourceType": RESOURCE_TYPE,
        "ResourceProperties": properties(request, wait_for_completion, delete_job_record),
    }
    if physical_id is not None:
        event["PhysicalResourceId"] = physical_id
    if old_request is not None:
        event["OldResourceProperties"] = properties(old_request, old_wait_for_completion, False)
    # Everything CloudFormation sends is JSON: make sure the test event is too.
    as_sent: dict[str, Any] = json.loads(json.dumps(event))
    return as_sent


#: The request the handler tests send, under the name they use: ``tests/samples.py``'s
#: ``deployed_request`` (the one source of the sample request), typed as a template holds it.
xgboost_request = deployed_request
