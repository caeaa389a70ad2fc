"""The custom-resource provider shared by every tuning job of a stack: one Lambda function.

The function answers CloudFormation itself (it PUTs the response to the event's presigned URL), like
aws-cdk-lib's own ``CustomResourceProvider`` functions, instead of going through the CDK Provider
framework (four more functions, their roles and a Step Functions waiter). To wait longer than one
invocation, it re-invokes itself asynchronously with the event and a small continuation state; every
tuning job resource sets CloudFormation's ``ServiceTimeout``, and the handler reads its budget from it.

A stack with tuning jobs gets four provider resources: the function, its role (every statement in one
inline policy), its log group, and one more policy that lets the function invoke itself. That last one is
separate because the role cannot name the function that uses it (the function depends on the role).
"""

from __future__ import annotations

from collections.abc import Sequence

from aws_cdk import Aws, Duration, RemovalPolicy, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct, IConstruct

from ._handler import contract
from ._handler_asset import HANDLER, handler_code
from .nag_acknowledgements import acknowledge_provider_findings

#: The type every tuning job's custom resource has in the template.
RESOURCE_TYPE = contract.RESOURCE_TYPE

_PROVIDER_ID = "SageMakerTuningJobProvider"
_SAGEMAKER_SERVICE = "sagemaker.amazonaws.com"
_CREATE_ACTION = "CreateHyperParameterTuningJob"
#: CloudFormation waits this long for each answer (its maximum); the handler answers before then.
SERVICE_TIMEOUT = Duration.seconds(contract.SERVICE_TIMEOUT_SECONDS)
#: One invocation's limit (Lambda's maximum); the handler continues in a new invocation when it needs more.
FUNCTION_TIMEOUT = Duration.seconds(contract.FUNCTION_TIMEOUT_SECONDS)


class TuningJobProvider(Construct):
    """The one Lambda function per stack that creates, watches and stops the stack's tuning jobs.

    Use :meth:`of` rather than the constructor, so that every tuning job of a stack shares one function
    and one role.

    Its role may act only on the tuning jobs of its own stack: a job is created only with the ownership
    tag (``contract.STACK_TAG``) naming this stack, and stopped, deleted or re-tagged only while it
    carries that tag.
    """

    @classmethod
    def of(cls, scope: Construct) -> TuningJobProvider:
        """The provider of the stack that holds ``scope``, created on first use."""
        stack = Stack.of(scope)
        existing = stack.node.try_find_child(_PROVIDER_ID)
        if isinstance(existing, TuningJobProvider):
            return existing
        return cls(stack, _PROVIDER_ID)

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        stack = Stack.of(self)
        self._tuning_jobs = stack.format_arn(
            service="sagemaker", resource="hyper-parameter-tuning-job", resource_name="*"
        )
        self._training_jobs = stack.format_arn(
            service="sagemaker", resource="training-job", resource_name="*"
        )

        # Goes with the stack: nothing in it outlives the jobs, and a kept group would only cost money.
        self.log_group = logs.LogGroup(
            self, "Logs", retention=logs.RetentionDays.ONE_MONTH, removal_policy=RemovalPolicy.DESTROY
        )
        # Rendered at synth, so PassRole statements added by later jobs land in the role's own inline
        # policy: no DefaultPolicy resource.
        self.policy = iam.PolicyDocument(
            statements=_handler_statements(self.log_group, self._tuning_jobs, self._training_jobs)
        )
        self.role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Creates, describes, tags and stops the SageMaker hyperparameter tuning jobs of its stack",
            inline_policies={"TuningJobs": self.policy},
        )
        self.function = lambda_.Function(
            self,
            "Function",
            code=handler_code(),
            handler=HANDLER,
            runtime=lambda_.Runtime.PYTHON_3_14,
            architecture=lambda_.Architecture.ARM_64,
            role=self.role,
            timeout=FUNCTION_TIMEOUT,
            memory_size=256,
            log_group=self.log_group,
            logging_format=lambda_.LoggingFormat.JSON,
            application_log_level_v2=lambda_.ApplicationLogLevel.INFO,
            system_log_level_v2=lambda_.SystemLogLevel.WARN,
            description=f"cdk-sagemaker-tuning: serves {RESOURCE_TYPE}",
        )
        # The continuation: the function re-invokes itself to keep waiting. In a policy of its own, which
        # depends on the function, because the role (which the function depends on) cannot name it.
        # Lambda's recursive loop detection (left on) stops a chain of more than 16 invocations through the
        # Invoke API; an hour at up to 15 minutes per invocation needs 5, so it only stops a runaway chain.
        self.invoke_policy = iam.Policy(
            self,
            "InvokeSelf",
            roles=[self.role],
            statements=[
                iam.PolicyStatement(
                    sid="ContinueWaiting",
                    actions=["lambda:InvokeFunction"],
                    resources=[self.function.function_arn],
                )
            ],
        )
        self._passable_role_arns: set[str] = set()
        acknowledge_provider_findings(self.role, self._tuning_jobs, self._training_jobs)

    @property
    def service_token(self) -> str:
        """The function's ARN: every tuning job resource's ``ServiceToken``."""
        return self.function.function_arn

    @property
    def dependables(self) -> Sequence[IConstruct]:
        """What a tuning job resource must be created after (and deleted before): every permission."""
        return (self.role, self.invoke_policy)

    def allow_pass_role(self, role_arn: str) -> None:
        """Let the handler pass ``role_arn`` to SageMaker, and to no other service."""
        # The same token string (one Role's role_arn used by many jobs) is recognised without a jsii
        # round trip; different strings that resolve alike (two imports of one ARN) by their resolution.
        if role_arn in self._passable_role_arns:
            return
        fingerprint = repr(Stack.of(self).resolve(role_arn))
        self._passable_role_arns.add(role_arn)
        if fingerprint in self._passable_role_arns:
            return
        self._passable_role_arns.add(fingerprint)
        self.policy.add_statements(
            iam.PolicyStatement(
                actions=["iam:PassRole"],
                resources=[role_arn],
                conditions={"StringEquals": {"iam:PassedToService": _SAGEMAKER_SERVICE}},
            )
        )


