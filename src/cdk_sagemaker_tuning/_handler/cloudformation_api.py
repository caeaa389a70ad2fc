"""The thin boto3 layer over CloudFormation: the function reads its own stack, and nothing else.

Three read calls only (``DescribeStacks``, ``ListStackResources``, ``DescribeStackResources``), on the
stack the function belongs to; IAM grants no more. ``AWS_ENDPOINT_URL_CLOUDFORMATION`` (honoured by
botocore) points the client elsewhere, which is how the lifecycle tests reach a local stand-in.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

#: As for SageMaker (``sagemaker_api.CLIENT_CONFIG``): botocore's standard retries, short timeouts.
CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": 3},
    connect_timeout=5,
    read_timeout=15,
    user_agent_extra="cdk-sagemaker-tuning",
)


class CloudFormationError(Exception):
    """A read of the stack failed; the message holds the operation and the error code only."""

    def __init__(self, operation: str, code: str) -> None:
        super().__init__(f"CloudFormation {operation} failed: {code}")
        self.operation = operation
        self.code = code


@dataclass(frozen=True)
class StackResource:
    """One resource of the stack, as ListStackResources and DescribeStackResources describe it."""

    logical_id: str
    resource_type: str
    physical_id: str | None
    status: str
    #: Epoch seconds of its last status change.
    updated: float


class CloudFormationApi:
    def __init__(self, client: Any) -> None:
        self.client = client

    def _call(self, operation: str, **params: Any) -> dict[str, Any]:
        method = getattr(self.client, operation)
        try:
            response: dict[str, Any] = method(**params)
            return response
        except ClientError as error:
            raise CloudFormationError(operation, str(error.response.get("Error", {}).get("Code"))) from None
        except BotoCoreError as error:
            raise CloudFormationError(operation, type(error).__name__) from None

    def stack_status(self, stack_id: str) -> str:
        """DescribeStacks' ``StackStatus`` of the stack."""
        stacks = self._call("describe_stacks", StackName=stack_id).get("Stacks") or []
        if not stacks:
            raise CloudFormationError("describe_stacks", "NoSuchStack")
        return str(stacks[0]["StackStatus"])

    def resources(self, stack_id: str) -> list[StackResource]:
        """Every resource of the stack (ListStackResources, all pages)."""
        found: list[StackResource] = []
        token: str | None = None
        while True:
            page = self._call(
                "list_stack_resources", StackName=stack_id, **({"NextToken": token} if token else {})
            )
            found.extend(
                _resource(summary, "LastUpdatedTimestamp")
                for summary in page.get("StackResourceSummaries", [])
            )
            token = page.get("NextToken")
            if not token:
                return found

    def resource(self, stack_id: str, logical_id: str) -> StackResource | None:
        """One resource of the stack by its logical id (DescribeStackResources), ``None`` if it has none."""
        try:
            page = self._call("describe_stack_resources", StackName=stack_id, LogicalResourceId=logical_id)
        except CloudFormationError as error:
            if error.code == "ValidationError":  # "Resource X does not exist for stack Y"
                return None
            raise
        resources = page.get("StackResources") or []
        return _resource(resources[0], "Timestamp") if resources else None


def _resource(data: dict[str, Any], timestamp_key: str) -> StackResource:
    stamp = data.get(timestamp_key)
    return StackResource(
        logical_id=str(data["LogicalResourceId"]),
        resource_type=str(data.get("ResourceType", "")),
        physical_id=str(data["PhysicalResourceId"]) if data.get("PhysicalResourceId") else None,
        status=str(data.get("ResourceStatus", "")),
        updated=stamp.timestamp() if isinstance(stamp, datetime) else 0.0,
    )


@functools.cache
def default_api() -> CloudFormationApi:
    """The CloudFormationApi of this Lambda environment, built on first use and kept while it stays warm."""
    return CloudFormationApi(boto3.client("cloudformation", config=CLIENT_CONFIG))
