"""cdk-nag acknowledgements that match however the stack is deployed.

cdk-nag names the resource of an IAM5 finding (``AwsSolutions-IAM5[Resource::...]``) by resolving the
policy's ``Resource`` and printing references as ``<AWS::Region>`` (``Ref``) or ``<Logical.Attribute>``
(``Fn::GetAtt``), and ``${AWS::Region}`` in an ``Fn::Sub`` string alike. ``Stack.format_arn`` gives references in a region-agnostic stack and literals in a stack
with an explicit account and region, so an acknowledgement written for one does not match the other.
:func:`finding_resource` derives the name from the value granted on, the way cdk-nag does.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from aws_cdk import Acknowledgment, Stack, Validations
from constructs import IConstruct


def finding_resource(scope: IConstruct, value: str) -> str:
    """``value`` (an ARN, tokens allowed) as cdk-nag names it in a finding of ``scope``'s stack.

    For example ``arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:training-job/*``, or
    ``arn:aws:sagemaker:us-east-1:123456789012:training-job/*`` in a stack with an explicit environment.
    """
    return resolved_finding_resource(Stack.of(scope).resolve(value))


def resolved_finding_resource(value: Any) -> str:
    """An already resolved ``Resource`` entry as cdk-nag names it.

    Written by hand because the library does not depend on cdk-nag, whose own helper is internal. An
    intrinsic other than ``Ref``, ``Fn::GetAtt``, ``Fn::Join``, ``Fn::Sub`` (of a string) and ``Fn::ImportValue``
    is named by its compact JSON, as cdk-nag names it (``Fn::GetStackOutput``, a reference to another
    stack's output under some feature flags, is one).
    """
    if isinstance(value, str):
        return value.replace("${", "<").replace("}", ">")
    if isinstance(value, dict) and len(value) == 1:
        [(name, args)] = value.items()
        if name in _RENDERERS:
            return _RENDERERS[name](args)
    return json.dumps(value, separators=(",", ":"))


def acknowledge_iam5_resources(scope: IConstruct, reason: str, *resources: str) -> None:
    """Acknowledge ``AwsSolutions-IAM5`` findings on ``scope`` (and its children) for these resources."""
    acknowledge_iam5_findings(scope, reason, *(finding_resource(scope, resource) for resource in resources))


def acknowledge_iam5_findings(scope: IConstruct, reason: str, *findings: str) -> None:
    """Acknowledge ``AwsSolutions-IAM5`` findings on ``scope`` (and its children) for resources already
    named as cdk-nag names them (see :func:`finding_resource`)."""
    acknowledge(
        scope, ((f"AwsSolutions::AwsSolutions-IAM5[Resource::{finding}]", reason) for finding in findings)
    )


#: The first aws-cdk-lib whose Validations API accepts "::" inside a rule id's brackets, as in every IAM5
#: finding cdk-nag reports ("AwsSolutions::AwsSolutions-IAM5[Resource::arn:...]"): 2.269.0 reads the id's
#: prefix with a bracket-aware parser (core/lib/validation/private/validation-id.js); before, acknowledge()
#: throws InvalidValidationId for such an id, so no one can acknowledge those findings there.
BRACKETED_IDS_SINCE = (2, 269)


@functools.cache
def _bracketed_ids_accepted() -> bool:
    # The installed distribution's version: probing the API would need a construct tree of its own.
    major, minor = importlib.metadata.version("aws-cdk-lib").split(".")[:2]
    return (int(major), int(minor)) >= BRACKETED_IDS_SINCE


def acknowledge(scope: IConstruct, acknowledgments: Iterable[tuple[str, str]]) -> None:
    """Acknowledge cdk-nag findings, ``(id, reason)`` pairs, on ``scope`` through CDK's Validations API.

    On aws-cdk-lib before 2.269 an id with "::" inside its brackets cannot be acknowledged at all (see
    :data:`BRACKETED_IDS_SINCE`): those are left out, and cdk-nag reports their findings, rather than the
    synth failing. The others (``AwsSolutions::AwsSolutions-SQS3``) are acknowledged on every version.
    """
    accepted = _bracketed_ids_accepted()
    usable = [
        Acknowledgment(id=id, reason=reason)
        for id, reason in acknowledgments
        if accepted or "::" not in id.partition("[")[2]
    ]
    if usable:
        Validations.of(scope).acknowledge(*usable)


_RENDERERS: Mapping[str, Callable[[Any], str]] = {
    "Ref": lambda name: f"<{name}>",
    "Fn::GetAtt": lambda args: f"<{args[0]}.{args[1]}>",
    # A value of another stack: cdk-nag names it by the export's name (its own rendering of it).
    "Fn::ImportValue": lambda name: resolved_finding_resource(name),
    "Fn::Join": lambda args: str(args[0]).join(resolved_finding_resource(part) for part in args[1]),
    # cdk-nag's flattenCfnReference: "${" becomes "<" and "}" becomes ">".
    "Fn::Sub": lambda text: resolved_finding_resource(text),
}
