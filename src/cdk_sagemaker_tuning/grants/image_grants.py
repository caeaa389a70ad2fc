"""ECR pull for a training image given by URI: the repository a literal ECR URI names."""

from __future__ import annotations

import re

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

from .._core.tokens import is_unresolved
from .._data.builtin_images import BUILTIN_ACCOUNTS

# Only to find the repository to grant pull on; whether the URI is valid is the model's to say.
_ECR_IMAGE = re.compile(
    r"^(?P<account>\d{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.[a-z0-9.]+/(?P<repository>[a-z0-9._/-]+)"
    r"(?::[\w.-]+)?(?:@sha256:[a-f0-9]{64})?$"
)


def grant_pull_by_uri(scope: Construct, grantee: iam.IGrantable, image_uri: str) -> None:
    """Grant pull on the ECR repository a literal image URI names (not SageMaker's own registries)."""
    if is_unresolved(image_uri):
        return
    match = _ECR_IMAGE.match(image_uri)
    if match is None or match["account"] in BUILTIN_ACCOUNTS:
        return
    stack = Stack.of(scope)
    repository_arn = stack.format_arn(
        service="ecr",
        account=match["account"],
        region=match["region"],
        resource="repository",
        resource_name=match["repository"],
    )
    iam.Grant.add_to_principal(
        grantee=grantee,
        actions=["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        resource_arns=[repository_arn],
    )
    # GetAuthorizationToken cannot be scoped to a repository.
    iam.Grant.add_to_principal(grantee=grantee, actions=["ecr:GetAuthorizationToken"], resource_arns=["*"])
