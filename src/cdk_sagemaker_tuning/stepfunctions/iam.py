"""What a state machine role needs to run a tuning job through Step Functions' SageMaker integration.

The statements Step Functions generates for its SageMaker integrations, scoped to one tuning job:
https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html (create the job; for ``.sync``
also describe and stop it and manage the EventBridge rule through which Step Functions learns that it
has ended; list tags; pass the execution role, only to SageMaker).
"""

from __future__ import annotations

from typing import Any

from aws_cdk import ArnFormat, Stack
from aws_cdk import aws_iam as iam

from .._core.runtime_text import literal_start
from .._core.tokens import is_unresolved
from ..grants.execution_role import SAGEMAKER_PRINCIPAL

#: The EventBridge rule Step Functions manages to learn when the tuning job of a ``.sync`` task ends.
EVENTS_RULE = "StepFunctionsGetEventsForSageMakerTuningJobsRule"


def job_arn_patterns(stack: Stack, job_name: Any) -> list[str]:
    """The ARNs of the jobs named ``job_name``: its literal start (before any run-time value, into a
    ``sfn.JsonPath.format`` template), then ``*``.

    IAM compares ARNs case-sensitively, and a tuning job's ARN keeps its name's case (boto3#4606), though
    SageMaker's names are otherwise case-insensitive. Which one SageMaker authorizes the create with is not
    documented: a start with upper-case letters is granted as written and in lower case.
    """
    start = literal_start(job_name) if isinstance(job_name, str) else ""
    starts = [start]
    if not is_unresolved(start) and start.lower() != start:
        starts.append(start.lower())
    return [
        stack.format_arn(
            service="sagemaker",
            resource="hyper-parameter-tuning-job",
            resource_name=f"{prefix}*",
            arn_format=ArnFormat.SLASH_RESOURCE_NAME,
        )
        for prefix in starts
    ]


def pass_role_statement() -> iam.PolicyStatement:
    """``iam:PassRole`` only to SageMaker; the roles are added once the request names them."""
    return iam.PolicyStatement(
        actions=["iam:PassRole"],
        conditions={"StringEquals": {"iam:PassedToService": SAGEMAKER_PRINCIPAL}},
    )


def integration_statements(
    stack: Stack, job_arns: list[str], *, run_job: bool, tagged: bool
) -> list[iam.PolicyStatement]:
    """The statements besides ``CreateHyperParameterTuningJob`` and ``iam:PassRole``.

    :param job_arns: the ARN patterns of the task's jobs (:func:`job_arn_patterns`).
    :param run_job: the ``.sync`` integration (``IntegrationPattern.RUN_JOB``).
    :param tagged: the request has ``Tags``: creating a tagged job needs ``sagemaker:AddTags`` on it.
    """
    statements = [iam.PolicyStatement(actions=["sagemaker:ListTags"], resources=["*"])]
    job_actions = []
    if run_job:
        # Step Functions polls the job, and stops it when the execution is stopped.
        job_actions += ["sagemaker:DescribeHyperParameterTuningJob", "sagemaker:StopHyperParameterTuningJob"]
    if tagged:
        job_actions.append("sagemaker:AddTags")
    if job_actions:
        statements.append(iam.PolicyStatement(actions=job_actions, resources=job_arns))
    if run_job:
        statements.append(
            iam.PolicyStatement(
                actions=["events:PutTargets", "events:PutRule", "events:DescribeRule"],
                resources=[stack.format_arn(service="events", resource="rule", resource_name=EVENTS_RULE)],
            )
        )
    return statements
