"""cdk-nag acknowledgements of the findings that the library's own resources raise by design.

One place for every acknowledgement, each with its reason (the provider's and the created execution
roles'), through CDK's ``Validations`` API (cdk-nag v3 reads them); the library does not depend on cdk-nag
itself. ``nag.py`` names the acknowledged resources the way cdk-nag prints them.
"""

from __future__ import annotations

from typing import Any

import jsii
from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from constructs import IConstruct, IValidation

from .execution_role import TRAINING_LOG_GROUP
from .nag import acknowledge, acknowledge_iam5_findings, resolved_finding_resource

# cdk-nag (AwsSolutions-IAM5) findings on the created execution role that are by design, by kind.
_WILDCARD_REASONS = {
    "grant-actions": (
        "The role is granted through aws-cdk-lib's grant methods (Bucket.grant_put, Key.grant_encrypt_decrypt "
        "and grant_decrypt, Repository.grant_pull), which name action families with a wildcard "
        "(s3:Abort*, kms:ReEncrypt*, ...); they apply to the definition's buckets, keys and image only. "
        "Reading S3 names s3:GetObject and a prefix-conditioned s3:ListBucket, no family."
    ),
    "s3-prefix": (
        "The training jobs read their input channels and write their model artifacts and checkpoints as "
        "S3 objects under the key prefixes the definition names (<bucket>/<prefix>*), whose keys SageMaker "
        "and the training code choose."
    ),
    "log-streams": (
        "SageMaker writes each training job's logs to a stream named after the job in "
        f"{TRAINING_LOG_GROUP}, so the role may write to that one log group's streams."
    ),
    "no-resource-level": (
        "cloudwatch:PutMetricData (narrowed by a cloudwatch:namespace condition), the EC2 Describe actions and "
        "ec2:DeleteNetworkInterfacePermission of a job in a VPC (narrowed by an ec2:Region condition) and "
        "ecr:GetAuthorizationToken support no resource-level permissions."
    ),
    "network-interfaces": (
        "EC2 names a training job's network interfaces when SageMaker creates them, so they cannot be listed; "
        "conditions hold them to the job's subnets and VPC (ec2:Subnet, ec2:Vpc) and the security groups to "
        "the job's VPC (ec2:Vpc), and interfaces are created only in the job's subnets, named by ARN."
    ),
}
# The resource types of the EC2 statements of a job in a VPC whose ids EC2 chooses or the user passes.
_NETWORK_RESOURCES = (":network-interface/*", ":security-group/*")
_GRANT_ACTION_SERVICES = ("s3:", "kms:", "ecr:")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def acknowledge_execution_role_findings(role: iam.IRole) -> None:
    """Acknowledge the wildcards of the created execution role's policy that are by design.

    Only what is in the policy when the definition is bound, that is what the library granted, and
    only the kinds in ``_WILDCARD_REASONS``: a wildcard the user adds later to ``job.role``, or of
    another kind, is still reported. Through CDK's ``Validations`` API, like the provider's.

    The statements are taken now, but named at synth (a construct validation, which runs once CDK has
    resolved references between stacks): a bucket or key of another stack appears in the template as an
    ``Fn::ImportValue`` (or ``Fn::GetStackOutput``) of its producer's output, not as the ``Fn::GetAtt`` it
    resolves to beforehand, and cdk-nag names the finding after the template.
    """
    policy = role.node.try_find_child("DefaultPolicy")
    if not isinstance(policy, iam.Policy):
        return
    role.node.add_validation(_ExecutionRoleAcknowledgements(role, policy.document.to_json()))


@jsii.implements(IValidation)
class _ExecutionRoleAcknowledgements:
    """Names the bound statements' by-design wildcards as cdk-nag will, once references are resolved."""

    def __init__(self, role: iam.IRole, statements: Any) -> None:
        self._role = role
        self._statements = statements  # the policy as bound, tokens unresolved

    def validate(self) -> list[str]:
        document = Stack.of(self._role).resolve(self._statements)
        acknowledgments = _by_design_wildcards(document)
        # Through nag.acknowledge, which leaves out bracketed ids where aws-cdk-lib refuses them (< 2.269).
        acknowledge(
            self._role,
            (
                (f"AwsSolutions::AwsSolutions-IAM5[{finding}]", reason)
                for finding, reason in sorted(acknowledgments.items())
            ),
        )
        return []


def _by_design_wildcards(document: Any) -> dict[str, str]:
    """The findings (``Resource::...``, ``Action::...``) of a resolved policy that are by design, with reasons."""
    acknowledgments: dict[str, str] = {}
    for statement in document.get("Statement", []):
        if statement.get("Effect") != "Allow":
            continue
        actions = [str(action) for action in _as_list(statement.get("Action", []))]
        for action in actions:
            if "*" in action and action.startswith(_GRANT_ACTION_SERVICES):
                acknowledgments[f"Action::{action}"] = _WILDCARD_REASONS["grant-actions"]
        for resource in map(resolved_finding_resource, _as_list(statement.get("Resource", []))):
            if "*" not in resource:
                continue
            if resource == "*":
                kind = "no-resource-level"
            elif all(action.startswith("logs:") for action in actions) and TRAINING_LOG_GROUP in resource:
                kind = "log-streams"
            elif all(action.startswith("s3:") for action in actions):
                kind = "s3-prefix"
            elif all(action.startswith("ec2:") for action in actions) and resource.endswith(
                _NETWORK_RESOURCES
            ):
                kind = "network-interfaces"
            else:
                continue
            acknowledgments[f"Resource::{resource}"] = _WILDCARD_REASONS[kind]
    return acknowledgments


def acknowledge_provider_findings(policy: IConstruct, tuning_jobs: str) -> None:
    """Acknowledge the provider policy's tuning-job ARN prefix, which is by design.

    ``tuning_jobs`` is the ARN granted on as cdk-nag names it (``nag.finding_resource``), so the
    acknowledgement matches a region-agnostic stack and one with an explicit account and region.
    """
    acknowledge_iam5_findings(
        policy,
        "Tuning job names are generated at deploy time, so the handler's tuning-job actions are scoped "
        "to the job ARN prefix of this account and region; creating, stopping, deleting and re-tagging "
        "are further limited to jobs tagged with this stack's id.",
        tuning_jobs,
    )


def acknowledge_training_job_reads(policy: IConstruct, training_jobs: str) -> None:
    """Acknowledge the training-job ARN prefix of DescribeTrainingJob, granted in stacks that await a job.

    ``training_jobs`` is named as cdk-nag names it, like ``acknowledge_provider_findings``'s ARN.
    """
    acknowledge_iam5_findings(
        policy,
        "Training job names are chosen by SageMaker, so DescribeTrainingJob (read only, for the best "
        "training job's model artifacts) is scoped to the training job ARN prefix of this account and "
        "region.",
        training_jobs,
    )


def acknowledge_failed_events_queue(queue: IConstruct) -> None:
    """The on-failure queue is itself where failed events end: it needs no dead-letter queue of its own."""
    acknowledge(
        queue,
        [
            (
                "AwsSolutions::AwsSolutions-SQS3",
                "This queue is the provider function's on-failure destination: the dead letters themselves.",
            )
        ],
    )
