"""The custom-resource provider shared by every tuning job of a stack."""

from __future__ import annotations

from aws_cdk import Acknowledgment, CfnElement, Duration, Names, RemovalPolicy, Stack, Validations
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import custom_resources as cr
from constructs import Construct, IConstruct

from ._handler_asset import handler_code

#: The type every tuning job's custom resource has in the template.
RESOURCE_TYPE = "Custom::SageMakerHyperParameterTuningJob"

_PROVIDER_ID = "SageMakerTuningJobProvider"
#: The Provider framework's ceiling: long enough to stop a job or wait for a short one.
_TOTAL_TIMEOUT = Duration.hours(1)
_QUERY_INTERVAL = Duration.seconds(30)
#: How long is_complete waits for a job to complete, from the job's CreationTime, before it stops the job
#: and fails. When the framework's total timeout expires it fails the resource without calling the handler
#: (its onTimeout does not reach us), which would leave the job running. The framework counts that timeout
#: in polls (total timeout / query interval = 120 polls, 30 s apart at least), so a budget five minutes
#: short of it is exceeded about ten polls before the last one, however long each poll takes.
WAIT_BUDGET = Duration.minutes(_TOTAL_TIMEOUT.to_minutes() - 5)
#: The handler functions' timeout. One invocation makes up to seven SageMaker calls (a replacing update:
#: Describe and ListTags of the current job and of the job it replaced, Create, then Describe and ListTags
#: to adopt a job a retried create already started; index.MAX_SAGEMAKER_CALLS_PER_EVENT), and the
#: handler's client bounds one call at 115 s (5 attempts of 5 s connect + 15 s read, plus at most
#: 1 + 2 + 4 + 8 s of standard-mode back-off; sagemaker_api.worst_case_call_seconds): 7 x 115 s = 805 s,
#: within Lambda's maximum of 15 minutes (900 s). A normal call takes well under a second. The Provider
#: framework's own onEvent function waits up to 15 minutes for ours, and its waiter simply polls again.
HANDLER_TIMEOUT = Duration.minutes(15)
_SAGEMAKER_SERVICE = "sagemaker.amazonaws.com"


