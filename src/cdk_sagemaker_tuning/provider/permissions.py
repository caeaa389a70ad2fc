"""What the provider's function may do, in IAM's own JSON: its one policy's statements and its queue's.

Every action with the narrowest resource and condition IAM supports (each pair checked against the IAM
Service Authorization Reference in ``tests/test_provider.py``). Built as JSON so that one
``PolicyDocument.from_json`` call renders them all in Node.js.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import Aws, Fn, Stack
from aws_cdk import aws_sqs as sqs

from .._core.tokens import is_unresolved
from .._handler import contract
from ..grants.nag import finding_resource, resolved_finding_resource

_CREATE_ACTION = "CreateHyperParameterTuningJob"

#: The stack's id, the value of its ownership tag (``contract.STACK_TAG``) on every job it creates.
_STACK_ID = Aws.STACK_ID

#: ``Fn::Sub`` names of the pseudo parameters a region-agnostic stack's ARNs are made of.
_PSEUDO_PARAMETERS = {
    Aws.PARTITION: "${AWS::Partition}",
    Aws.REGION: "${AWS::Region}",
    Aws.ACCOUNT_ID: "${AWS::AccountId}",
}


def sagemaker_arns(stack: Stack, resource: str) -> tuple[str, str]:
    """``arn:<partition>:sagemaker:<region>:<account>:<resource>/*`` of ``stack``: what ``format_arn`` gives.

    As one ``Fn::Sub`` string (or a literal, in a stack with an explicit environment) rather than
    ``format_arn``'s ``Fn::Join`` of six parts: the same ARN in a third of the template bytes, and cdk-nag
    names it alike (``<AWS::Region>``). Any other token falls back to ``format_arn``. Returned with its
    name in cdk-nag's findings (``nag.finding_resource``), known here without resolving it in Node.js.
    """
    parts = []
    for value in (stack.partition, stack.region, stack.account):
        if not is_unresolved(value):
            parts.append(value)
        elif value in _PSEUDO_PARAMETERS:
            parts.append(_PSEUDO_PARAMETERS[value])
        else:
            arn = stack.format_arn(service="sagemaker", resource=resource, resource_name="*")
            return arn, finding_resource(stack, arn)
    arn = "arn:{}:sagemaker:{}:{}:".format(*parts) + f"{resource}/*"
    return (Fn.sub(arn) if "${" in arn else arn), resolved_finding_resource(arn)


def handler_statements(
    log_group_arn: str, tuning_jobs: str, function_arn: str, failed_events_arn: str
) -> list[dict[str, Any]]:
    """Everything the handler does, each action with the narrowest resource and condition IAM supports.

    In IAM's own JSON, so that one ``PolicyDocument.from_json`` call builds them all in Node.js.
    """
    owned_on_create = {f"aws:RequestTag/{contract.STACK_TAG}": _STACK_ID}
    return [
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": log_group_arn,
        },
        # A job may only be created carrying this stack's ownership tag...
        {
            "Effect": "Allow",
            "Action": f"sagemaker:{_CREATE_ACTION}",
            "Resource": tuning_jobs,
            "Condition": {"StringEquals": owned_on_create},
        },
        # ...which SageMaker authorizes as AddTags during the create. TaggingAction confines this statement
        # to that create: it never lets the handler put this stack's tag on an existing job.
        {
            "Effect": "Allow",
            "Action": "sagemaker:AddTags",
            "Resource": tuning_jobs,
            "Condition": {"StringEquals": {**owned_on_create, "sagemaker:TaggingAction": _CREATE_ACTION}},
        },
        # Only the jobs this stack created can be stopped or deleted...
        {
            "Effect": "Allow",
            "Action": ["sagemaker:StopHyperParameterTuningJob", "sagemaker:DeleteHyperParameterTuningJob"],
            "Resource": tuning_jobs,
            "Condition": {"StringEquals": {f"aws:ResourceTag/{contract.STACK_TAG}": _STACK_ID}},
        },
        # ...or re-tagged (a tags-only update), never touching the tags that say who owns a job.
        {
            "Effect": "Allow",
            "Action": ["sagemaker:DeleteTags", "sagemaker:AddTags"],
            "Resource": tuning_jobs,
            "Condition": {
                "StringEquals": {f"aws:ResourceTag/{contract.STACK_TAG}": _STACK_ID},
                "ForAllValues:StringNotEquals": {"aws:TagKeys": sorted(contract.OWNERSHIP_TAG_KEYS)},
            },
        },
        # Reading is how the handler finds out whether a job is its own (by its tags) in the first place.
        {
            "Effect": "Allow",
            "Action": ["sagemaker:DescribeHyperParameterTuningJob", "sagemaker:ListTags"],
            "Resource": tuning_jobs,
        },
        # The reconciler and the Delete of a cancelled create look for running jobs by name, which ListHyper-
        # ParameterTuningJobs serves for no narrower resource; what they then do is bounded above.
        {"Effect": "Allow", "Action": "sagemaker:ListHyperParameterTuningJobs", "Resource": "*"},
        # The function reads its own stack (a rollback's status, the jobs its resources hold), nothing else.
        {
            "Effect": "Allow",
            "Action": [
                "cloudformation:DescribeStacks",
                "cloudformation:DescribeStackResources",
                "cloudformation:ListStackResources",
            ],
            "Resource": _STACK_ID,
        },
        # Lambda sends the invocations it gave up on to the on-failure queue with the function's role.
        {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": failed_events_arn},
        # The continuation: the function re-invokes itself to keep waiting. Lambda's recursive loop
        # detection does not watch direct Invoke calls: the handler ends a chain itself, with the event's
        # budget and at the longest chain that budget can need (_handler.budget.max_invocations).
        {
            "Effect": "Allow",
            "Action": "lambda:InvokeFunction",
            "Resource": function_arn,
        },
    ]


def tls_only(queue: sqs.CfnQueue) -> dict[str, Any]:
    """The queue's policy: nothing reaches it but over TLS (aws:SecureTransport)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": "sqs:*",
                "Resource": queue.attr_arn,
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }
