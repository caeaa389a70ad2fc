"""The custom-resource provider shared by every tuning job of a stack."""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import custom_resources as cr
from constructs import Construct

from ._handler_asset import handler_code_dir

#: The type every tuning job's custom resource has in the template.
RESOURCE_TYPE = "Custom::SageMakerHyperParameterTuningJob"

_PROVIDER_ID = "SageMakerTuningJobProvider"
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
        # Byte-code caches left by tests or imports must not change the asset's hash (and the template).
        code = lambda_.Code.from_asset(handler_code_dir(), exclude=["__pycache__", "*.pyc"])

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
                handler=f"index.{entry}",
                runtime=lambda_.Runtime.PYTHON_3_14,
                architecture=lambda_.Architecture.ARM_64,
                role=self.role,
                timeout=timeout,
                memory_size=256,
                log_group=self.log_group,
                logging_format=lambda_.LoggingFormat.JSON,
                description=f"cdk-sagemaker-tuning: {entry} for {RESOURCE_TYPE}",
            )

        # Each call is one SageMaker request plus botocore's retries (standard mode, several attempts
        # with back-off); two minutes leaves room for throttling without holding the waiter long.
        self.on_event_function = handler("OnEvent", "on_event", Duration.minutes(2))
        self.is_complete_function = handler("IsComplete", "is_complete", Duration.minutes(2))

        self.provider = cr.Provider(
            self,
            "Provider",
            on_event_handler=self.on_event_function,
            is_complete_handler=self.is_complete_function,
            query_interval=Duration.seconds(30),
            # The Provider framework's ceiling: long enough to stop a job or wait for a short one.
            total_timeout=Duration.hours(1),
        )
        self._passable_role_arns: set[str] = set()

    @property
    def service_token(self) -> str:
        return self.provider.service_token

    def allow_pass_role(self, role_arn: str) -> None:
        """Let the handler pass ``role_arn`` to SageMaker, and to no other service."""
        key = Stack.of(self).resolve(role_arn)
        fingerprint = repr(key)
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
