"""The custom-resource provider shared by every tuning job of a stack: one Lambda function.

The function answers CloudFormation itself (it PUTs the response to the event's presigned URL), like
aws-cdk-lib's own ``CustomResourceProvider`` functions, instead of going through the CDK Provider
framework (four more functions, their roles and a Step Functions waiter). To wait longer than one
invocation, it re-invokes itself asynchronously with the event and a small continuation state; every
tuning job resource sets CloudFormation's ``ServiceTimeout``, and the handler reads its budget from it.

A stack with tuning jobs gets four provider resources: the function, its role, its log group, and one
policy attached to the role that holds every permission, the function's right to invoke itself included.
The policy is a resource of its own because the role cannot name the function that uses it (the function
depends on the role); every tuning job depends on that policy.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

from aws_cdk import Aws, Duration, Fn, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct, IConstruct

from ._handler import contract
from ._handler_asset import HANDLER, handler_asset
from .nag import finding_resource, resolved_finding_resource
from .nag_acknowledgements import acknowledge_provider_findings, acknowledge_training_job_reads
from .request_paths import referenced_constructs
from .tokens import is_unresolved

#: The type every tuning job's custom resource has in the template.
RESOURCE_TYPE = contract.RESOURCE_TYPE

_PROVIDER_ID = "SageMakerTuningJobProvider"
_SAGEMAKER_SERVICE = "sagemaker.amazonaws.com"
_CREATE_ACTION = "CreateHyperParameterTuningJob"
#: CloudFormation waits this long for each answer (its maximum); the handler answers before then.
SERVICE_TIMEOUT = Duration.seconds(contract.SERVICE_TIMEOUT_SECONDS)
#: The newest Python runtime aws-cdk-lib offers (``lambda.Runtime.PYTHON_3_14.name``, checked in a test).
RUNTIME = "python3.14"
#: ``lambda.Architecture.ARM_64.name``.
ARCHITECTURE = "arm64"
#: Days the function's log lines are kept.
_LOG_RETENTION_DAYS = 30
_LAMBDA_TRUST_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}}
    ],
}


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
        # Remembered per scope: every job of a stack asks, and finding the stack costs calls into Node.js.
        known = _PROVIDERS.get(scope)
        if known is not None:
            return known
        stack = Stack.of(scope)
        existing = stack.node.try_find_child(_PROVIDER_ID)
        provider = existing if isinstance(existing, TuningJobProvider) else cls(stack, _PROVIDER_ID)
        _PROVIDERS[scope] = provider
        return provider

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # ``of`` makes it in the stack itself: known without a call into Node.js.
        stack = scope if isinstance(scope, Stack) else Stack.of(self)
        #: The stack of the provider and of every job it serves: known without asking Node.js again.
        self.stack = stack
        self._stack = stack
        self._tuning_jobs, tuning_jobs_finding = _sagemaker_arns(stack, "hyper-parameter-tuning-job")

        # L1 resources: each is one call into Node.js, and renders only what is set here. The L2s would
        # also render CloudFormation's defaults (the log group's DeletionPolicy) and a DependsOn the
        # function's Fn::GetAtt of its role already implies; the template of a one-job stack is mostly
        # this provider (benchmarks/RESULTS.md).
        #
        # The log group has a retention and goes with the stack (no DeletionPolicy: CloudFormation's
        # default is Delete): nothing in it outlives the jobs, and a kept group would only cost money.
        self.log_group = logs.CfnLogGroup(self, "Logs", retention_in_days=_LOG_RETENTION_DAYS)
        self.role = iam.CfnRole(self, "Role", assume_role_policy_document=_LAMBDA_TRUST_POLICY)
        code = handler_asset(self)
        self.function_resource = lambda_.CfnFunction(
            self,
            "Function",
            code=lambda_.CfnFunction.CodeProperty(s3_bucket=code.s3_bucket_name, s3_key=code.s3_object_key),
            handler=HANDLER,
            runtime=RUNTIME,
            architectures=[ARCHITECTURE],
            role=self.role.attr_arn,
            # One invocation's limit (Lambda's maximum); the handler continues in a new invocation when it
            # needs more.
            timeout=contract.FUNCTION_TIMEOUT_SECONDS,
            memory_size=256,
            # JSON logs at Lambda's default application level for that format (INFO), and the platform's
            # own lines (START, END, REPORT) only from WARN.
            logging_config=lambda_.CfnFunction.LoggingConfigProperty(
                log_format="JSON", log_group=self.log_group.ref, system_log_level="WARN"
            ),
        )
        code.add_resource_metadata(self.function_resource, "Code")  # as Lambda's L2 does, for tools like SAM
        self._function_arn = self.function_resource.attr_arn
        self._function: lambda_.IFunction | None = None
        # Rendered at synth, so PassRole statements added by later jobs land in the one policy below: no
        # DefaultPolicy resource. The policy is a resource of its own, which depends on the function,
        # because the role (which the function depends on) cannot name the function it may invoke.
        self.policy = iam.PolicyDocument.from_json(
            {
                "Version": "2012-10-17",
                "Statement": _handler_statements(
                    self.log_group.attr_arn, self._tuning_jobs, self._function_arn
                ),
            }
        )
        #: Every permission of the function, attached to its role: what each tuning job depends on. Its
        #: name need only be unique among the role's policies, and the role is the provider's own.
        self.permissions = iam.CfnPolicy(
            self, "Permissions", policy_name="Permissions", policy_document=self.policy, roles=[self.role.ref]
        )
        self._passable_role_arns: set[str] = set()
        self._role_owners: dict[str, list[IConstruct]] = {}
        self._reads_training_jobs = False
        acknowledge_provider_findings(self.permissions, tuning_jobs_finding)

    @property
    def function(self) -> lambda_.IFunction:
        """The function as an ``IFunction`` (an event rule's target, say), made on first use."""
        if self._function is None:
            self._function = lambda_.Function.from_function_attributes(
                self, "Handler", function_arn=self._function_arn, same_environment=True
            )
        return self._function

    @property
    def service_token(self) -> str:
        """The function's ARN: every tuning job resource's ``ServiceToken``."""
        return self._function_arn

    @property
    def dependables(self) -> Sequence[IConstruct]:
        """What a tuning job resource must be created after (and deleted before): every permission.

        The function itself (and so its role) comes first anyway: the job's ``ServiceToken`` names it.
        """
        return (self.permissions,)

    def role_owners(self, role_arn: str) -> list[IConstruct]:
        """The constructs behind an execution role ARN (the ``Role``, so its policies too), once per ARN."""
        owners = self._role_owners.get(role_arn)
        if owners is None:
            owners = self._role_owners[role_arn] = referenced_constructs(role_arn)
        return owners

    def allow_pass_role(self, role_arn: str) -> None:
        """Let the handler pass ``role_arn`` to SageMaker, and to no other service."""
        # The same token string (one Role's role_arn used by many jobs) is recognised without a jsii
        # round trip; different strings that resolve alike (two imports of one ARN) by their resolution.
        if role_arn in self._passable_role_arns:
            return
        fingerprint = repr(self._stack.resolve(role_arn))
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

    def allow_reading_best_training_jobs(self) -> None:
        """Let the handler read the best training job (its model artifacts) of the jobs it waits for.

        Granted once the stack has a job with ``wait_for_completion``: no other job needs it.
        """
        if self._reads_training_jobs:
            return
        self._reads_training_jobs = True
        training_jobs, training_jobs_finding = _sagemaker_arns(self._stack, "training-job")
        self.policy.add_statements(
            iam.PolicyStatement(
                actions=["sagemaker:DescribeTrainingJob"],
                resources=[training_jobs],
            )
        )
        acknowledge_training_job_reads(self.permissions, training_jobs_finding)


#: The provider of each scope jobs were declared in (see ``TuningJobProvider.of``).
_PROVIDERS: weakref.WeakKeyDictionary[Construct, TuningJobProvider] = weakref.WeakKeyDictionary()

#: The stack's id, the value of its ownership tag (``contract.STACK_TAG``) on every job it creates.
_STACK_ID = Aws.STACK_ID

#: ``Fn::Sub`` names of the pseudo parameters a region-agnostic stack's ARNs are made of.
_PSEUDO_PARAMETERS = {
    Aws.PARTITION: "${AWS::Partition}",
    Aws.REGION: "${AWS::Region}",
    Aws.ACCOUNT_ID: "${AWS::AccountId}",
}


def _sagemaker_arns(stack: Stack, resource: str) -> tuple[str, str]:
    """``arn:<partition>:sagemaker:<region>:<account>:<resource>/*`` of ``stack``: what ``format_arn`` gives.

    As one ``Fn::Sub`` string (or a literal, in a stack with an explicit environment) rather than
    ``format_arn``'s ``Fn::Join`` of six parts: the same ARN in a third of the template bytes, and cdk-nag
    names it alike (``<AWS::Region>``). Any other token falls back to ``format_arn``. Returned with its
    name in cdk-nag's findings (``nag.finding_resource``), known here without resolving it in Node.js.
    """
    parts = []
    for value in (stack.partition, stack.region, stack.account):
        if not is_unresolved(value):
            parts.append(value)
        elif value in _PSEUDO_PARAMETERS:
            parts.append(_PSEUDO_PARAMETERS[value])
        else:
            arn = stack.format_arn(service="sagemaker", resource=resource, resource_name="*")
            return arn, finding_resource(stack, arn)
    arn = "arn:{}:sagemaker:{}:{}:".format(*parts) + f"{resource}/*"
    return (Fn.sub(arn) if "${" in arn else arn), resolved_finding_resource(arn)


def _handler_statements(log_group_arn: str, tuning_jobs: str, function_arn: str) -> list[dict[str, Any]]:
    """Everything the handler does, each action with the narrowest resource and condition IAM supports.

    In IAM's own JSON, so that one ``PolicyDocument.from_json`` call builds them all in Node.js.
    """
    owned_on_create = {f"aws:RequestTag/{contract.STACK_TAG}": _STACK_ID}
    return [
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": log_group_arn,
        },
        # A job may only be created carrying this stack's ownership tag...
        {
            "Effect": "Allow",
            "Action": f"sagemaker:{_CREATE_ACTION}",
            "Resource": tuning_jobs,
            "Condition": {"StringEquals": owned_on_create},
        },
        # ...which SageMaker authorizes as AddTags during the create. TaggingAction confines this statement
        # to that create: it never lets the handler put this stack's tag on an existing job.
        {
            "Effect": "Allow",
            "Action": "sagemaker:AddTags",
            "Resource": tuning_jobs,
            "Condition": {"StringEquals": {**owned_on_create, "sagemaker:TaggingAction": _CREATE_ACTION}},
        },
        # Only the jobs this stack created can be stopped, deleted or re-tagged (a tags-only update).
        {
            "Effect": "Allow",
            "Action": [
                "sagemaker:StopHyperParameterTuningJob",
                "sagemaker:DeleteHyperParameterTuningJob",
                "sagemaker:AddTags",
                "sagemaker:DeleteTags",
            ],
            "Resource": tuning_jobs,
            "Condition": {"StringEquals": {f"aws:ResourceTag/{contract.STACK_TAG}": _STACK_ID}},
        },
        # Reading is how the handler finds out whether a job is its own (by its tags) in the first place.
        {
            "Effect": "Allow",
            "Action": ["sagemaker:DescribeHyperParameterTuningJob", "sagemaker:ListTags"],
            "Resource": tuning_jobs,
        },
        # The continuation: the function re-invokes itself to keep waiting. Lambda's recursive loop
        # detection (left on) stops a chain of more than 16 invocations through the Invoke API; an hour at
        # up to 15 minutes per invocation needs 5, so it only stops a runaway chain.
        {
            "Effect": "Allow",
            "Action": "lambda:InvokeFunction",
            "Resource": function_arn,
        },
    ]