def _handler_statements(
    log_group: logs.ILogGroup, tuning_jobs: str, training_jobs: str
) -> list[iam.PolicyStatement]:
    """Everything the handler does, each action with the narrowest resource and condition IAM supports."""
    stack_tag = contract.STACK_TAG
    owned_on_create = {"StringEquals": {f"aws:RequestTag/{stack_tag}": Aws.STACK_ID}}
    return [
        iam.PolicyStatement(
            sid="WriteLogs",
            actions=["logs:CreateLogStream", "logs:PutLogEvents"],
            resources=[log_group.log_group_arn],
        ),
        # A job may only be created carrying this stack's ownership tag...
        iam.PolicyStatement(
            sid="CreateOwnedTuningJobs",
            actions=[f"sagemaker:{_CREATE_ACTION}"],
            resources=[tuning_jobs],
            conditions=owned_on_create,
        ),
        # ...which SageMaker authorizes as AddTags during the create. TaggingAction confines this statement
        # to that create: it never lets the handler put this stack's tag on an existing job.
        iam.PolicyStatement(
            sid="TagOwnedTuningJobsOnCreate",
            actions=["sagemaker:AddTags"],
            resources=[tuning_jobs],
            conditions={
                "StringEquals": {
                    **owned_on_create["StringEquals"],
                    "sagemaker:TaggingAction": _CREATE_ACTION,
                }
            },
        ),
        # Only the jobs this stack created can be stopped, deleted or re-tagged (a tags-only update).
        iam.PolicyStatement(
            sid="ManageOwnedTuningJobs",
            actions=[
                "sagemaker:StopHyperParameterTuningJob",
                "sagemaker:DeleteHyperParameterTuningJob",
                "sagemaker:AddTags",
                "sagemaker:DeleteTags",
            ],
            resources=[tuning_jobs],
            conditions={"StringEquals": {f"aws:ResourceTag/{stack_tag}": Aws.STACK_ID}},
        ),
        # Reading is how the handler finds out whether a job is its own (by its tags) in the first place.
        iam.PolicyStatement(
            sid="ReadTuningJobs",
            actions=["sagemaker:DescribeHyperParameterTuningJob", "sagemaker:ListTags"],
            resources=[tuning_jobs],
        ),
        # The best training job's model artifacts are read from DescribeTrainingJob.
        iam.PolicyStatement(
            sid="DescribeBestTrainingJob",
            actions=["sagemaker:DescribeTrainingJob"],
            resources=[training_jobs],
        ),
    ]
