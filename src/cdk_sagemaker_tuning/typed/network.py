"""The network of the training jobs: the VPC's subnets and security groups (``VpcConfig``), isolation and
encryption between instances.

``NetworkOptions`` is the keyword group of ``TrainingJobDefinition``; ``Network`` is its frozen value object,
which owns the type checks and the rendering. A security group is created once per tuning job (id
``SecurityGroup`` in the job's scope) when a definition in a VPC gives none, and shared by the job's
definitions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypedDict

from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from .._core import checks
from .prop_types import Finding, type_error
from .request_builder import RequestBuilder

#: Construct id, in the tuning job's scope, of the security group created when a definition has none.
SECURITY_GROUP_ID = "SecurityGroup"


def security_group(job: Construct, vpc: ec2.IVpc) -> ec2.ISecurityGroup:
    existing = job.node.try_find_child(SECURITY_GROUP_ID)
    if existing is not None:
        if not isinstance(existing, ec2.SecurityGroup):
            raise checks.CONSTRUCT_ID_TAKEN.error(
                f"{job.node.path}/{SECURITY_GROUP_ID} exists and is not an ec2.SecurityGroup"
            )
        cfn = existing.node.default_child
        if isinstance(cfn, ec2.CfnSecurityGroup) and cfn.vpc_id != vpc.vpc_id:
            raise checks.ONE_VPC_PER_JOB.error(
                f"the training definitions of {job.node.path} use different VPCs: the created security group "
                f"is in another VPC than {vpc.node.path}; give 'security_groups' explicitly"
            )
        return existing
    return ec2.SecurityGroup(
        job,
        SECURITY_GROUP_ID,
        vpc=vpc,
        description=f"Training jobs of tuning job {job.node.path}",
    )


def subnet_ids(vpc: ec2.IVpc, selection: ec2.SubnetSelection | None) -> list[str]:
    """The ids of the subnets ``selection`` picks in ``vpc`` (the VPC's private subnets without one)."""
    if selection is None:
        return vpc.select_subnets().subnet_ids
    # jsii flattens the SubnetSelection struct into keyword arguments: pass its public fields back.
    return vpc.select_subnets(
        availability_zones=selection.availability_zones,
        one_per_az=selection.one_per_az,
        subnet_filters=selection.subnet_filters,
        subnet_group_name=selection.subnet_group_name,
        subnets=selection.subnets,
        subnet_type=selection.subnet_type,
    ).subnet_ids


def render_vpc_config(
    builder: RequestBuilder,
    job: Construct,
    vpc: ec2.IVpc,
    subnets: ec2.SubnetSelection | None,
    security_groups: list[ec2.ISecurityGroup],
) -> ec2.Connections:
    """Write ``VpcConfig`` (creating the job's security group when none is given); the jobs' connections."""
    groups = security_groups or [security_group(job, vpc)]
    builder.put("VpcConfig", None, "vpc")
    builder.put(
        "VpcConfig.SecurityGroupIds", [group.security_group_id for group in groups], "security_groups"
    )
    builder.put("VpcConfig.Subnets", subnet_ids(vpc, subnets), "vpc_subnets")
    return ec2.Connections(security_groups=groups)


class NetworkOptions(TypedDict, total=False):
    """The network of a training job definition.

    :param vpc: the VPC the training containers join. :default: - no VPC
    :param vpc_subnets: the subnets in ``vpc``. :default: - the VPC's private subnets
    :param security_groups: up to 5 security groups. :default: - one is created in the tuning job's
        scope (id ``SecurityGroup``, shared by the job's definitions) when ``vpc`` is given
    :param enable_network_isolation: forbid the containers any network access
        (``EnableNetworkIsolation``). :default: - false
    :param encrypt_inter_container_traffic: encrypt traffic between the instances of distributed
        training (``EnableInterContainerTrafficEncryption``). :default: - false
    """

    vpc: ec2.IVpc | None
    vpc_subnets: ec2.SubnetSelection | None
    security_groups: Sequence[ec2.ISecurityGroup] | None
    enable_network_isolation: bool | None
    encrypt_inter_container_traffic: bool | None


@dataclass(frozen=True)
class Network:
    """The ``NetworkOptions`` of one training job definition as a value: type checks and render.

    :param options: the options as given to ``TrainingJobDefinition``.
    """

    options: NetworkOptions

    @property
    def vpc(self) -> ec2.IVpc | None:
        return self.options.get("vpc")

    def errors(self) -> list[Finding]:
        """The Python type errors of the props, and the props that need ``vpc`` (``prop-combination``)."""
        options = self.options
        found = [
            type_error("enable_network_isolation", options.get("enable_network_isolation"), bool),
            type_error(
                "encrypt_inter_container_traffic", options.get("encrypt_inter_container_traffic"), bool
            ),
        ]
        errors: list[Finding] = [error for error in found if error]
        if self.vpc is None:
            errors += [
                checks.PROP_COMBINATION.problem(f"'{prop}' needs 'vpc'")
                for prop in ("vpc_subnets", "security_groups")
                if options.get(prop)
            ]
        return errors

    def render(self, builder: RequestBuilder, job: Construct) -> ec2.Connections | None:
        """Write ``VpcConfig`` (when in a VPC), isolation and encryption; the jobs' connections, if any."""
        options = self.options
        connections = None
        if self.vpc is not None:
            groups = list(options.get("security_groups") or ())
            connections = render_vpc_config(builder, job, self.vpc, options.get("vpc_subnets"), groups)
        return connections

    def render_flags(self, builder: RequestBuilder) -> None:
        """Write ``EnableNetworkIsolation`` and ``EnableInterContainerTrafficEncryption``."""
        options = self.options
        isolation = options.get("enable_network_isolation")
        builder.put("EnableNetworkIsolation", isolation, "enable_network_isolation")
        encryption = options.get("encrypt_inter_container_traffic")
        builder.put("EnableInterContainerTrafficEncryption", encryption, "encrypt_inter_container_traffic")
