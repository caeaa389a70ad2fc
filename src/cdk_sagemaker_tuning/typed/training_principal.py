"""Who the training jobs run as, and their network: ``role``, ``grant_principal`` and ``connections``.

A mixin of the two typed declarations, the ``HyperParameterTuningJob`` construct and the
``SageMakerCreateHyperParameterTuningJob`` Step Functions task: both keep their bound training definitions
(``_bound_definitions``). Their raw-request siblings have no such attributes: the request names its roles.
"""

from __future__ import annotations

from typing import Any, ClassVar

from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam

from .._core import checks
from .training import BoundTrainingDefinition


class TrainingPrincipal:
    """The execution role and security groups of the training jobs of a typed declaration."""

    #: What the declaration is called in messages ("job", "task").
    _KIND: ClassVar[str]
    _bound_definitions: list[BoundTrainingDefinition]
    node: Any

    @property
    def role(self) -> iam.IRole:
        """The execution role of the training jobs (of the first definition, for multi-algorithm jobs)."""
        return self._bound_definitions[0].role

    @property
    def grant_principal(self) -> iam.IPrincipal:
        """The principal the training jobs run as: grant it access to more data with ``bucket.grant_read(...)``."""
        return self.role

    @property
    def connections(self) -> ec2.Connections:
        """The network connections of the training jobs' security groups (of every definition in a VPC).

        :raises TuningJobValidationError: (``connections-need-a-vpc``) when no training definition runs in
            a VPC.
        """
        security_groups: list[ec2.ISecurityGroup] = []
        for bound in self._bound_definitions:
            for group in bound.connections.security_groups if bound.connections else []:
                if group not in security_groups:
                    security_groups.append(group)
        if not security_groups:
            raise checks.CONNECTIONS_NEED_A_VPC.error(
                f"{self._KIND} {self.node.path} has no 'connections': none of its training definitions runs in "
                "a VPC; give the TrainingJobDefinition a 'vpc'"
            )
        return ec2.Connections(security_groups=security_groups)