class TuningJobProvider(Construct):
    """One Provider-framework stack per stack: its Lambda functions create, watch and stop tuning jobs.

    Use :meth:`of` rather than the constructor, so that every tuning job of a stack shares one set of
    functions and one role.
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
        code = handler_code()

        self.log_group = logs.LogGroup(self, "HandlerLogs", retention=logs.RetentionDays.ONE_MONTH)
        self.role = iam.Role(
            self,
            "HandlerRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Creates, describes, tags and stops SageMaker hyperparameter tuning jobs",
        )
        self.log_group.grant_write(self.role)
        tuning_jobs = stack.format_arn(
            service="sagemaker", resource="hyper-parameter-tuning-job", resource_name="*"
        )
        training_jobs = stack.format_arn(service="sagemaker", resource="training-job", resource_name="*")
        self.role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="ManageTuningJobs",
                actions=[
                    "sagemaker:CreateHyperParameterTuningJob",
                    "sagemaker:DescribeHyperParameterTuningJob",
                    "sagemaker:StopHyperParameterTuningJob",
                    "sagemaker:DeleteHyperParameterTuningJob",
                    "sagemaker:AddTags",
                    "sagemaker:DeleteTags",
                    "sagemaker:ListTags",
                ],
                resources=[tuning_jobs],
            )
        )
        # The best training job's model artifacts are read from DescribeTrainingJob.
        self.role.add_to_principal_policy(
            iam.PolicyStatement(
                sid="DescribeBestTrainingJob",
                actions=["sagemaker:DescribeTrainingJob"],
                resources=[training_jobs],
            )
        )

        def handler(name: str, entry: str, timeout: Duration) -> lambda_.Function:
            return lambda_.Function(
                self,
                name,
                code=code,
                handler=f"_handler.index.{entry}",
                runtime=lambda_.Runtime.PYTHON_3_14,
                architecture=lambda_.Architecture.ARM_64,
                role=self.role,
                timeout=timeout,
                memory_size=256,
                log_group=self.log_group,
                logging_format=lambda_.LoggingFormat.JSON,
                description=f"cdk-sagemaker-tuning: {entry} for {RESOURCE_TYPE}",
                environment={"WAIT_BUDGET_SECONDS": str(int(WAIT_BUDGET.to_seconds()))},
            )

        self.on_event_function = handler("OnEvent", "on_event", HANDLER_TIMEOUT)
        self.is_complete_function = handler("IsComplete", "is_complete", HANDLER_TIMEOUT)

        # The framework's own functions get roles of ours, so they log to a log group with a retention
        # through an inline grant instead of the AWSLambdaBasicExecutionRole managed policy (cdk-nag IAM4).
        # Two roles, as the framework expects: one role for all three would be a dependency cycle
        # (onEvent starts the waiter, whose role invokes isComplete).
        self.framework_log_group = logs.LogGroup(
            self, "FrameworkLogs", retention=logs.RetentionDays.ONE_MONTH
        )

        def framework_role(name: str, description: str) -> iam.Role:
            role = iam.Role(
                self, name, assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"), description=description
            )
            self.framework_log_group.grant_write(role)
            return role

        self.framework_on_event_role = framework_role(
            "FrameworkOnEventRole",
            "Runs the CDK Provider framework's onEvent function for SageMaker tuning jobs",
        )
        self.framework_waiter_role = framework_role(
            "FrameworkWaiterRole",
            "Runs the CDK Provider framework's isComplete and onTimeout functions for SageMaker tuning jobs",
        )
        self.provider = cr.Provider(
            self,
            "Provider",
            on_event_handler=self.on_event_function,
            is_complete_handler=self.is_complete_function,
            query_interval=_QUERY_INTERVAL,
            total_timeout=_TOTAL_TIMEOUT,
            framework_on_event_role=self.framework_on_event_role,
            framework_complete_and_timeout_role=self.framework_waiter_role,
            log_group=self.framework_log_group,
            framework_lambda_logging_level=lambda_.ApplicationLogLevel.INFO,
            # Every state transition of the waiter is logged (cdk-nag SF1), without the execution data:
            # the events carry the whole request. The framework leaves this logging off unless asked.
            disable_waiter_state_machine_logging=False,
            waiter_state_machine_log_options=cr.LogOptions(
                destination=self._waiter_log_group(),
                level=sfn.LogLevel.ALL,
                include_execution_data=False,
            ),
        )
        self._passable_role_arns: set[str] = set()
        self._acknowledge_nag_findings(stack)

    def _waiter_log_group(self) -> logs.LogGroup:
        """The waiter state machine's log group, named under ``/aws/vendedlogs/states/``.

        Step Functions adds log groups outside that prefix to the account's CloudWatch Logs resource
        policy, which has a small size limit; the framework's own default uses the prefix too. A named
        group that outlived its stack would block the next deployment of that stack, so it is destroyed
        with the stack.
        """
        unique = Names.unique_resource_name(self, max_length=200, separator="-")
        return logs.LogGroup(
            self,
            "WaiterLogs",
            log_group_name=f"/aws/vendedlogs/states/{unique}-waiter",
            retention=logs.RetentionDays.ONE_MONTH,
            removal_policy=RemovalPolicy.DESTROY,
        )

    def _acknowledge_nag_findings(self, stack: Stack) -> None:
        """Acknowledge the cdk-nag (AwsSolutions) findings that are by design, each with its reason.

        Through CDK's own ``Validations`` API, so the library needs no cdk-nag dependency; users who run
        cdk-nag v3 see these findings as acknowledged, with the reasons below.
        """

        def acknowledge(scope: IConstruct, reason: str, *ids: str) -> None:
            Validations.of(scope).acknowledge(
                *(Acknowledgment(id=f"AwsSolutions::{i}", reason=reason) for i in ids)
            )

        arn_prefix = "arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>"
        acknowledge(
            self.role,
            "Tuning job names are generated at deploy time and training job names by SageMaker, so the "
            "handler's SageMaker actions are scoped to the job ARN prefixes of this account and region.",
            f"AwsSolutions-IAM5[Resource::{arn_prefix}:hyper-parameter-tuning-job/*]",
            f"AwsSolutions-IAM5[Resource::{arn_prefix}:training-job/*]",
        )
        invoked = (self.on_event_function, self.is_complete_function)
        framework_functions = [
            child
            for child in self.provider.node.children
            if isinstance(child, lambda_.Function) and child.node.id.startswith("framework-")
        ]
        acknowledge(
            self,
            "Function.grant_invoke (used by the Provider framework) also allows invoking the function's "
            "versions and aliases (<function ARN>:*); the functions are the provider's own.",
            *(
                f"AwsSolutions-IAM5[Resource::<{_logical_id(stack, fn)}.Arn>:*]"
                for fn in (*invoked, *framework_functions)
            ),
        )
        waiter = self.provider.node.find_child("waiter-state-machine")
        acknowledge(
            waiter,
            "The Provider framework's waiter state machine has no option for X-Ray tracing; its states "
            "only invoke the provider's Lambda functions, whose logs are kept.",
            "AwsSolutions-SF2",
        )
        acknowledge(
            waiter,
            "The waiter's log delivery (logs:CreateLogDelivery, PutResourcePolicy, ...) supports no "
            "resource-level permissions, so the framework grants it on '*'.",
            "AwsSolutions-IAM5[Resource::*]",
        )

    @property
    def service_token(self) -> str:
        return self.provider.service_token

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
        self.role.add_to_principal_policy(
            iam.PolicyStatement(
                actions=["iam:PassRole"],
                resources=[role_arn],
                conditions={"StringEquals": {"iam:PassedToService": _SAGEMAKER_SERVICE}},
            )
        )


def _logical_id(stack: Stack, construct: Construct) -> str:
    """The logical id of an L2 construct's CloudFormation resource, as cdk-nag names it in findings."""
    resource = construct.node.default_child
    if not isinstance(resource, CfnElement):
        raise TypeError(f"{construct.node.path} has no CloudFormation resource")
    return stack.get_logical_id(resource)
