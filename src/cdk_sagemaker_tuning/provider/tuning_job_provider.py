"""The custom-resource provider shared by every tuning job of a stack: one Lambda function.

The function answers CloudFormation itself (it PUTs the response to the event's presigned URL), like
aws-cdk-lib's own ``CustomResourceProvider`` functions, instead of going through the CDK Provider
framework (four more functions, their roles and a Step Functions waiter). To wait longer than one
invocation, it re-invokes itself asynchronously with the event and a small continuation state; every
tuning job resource sets CloudFormation's ``ServiceTimeout``, and the handler reads its budget from it.

A stack with tuning jobs gets the function, its role, its log group, and one policy attached to the role
that holds every permission, the function's right to invoke itself included. The policy is a resource of
its own because the role cannot name the function that uses it (the function depends on the role); every
tuning job depends on that policy. Around them:

- the function's asynchronous invocations (CloudFormation's events, its own hand-overs, EventBridge's)
  that fail after Lambda's retries, or wait longer than CloudFormation would, go to an encrypted queue
  (``FailedEvents``), kept 14 days: something to alarm on;
- the stack's reconciler (``Reconciler``, on by default): a rule that invokes the function every
  ``contract.RECONCILE_INTERVAL_MINUTES`` (``_handler.reconcile``), with its permission;
- once the stack has a job awaited by ``TuningJobWait.for_completion``: one rule on every tuning job's
  terminal state change (``JobStateChanges``), with its permission, for all the stack's awaited jobs.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence

from aws_cdk import (
    Aws,
    Duration,
    Stack,
)
from aws_cdk import (
    aws_iam as iam,
)
from aws_cdk import (
    aws_lambda as lambda_,
)
from aws_cdk import (
    aws_logs as logs,
)
from aws_cdk import (
    aws_sqs as sqs,
)
from constructs import Construct, IConstruct

from .._core.request_paths import referenced_constructs
from .._handler import contract
from ..grants.nag import acknowledge_iam5_findings
from ..grants.nag_acknowledgements import (
    acknowledge_failed_events_queue,
    acknowledge_provider_findings,
    acknowledge_training_job_reads,
)
from .handler_asset import HANDLER, handler_asset
from .permissions import handler_statements, sagemaker_arns, tls_only
from .rules import EventRule

#: The type every tuning job's custom resource has in the template.
RESOURCE_TYPE = contract.RESOURCE_TYPE

_PROVIDER_ID = "SageMakerTuningJobProvider"
_SAGEMAKER_SERVICE = "sagemaker.amazonaws.com"
#: CloudFormation waits this long for each answer (its maximum); the handler answers before then.
SERVICE_TIMEOUT = Duration.seconds(contract.SERVICE_TIMEOUT_SECONDS)
#: The newest Python runtime aws-cdk-lib offers (``lambda.Runtime.PYTHON_3_14.name``, checked in a test).
RUNTIME = "python3.14"
#: ``lambda.Architecture.ARM_64.name``.
ARCHITECTURE = "arm64"
#: Days the function's log lines are kept.
_LOG_RETENTION_DAYS = 30
#: How long a failed asynchronous invocation stays in the on-failure queue: SQS's longest (14 days).
FAILED_EVENT_RETENTION_SECONDS = 14 * 24 * 3600
#: Lambda's retries of a failed asynchronous invocation (its default and maximum).
_ASYNC_RETRY_ATTEMPTS = 2
#: The reconciler's schedule. A job still running at its wait's deadline is stopped by the next run, so the
#: interval must fit in the margin the deadline keeps before the WaitCondition's own timeout.
RECONCILE_SCHEDULE = f"rate({contract.RECONCILE_INTERVAL_MINUTES} minutes)"
assert contract.RECONCILE_INTERVAL_MINUTES * 60 < contract.DEADLINE_MARGIN_SECONDS
#: The EventBridge event of a tuning job's state change, and the statuses after which it runs no more.
_STATE_CHANGE_SOURCE = "aws.sagemaker"
_STATE_CHANGE_DETAIL_TYPE = "SageMaker HyperParameter Tuning Job State Change"
_TERMINAL_STATUSES = ["Completed", "Failed", "Stopped"]
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
        self._tuning_jobs, tuning_jobs_finding = sagemaker_arns(stack, "hyper-parameter-tuning-job")

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
            # The handler answers events of this stack only, and reads only this stack.
            environment=lambda_.CfnFunction.EnvironmentProperty(
                variables={contract.ENV_STACK_ID: Aws.STACK_ID}
            ),
        )
        code.add_resource_metadata(self.function_resource, "Code")  # as Lambda's L2 does, for tools like SAM
        self._function_arn = self.function_resource.attr_arn
        self._function: lambda_.IFunction | None = None
        # Rendered at synth, so PassRole statements added by later jobs land in the one policy below: no
        # DefaultPolicy resource. The policy is a resource of its own, which depends on the function,
        # because the role (which the function depends on) cannot name the function it may invoke.
        # Where an asynchronous invocation goes once Lambda gave up on it: nothing is lost silently.
        self.failed_events = sqs.CfnQueue(
            self,
            "FailedEvents",
            sqs_managed_sse_enabled=True,
            message_retention_period=FAILED_EVENT_RETENTION_SECONDS,
        )
        sqs.CfnQueuePolicy(
            self,
            "FailedEventsPolicy",
            queues=[self.failed_events.ref],
            policy_document=tls_only(self.failed_events),
        )
        self.policy = iam.PolicyDocument.from_json(
            {
                "Version": "2012-10-17",
                "Statement": handler_statements(
                    self.log_group.attr_arn,
                    self._tuning_jobs,
                    self._function_arn,
                    self.failed_events.attr_arn,
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
        async_invokes = lambda_.CfnEventInvokeConfig(
            self,
            "AsyncInvokes",
            function_name=self.function_resource.ref,
            qualifier="$LATEST",
            maximum_retry_attempts=_ASYNC_RETRY_ATTEMPTS,
            # CloudFormation waits for an answer at most ServiceTimeout: an event older than that has nobody
            # to answer to, and a create it started would have no owner (the handler refuses it too).
            maximum_event_age_in_seconds=contract.SERVICE_TIMEOUT_SECONDS,
            destination_config=lambda_.CfnEventInvokeConfig.DestinationConfigProperty(
                on_failure=lambda_.CfnEventInvokeConfig.OnFailureProperty(
                    destination=self.failed_events.attr_arn
                )
            ),
        )
        # Lambda checks, when the configuration is made, that the function's role may send to the queue.
        async_invokes.node.add_dependency(self.permissions)
        acknowledge_failed_events_queue(self.failed_events)
        acknowledge_iam5_findings(
            self.permissions,
            "sagemaker:ListHyperParameterTuningJobs supports no resource-level permission; it only lists, and "
            "what the function then does to a job is bounded by the statements on the job ARN prefix.",
            "*",
        )
        self._state_changes: tuple[IConstruct, ...] | None = None
        EventRule(
            self,
            "Reconciler",
            function_arn=self._function_arn,
            description="Stops this stack's tuning jobs that no resource owns; settles their completion waits",
            schedule_expression=RECONCILE_SCHEDULE,
            input={contract.RECONCILE_KEY: {}},
        )

    @property
    def reconciler(self) -> IConstruct | None:
        """The stack's reconciler (its rule and permission), ``None`` once removed."""
        return self.node.try_find_child("Reconciler")

    def remove_reconciler(self) -> None:
        """Turn the stack's reconciler off: no scheduled run stops orphaned jobs or settles waits.

        Every event of the stack is still answered; what the reconciler adds is what no event brings: a
        job whose create answer never reached CloudFormation, a delete Lambda dropped, a lost state-change
        event of an awaited job (its wait then ends at its timeout). Call it any time before synthesis::

            TuningJobProvider.of(stack).remove_reconciler()
        """
        self.node.try_remove_child("Reconciler")

    def state_change_rule(self) -> tuple[IConstruct, ...]:
        """The stack's one rule on tuning jobs' terminal state changes and its permission, made on first use.

        Every awaited job of the stack shares it (the handler signals only this stack's awaited jobs), so
        the function's resource policy holds one statement for them all; each awaited job must be created
        after it (``dependables``), so that no state change it has is missed.
        """
        if self._state_changes is None:
            rule = EventRule(
                self,
                "JobStateChanges",
                function_arn=self._function_arn,
                description="Signals the completion waits of this stack's tuning jobs when they end",
                event_pattern={
                    "source": [_STATE_CHANGE_SOURCE],
                    "detail-type": [_STATE_CHANGE_DETAIL_TYPE],
                    "detail": {"HyperParameterTuningJobStatus": _TERMINAL_STATUSES},
                },
            )
            self._state_changes = (rule.rule, rule.permission)
        return self._state_changes

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

    def use_runtime_api_model(self) -> None:
        """Make the handler's SageMaker client use the Lambda runtime's own API model, not the vendored one.

        For a job with an acknowledged field newer than the vendored model: a client built from that model
        could not send it. The runtime's boto3 must then know the field.
        """
        self.function_resource.add_property_override(
            f"Environment.Variables.{contract.ENV_API_MODEL}", contract.API_MODEL_RUNTIME
        )

    def allow_reading_best_training_jobs(self) -> None:
        """Let the handler read the best training job (its model artifacts) of the jobs it waits for.

        Granted once the stack has an awaited job (``wait=TuningJobWait...``): no other job needs it.
        """
        if self._reads_training_jobs:
            return
        self._reads_training_jobs = True
        training_jobs, training_jobs_finding = sagemaker_arns(self._stack, "training-job")
        self.policy.add_statements(
            iam.PolicyStatement(
                actions=["sagemaker:DescribeTrainingJob"],
                resources=[training_jobs],
            )
        )
        acknowledge_training_job_reads(self.permissions, training_jobs_finding)


#: The provider of each scope jobs were declared in (see ``TuningJobProvider.of``).
_PROVIDERS: weakref.WeakKeyDictionary[Construct, TuningJobProvider] = weakref.WeakKeyDictionary()
