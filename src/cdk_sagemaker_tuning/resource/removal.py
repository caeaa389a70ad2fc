"""What happens to a job replaced by a changed request: ``replaced_job_removal_policy`` as ``UpdateReplacePolicy``.

Kept apart from ``removal_policy`` (``DeletionPolicy``): ``CustomResource`` applies a removal policy to both,
which would keep every replaced job running when the user only meant to keep the job on stack delete.
"""

from __future__ import annotations

from aws_cdk import CfnDeletionPolicy, RemovalPolicy

from .._core import checks

UPDATE_REPLACE_POLICIES = {
    RemovalPolicy.DESTROY: CfnDeletionPolicy.DELETE,
    RemovalPolicy.RETAIN: CfnDeletionPolicy.RETAIN,
}


def update_replace_policy(replaced_job_removal_policy: RemovalPolicy | None) -> CfnDeletionPolicy:
    """The ``UpdateReplacePolicy`` of ``replaced_job_removal_policy``: only DESTROY and RETAIN mean something."""
    policy = replaced_job_removal_policy or RemovalPolicy.DESTROY
    if policy not in UPDATE_REPLACE_POLICIES:
        raise checks.PROP_VALUE.error(
            f"'replaced_job_removal_policy' must be RemovalPolicy.DESTROY (stop the replaced job) or "
            f"RemovalPolicy.RETAIN (leave it running), got {policy}",
            value=policy,
        )
    return UPDATE_REPLACE_POLICIES[policy]
