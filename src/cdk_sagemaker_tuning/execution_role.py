"""The execution role of the training jobs: created when none is given, and what every training job needs.

The role is created once per tuning job (id ``Role`` in the job's scope) and shared by its definitions;
each definition then grants it what it uses (data, output, keys, image) through aws-cdk-lib's grant
methods, and this module adds the logs, metrics and network permissions every training job needs.
"""

from __future__ import annotations

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_iam as iam
from constructs import Construct

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
            raise ValueError(f"{job.node.path}/{ROLE_ID} exists and is not an iam.Role")
        return existing
    return iam.Role(
        job,
        ROLE_ID,
        assumed_by=iam.ServicePrincipal(SAGEMAKER_PRINCIPAL),
        description=f"Execution role of the training jobs of tuning job {job.node.path}",
    )


def allow_training_basics(role: iam.IRole, stack: Stack, *, vpc: bool) -> None:
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
    if vpc:
        role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=[
                    "ec2:CreateNetworkInterface",
                    "ec2:CreateNetworkInterfacePermission",
                    "ec2:DeleteNetworkInterface",
                    "ec2:DeleteNetworkInterfacePermission",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeVpcs",
                    "ec2:DescribeDhcpOptions",
                    "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups",
                ],
                # These EC2 actions do not support resource-level scoping for this use.
                resources=["*"],
            )
        )
