"""The ``HyperParameterTuningJob`` construct: a SageMaker tuning job as a CloudFormation resource."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import jsii
from aws_cdk import (
    Annotations,
    CfnDeletionPolicy,
    CfnOutput,
    CfnResource,
    CustomResource,
    Duration,
    IResolvable,
    IResolveContext,
    ITaggable,
    RemovalPolicy,
    Resource,
    Stack,
    TagManager,
    TagType,
    Token,
    aws_events,
)
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import Construct, IConstruct, IValidation

from . import cross_stack, naming, request_paths, unique_names
from ._handler import contract
from ._handler.contract import RESOURCE_TYPE
from .completion import TuningJobCompletionCriteria
from .completion_wait import CompletionWait, TuningJobWait
from .events import TuningJobStatus, state_change_rule
from .interfaces import ITuningJob
from .job_request import render_tuning_request
from .objective import TuningObjective
from .parameters import ParameterRange
from .provider import SERVICE_TIMEOUT, TuningJobProvider
from .strategy import TuningStrategy
from .training import BoundTrainingDefinition, TrainingJobDefinition
from .validation import Problem, TuningJobValidationError, validate_request
from .validation import tags as tag_rules
from .warm_start import WarmStart


@jsii.implements(IResolvable)
class _RenderedRequest:
    """Renders the request at synth time, after overrides and ``Tags.of(...)`` have been applied.

    An ``IResolvable`` rather than ``Lazy.any``: jsii cannot hand a Python ``IAnyProducer`` the
    resolve context that some resolution paths omit.
    """

    def __init__(self, job: HyperParameterTuningJob) -> None:
        self._job = job
        self.creation_stack: list[str] = []

    def resolve(self, context: IResolveContext) -> Any:
        return self._job._render_request()

    def to_string(self) -> str:
        return Token.as_string(self)


@jsii.implements(IValidation)
class _RenderedTagsValidation:
    """Checks the job's tags as rendered, once ``Tags.of(...)`` aspects have run.

    The constructor validates the request's own ``Tags``, but ``Tags.of(job).add(...)`` (or
    ``Tags.of(stack)``) reaches the job during synthesis, after it. CDK runs construct validations
    after the aspects and reports every message with the construct's path, failing ``cdk synth``.
    """

    def __init__(self, job: HyperParameterTuningJob) -> None:
        self._job = job

    def validate(self) -> list[str]:
        rendered = self._job.tags.render_tags()
        report = tag_rules.check(
            rendered,
            label=tag_rules.by_key,
            origin=" (the request's Tags and those added with Tags.of)",
            # Stack-wide tags are the usual cause; other resources take 50 tags and may keep them.
            count_hint=(
                "; a stack-wide tag can leave tuning jobs out with Tags.of(scope).add(key, value, "
                f"exclude_resource_types=[{RESOURCE_TYPE!r}])"
            ),
        )
        return [str(problem) for problem in report.errors]


@jsii.implements(ITaggable, iam.IGrantable, ec2.IConnectable)
class HyperParameterTuningJob(Resource):
    """An Amazon SageMaker hyperparameter tuning job, created by ``cdk deploy`` and stopped on delete.

    The job is a custom resource of type ``Custom::SageMakerHyperParameterTuningJob`` whose ``Request``
    property holds the ``CreateHyperParameterTuningJob`` request in the API's own structure, so
    ``cdk diff`` shows field-level changes. A changed request replaces the job: the new one is created
    first, then the old one is stopped.

    Declare it with typed props (``HyperParameterTuningJob(scope, id, objective=..., training=...)``) or
    with the raw request (``HyperParameterTuningJob.from_request``); both render through the same code.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        objective: TuningObjective | None = None,
        parameter_ranges: Sequence[ParameterRange] | None = None,
        strategy: TuningStrategy | None = None,
        max_training_jobs: int | None = None,
        max_parallel_training_jobs: int | None = None,
        max_runtime: Duration | None = None,
        early_stopping: bool | None = None,
        completion_criteria: TuningJobCompletionCriteria | None = None,
        random_seed: int | None = None,
        autotune: bool | None = None,
        warm_start: WarmStart | None = None,
        tuning_job_name: str | None = None,
        tuning_job_name_prefix: str | None = None,
        training: TrainingJobDefinition | None = None,
        training_definitions: Sequence[TrainingJobDefinition] | None = None,
        wait_for_completion: bool | None = None,
        wait: TuningJobWait | None = None,
        removal_policy: RemovalPolicy | None = None,
        replaced_job_removal_policy: RemovalPolicy | None = None,
        delete_job_record: bool | None = None,
        arn_output: bool | None = None,
    ) -> None:
        """
        :param scope: the construct scope.
        :param id: the construct id; changing it replaces the job.
        :param objective: the metric to maximise or minimise. For multi-algorithm jobs, give each
            definition its own ``objective`` instead.
            :default: - none at the job level (each training definition's objective applies)
        :param parameter_ranges: the hyperparameters to search. For multi-algorithm jobs, give each
            definition its own ``parameter_ranges`` instead.
            :default: - none at the job level (each training definition's ranges apply)
        :param strategy: how values are chosen.
            :default: TuningStrategy.bayesian()
        :param max_training_jobs: the most training jobs the tuning job launches; leave unset with
            ``TuningStrategy.grid()``, which derives it from the grid.
            :default: - not set
        :param max_parallel_training_jobs: the most training jobs running at the same time.
            :default: 1
        :param max_runtime: the longest the tuning job may run (2 minutes to 182.5 days).
            :default: - SageMaker's limit
        :param early_stopping: let SageMaker stop training jobs that are unlikely to beat the best one
            (``TrainingJobEarlyStoppingType`` ``Auto`` / ``Off``).
            :default: - not set (SageMaker's default, ``Off``)
        :param completion_criteria: stop the tuning job once good enough or no longer improving.
            :default: - runs until ``max_training_jobs`` or ``max_runtime``
        :param random_seed: seed for the hyperparameter choices, for reproducible searches.
            :default: - not set
        :param autotune: let SageMaker choose ranges, strategy, limits and early stopping
            (``Autotune.Mode`` ``Enabled``); combine with ``AutoParameter`` ranges.
            :default: false
        :param warm_start: seed the search with the results of 1 to 5 earlier tuning jobs.
            :default: - no warm start
        :param tuning_job_name: the job's name (1 to 32 letters, digits and hyphens, no underscores). A
            fixed name cannot be reused: a changed request, which needs a new job, then fails to deploy.
            :default: - a name is generated at deploy time, from ``tuning_job_name_prefix`` or else from the
            stack and construct names
        :param tuning_job_name_prefix: the start of the generated name (1 to 21 letters, digits and hyphens),
            like the SageMaker SDK's ``base_tuning_job_name``: the job is named ``<prefix>-<10 characters>``,
            a new name for every replacement. Not with ``tuning_job_name``. Changing only the prefix leaves
            the running job as it is; the next job created uses it.
            :default: - the stack and construct names start the generated name
        :param training: the training job definition of a single-algorithm job. Give exactly one of
            ``training`` and ``training_definitions``.
            :default: - ``training_definitions`` must be given
        :param training_definitions: 1 to 10 training job definitions of a multi-algorithm job, each
            with its ``definition_name``, ``objective`` and ``parameter_ranges``.
            :default: - ``training`` must be given
        :param wait_for_completion: finish creating only when the job has completed, and fail the
            deployment when it fails or is stopped. Bounded by CloudFormation's one hour per event (about
            47 minutes of waiting); for longer jobs use ``wait``.
            :default: false - the resource is created as soon as SageMaker accepts the job
        :param wait: wait longer, up to 12 hours: ``TuningJobWait.for_completion(timeout=Duration.hours(8))``
            (a WaitCondition signalled on the job's state changes; see ``completion_wait``). Gives
            ``best_hyperparameter(name)`` and the training job counts too. Not with ``wait_for_completion``.
            :default: - no wait beyond ``wait_for_completion``
        :param removal_policy: what happens to a running job when the resource leaves the stack (its
            ``DeletionPolicy``). ``RemovalPolicy.RETAIN`` leaves it running. A job replaced by a changed
            request is governed by ``replaced_job_removal_policy`` instead.
            :default: RemovalPolicy.DESTROY - the job is stopped and its record kept
        :param replaced_job_removal_policy: what happens to the running job when a changed request replaces
            it with a new one (its ``UpdateReplacePolicy``): ``RemovalPolicy.DESTROY`` or
            ``RemovalPolicy.RETAIN``, which leaves every replaced job running.
            :default: RemovalPolicy.DESTROY - a job replaced by a changed request is stopped
        :param delete_job_record: once a removed job has stopped, also delete its record
            (DeleteHyperParameterTuningJob).
            :default: false - the stopped job stays listed in SageMaker
        :param arn_output: add a ``CfnOutput`` with the job's ARN. Turn it off in stacks with many jobs:
            CloudFormation allows 200 outputs per stack.
            :default: true - the job's ARN is a stack output
        """
        definitions, multi = _training_definitions(training, training_definitions)
        job_props: dict[str, Any] = {
            "objective": objective,
            "parameter_ranges": parameter_ranges,
            "strategy": strategy,
            "max_training_jobs": max_training_jobs,
            "max_parallel_training_jobs": max_parallel_training_jobs,
            "max_runtime": max_runtime,
            "early_stopping": early_stopping,
            "completion_criteria": completion_criteria,
            "random_seed": random_seed,
            "autotune": autotune,
            "warm_start": warm_start,
            "tuning_job_name": tuning_job_name,
        }

        def render(job: HyperParameterTuningJob) -> tuple[dict[str, Any], dict[str, str]]:
            job._bound_definitions = [definition._bind(job) for definition in definitions]
            return render_tuning_request(
                **job_props,
                definitions=[(bound.request, bound.prop_names) for bound in job._bound_definitions],
                multi=multi,
            )

        self._initialize(
            scope,
            id,
            render,
            tuning_job_name_prefix=tuning_job_name_prefix,
            wait_for_completion=wait_for_completion,
            wait=wait,
            removal_policy=removal_policy,
            replaced_job_removal_policy=replaced_job_removal_policy,
            delete_job_record=delete_job_record,
            arn_output=arn_output,
        )

    @classmethod
    def from_tuning_job_name(cls, scope: Construct, id: str, tuning_job_name: str) -> ITuningJob:
        """A tuning job that exists outside this app, for example as a warm-start parent.

        :param scope: the construct scope.
        :param id: the construct id.
        :param tuning_job_name: the job's name, in this stack's account and region.
        """
        return _ImportedTuningJob(scope, id, tuning_job_name)

    # from_request documents wait_for_completion, removal_policy and delete_job_record again on purpose:
    # each public entry point documents its own props. Both pass them to the one initializer, _initialize.
    @classmethod
    def from_request(
        cls,
        scope: Construct,
        id: str,
        *,
        request: Mapping[str, Any],
        tuning_job_name_prefix: str | None = None,
        wait_for_completion: bool | None = None,
        wait: TuningJobWait | None = None,
        removal_policy: RemovalPolicy | None = None,
        replaced_job_removal_policy: RemovalPolicy | None = None,
        delete_job_record: bool | None = None,
        arn_output: bool | None = None,
    ) -> HyperParameterTuningJob:
        """A tuning job declared with the raw ``CreateHyperParameterTuningJob`` request.

        :param scope: the construct scope.
        :param id: the construct id; changing it replaces the job.
        :param request: the request exactly as ``aws sagemaker create-hyper-parameter-tuning-job
            --cli-input-json`` takes it. Values may be CDK tokens. ``HyperParameterTuningJobName`` is
            optional: when absent, a name is generated at deploy time.
        :param tuning_job_name_prefix: the start of the generated name (1 to 21 letters, digits and
            hyphens), like the SageMaker SDK's ``base_tuning_job_name``: the job is named
            ``<prefix>-<10 characters>``. Not with the request's ``HyperParameterTuningJobName``.
            :default: - the stack and construct names start the generated name
        :param wait_for_completion: finish creating only when the job has completed, and fail the
            deployment when it fails or is stopped. Bounded by CloudFormation's one hour per event (about
            47 minutes of waiting); for longer jobs use ``wait``.
            :default: false - the resource is created as soon as SageMaker accepts the job
        :param wait: wait longer, up to 12 hours: ``TuningJobWait.for_completion(timeout=Duration.hours(8))``
            (a WaitCondition signalled on the job's state changes; see ``completion_wait``). Gives
            ``best_hyperparameter(name)`` and the training job counts too. Not with ``wait_for_completion``.
            :default: - no wait beyond ``wait_for_completion``
        :param removal_policy: what happens to a running job when the resource leaves the stack (its
            ``DeletionPolicy``). ``RemovalPolicy.RETAIN`` leaves it running. A job replaced by a changed
            request is governed by ``replaced_job_removal_policy`` instead.
            :default: RemovalPolicy.DESTROY - the job is stopped and its record kept
        :param replaced_job_removal_policy: what happens to the running job when a changed request replaces
            it with a new one (its ``UpdateReplacePolicy``): ``RemovalPolicy.DESTROY`` or
            ``RemovalPolicy.RETAIN``, which leaves every replaced job running.
            :default: RemovalPolicy.DESTROY - a job replaced by a changed request is stopped
        :param delete_job_record: once a removed job has stopped, also delete its record
            (DeleteHyperParameterTuningJob).
            :default: false - the stopped job stays listed in SageMaker
        :param arn_output: add a ``CfnOutput`` with the job's ARN. Turn it off in stacks with many jobs:
            CloudFormation allows 200 outputs per stack.
            :default: true - the job's ARN is a stack output
        """
        return _RawRequestTuningJob(
            scope,
            id,
            request=request,
            tuning_job_name_prefix=tuning_job_name_prefix,
            wait_for_completion=wait_for_completion,
            wait=wait,
            removal_policy=removal_policy,
            replaced_job_removal_policy=replaced_job_removal_policy,
            delete_job_record=delete_job_record,
            arn_output=arn_output,
        )

    # -- shared by every way of declaring a job --------------------------------------------------------

    def _initialize(
        self,
        scope: Construct,
        id: str,
        render: Callable[[HyperParameterTuningJob], tuple[Mapping[str, Any], Mapping[str, str]]],
        *,
        tuning_job_name_prefix: str | None,
        wait_for_completion: bool | None,
        wait: TuningJobWait | None,
        removal_policy: RemovalPolicy | None,
        replaced_job_removal_policy: RemovalPolicy | None,
        delete_job_record: bool | None,
        arn_output: bool | None,
    ) -> None:
        """The one initializer of every declaration (typed props or ``from_request``).

        :param render: renders the request once the construct exists (typed definitions bind in its scope):
            ``(request, prop_names)``, the prop names empty for a raw request.
        """
        Resource.__init__(self, scope, id)
        self._bound_definitions: list[BoundTrainingDefinition] = []
        self._warned: set[str] = set()
        self._name_prefix = tuning_job_name_prefix
        request, prop_names = render(self)
        self._bind(
            request,
            scope=scope,
            wait_for_completion=wait_for_completion,
            wait=wait,
            removal_policy=removal_policy,
            replaced_job_removal_policy=replaced_job_removal_policy,
            delete_job_record=delete_job_record,
            arn_output=arn_output,
            prop_names=prop_names,
        )

    def _bind(
        self,
        request: Mapping[str, Any],
        *,
        scope: Construct,
        wait_for_completion: bool | None,
        wait: TuningJobWait | None,
        removal_policy: RemovalPolicy | None,
        replaced_job_removal_policy: RemovalPolicy | None,
        delete_job_record: bool | None,
        arn_output: bool | None,
        prop_names: Mapping[str, str] | None = None,
    ) -> None:
        """Turn a rendered request into the custom resource, its permissions and its output.

        :param scope: the job's scope, as given (known here without asking Node.js).

        :param prop_names: for messages, the typed prop behind each API path that the typed API rendered
            (``{"HyperParameterTuningJobConfig.ResourceLimits": "max_training_jobs", ...}``).
        """
        self._prop_names = dict(prop_names or {})
        self._request = request_paths.copy_request(request)
        self._validate(request)  # as given: Tags in the user's order, so that Tags[n] in messages is theirs
        self._wait_for_completion = bool(wait_for_completion)
        # Created on first use (the request's Tags, Tags.of, job.tags): a job without tags makes no calls
        # into Node.js for them, neither here nor at synth.
        self._tag_manager: TagManager | None = None
        for index, tag in enumerate(self._request.pop("Tags", None) or []):
            if not isinstance(tag, Mapping):  # a token for a whole tag, or for the whole list
                raise TuningJobValidationError([_token_tag_problem(index, tag)])
            # Tags given in the request have the lowest priority, like a CfnResource's own tags.
            self.tags.set_tag(tag["Key"], tag["Value"], 0)

        replaced_job_policy = _update_replace_policy(replaced_job_removal_policy)
        provider = TuningJobProvider.of(scope)
        unique_names.register(self, provider.stack)
        properties: dict[str, Any] = {contract.PROP_REQUEST: _RenderedRequest(self)}
        if self._wait_for_completion:
            properties[contract.PROP_WAIT_FOR_COMPLETION] = contract.TRUE
        if delete_job_record:
            properties[contract.PROP_DELETE_JOB_RECORD] = contract.TRUE
        properties.update(naming.resource_properties(self._name_prefix))
        self._resource = CustomResource(
            self,
            "Resource",
            service_token=provider.service_token,
            resource_type=RESOURCE_TYPE,
            properties=properties,
            removal_policy=removal_policy or RemovalPolicy.DESTROY,
            # CloudFormation's wait for each answer; the handler reads its own budget from it.
            service_timeout=SERVICE_TIMEOUT,
        )
        # CustomResource applies removal_policy to UpdateReplacePolicy too, which would keep every job
        # replaced by a changed request running when the user only meant to keep the job on stack delete.
        if _UPDATE_REPLACE_POLICIES.get(removal_policy or RemovalPolicy.DESTROY) != replaced_job_policy:
            cfn_resource = self._resource.node.default_child
            assert isinstance(cfn_resource, CfnResource)
            cfn_resource.cfn_options.update_replace_policy = replaced_job_policy
        self._provider = provider
        # The handler's permissions (PassRole, invoking itself to keep waiting) must exist before the
        # first create and outlive the last delete.
        self._grant_execution_roles(*provider.dependables)

        self._tuning_job_name: str | None = None
        self._tuning_job_arn: str | None = None
        self._completion = self._completion_wait(wait)
        if self._wait_for_completion or self._completion is not None:
            provider.allow_reading_best_training_jobs()  # the best job's model artifacts
        own_outputs = []
        if arn_output is None or arn_output:
            own_outputs.append(CfnOutput(self, "Arn", value=self.tuning_job_arn))
        cross_stack.watch(self, provider.stack, self._resource, own_outputs)

    def _completion_wait(self, wait: TuningJobWait | None) -> CompletionWait | None:
        if wait is None:
            return None
        if not isinstance(wait, TuningJobWait):
            raise ValueError(f"'wait' must be a TuningJobWait, got {wait!r}")
        if self._wait_for_completion:
            raise ValueError(
                "give either 'wait' (up to 12 hours) or 'wait_for_completion=True' (within one hour), not both"
            )
        completion = CompletionWait(
            self,
            "Completion",
            job_name=self.tuning_job_name,
            job_resource=self._resource,
            provider=self._provider,
            wait=wait,
            request=self._request,
        )
        completion.warn_if_job_may_outlast(self._request)
        return completion

    @property
    def tuning_job_name(self) -> str:
        """The job's name (``Ref``), generated at deploy time unless the request names it."""
        if self._tuning_job_name is None:
            self._tuning_job_name = self._resource.ref
        return self._tuning_job_name

    @property
    def tuning_job_arn(self) -> str:
        """The job's ARN."""
        if self._tuning_job_arn is None:
            self._tuning_job_arn = self._resource.get_att_string(contract.ATTR_ARN)
        return self._tuning_job_arn

    def _grant_execution_roles(self, *dependables: IConstruct) -> None:
        """Let the handler pass every role the request names; run again when an override changes them."""
        owners = list(dependables)
        for role_arn in request_paths.role_arns(self._request):
            self._provider.allow_pass_role(role_arn)  # idempotent per role
            # Depending on the Role construct also depends on its policies: SageMaker may read the data
            # from the job's first second.
            owners += self._provider.role_owners(role_arn)
        if owners:
            self._resource.node.add_dependency(*owners)  # one call into Node.js for all of them

    def _validate(self, request: Mapping[str, Any]) -> None:
        """Raise ``TuningJobValidationError`` with every error of the request; warnings become annotations."""
        report = validate_request(request, prop_names=self._prop_names)
        report.extend(naming.check_prefix(self._name_prefix, request))
        report.raise_for_errors()
        for warning in report.warnings:
            if str(warning) not in self._warned:  # re-validation after an override must not repeat them
                self._warned.add(str(warning))
                Annotations.of(self).add_warning_v2(warning.acknowledgement_id, str(warning))

    def _render_request(self, request: Mapping[str, Any] | None = None) -> dict[str, Any]:
        request = request_paths.copy_request(self._request if request is None else request)
        tags = self._tag_manager.render_tags() if self._tag_manager is not None else None
        if tags:
            request["Tags"] = tags
        return request

    @property
    def tags(self) -> TagManager:
        """The job's tags: ``Tags.of(job).add(...)`` reaches the request's ``Tags``."""
        if self._tag_manager is None:
            # Also when Tags.of(...) first asks during synthesis: its tags are checked once it has run.
            self._tag_manager = TagManager(TagType.KEY_VALUE, RESOURCE_TYPE)
            self.node.add_validation(_RenderedTagsValidation(self))
        return self._tag_manager

    @property
    def request(self) -> dict[str, Any]:
        """A copy of the request as it will be rendered (tokens unresolved)."""
        return self._render_request()

    def add_request_override(self, path: str, value: Any) -> None:
        """Set any request field by its dotted API path; ``None`` removes it.

        The escape hatch for fields the typed API does not cover, like ``CfnResource.add_property_override``::

            job.add_request_override("HyperParameterTuningJobConfig.RandomSeed", 7)

        :param path: the field's path, for example ``TrainingJobDefinitions[0].Environment``.
        :param value: the value in the API's own structure; CDK tokens are allowed.
        """
        if path == "Tags" or path.startswith("Tags."):
            raise ValueError("request override path 'Tags': use Tags.of(job).add(key, value) instead")
        candidate = request_paths.copy_request(self._request)
        request_paths.set_path(candidate, path, value)
        self._validate(self._render_request(candidate))  # a breaking override fails here, unapplied
        self._request = candidate
        self._grant_execution_roles()  # an override may name another execution role
        if self._completion is not None:
            self._completion.track_request(self._request)  # a changed request is a new job to wait for

    # -- the typed API's attributes ------------------------------------------------------------------

    def _typed_definitions(self, attribute: str) -> list[BoundTrainingDefinition]:
        bound = self._bound_definitions
        if not bound:
            raise ValueError(
                f"'{attribute}' is available on jobs declared with typed props; this job was declared with "
                "from_request, whose roles and network are in the request"
            )
        return bound

    @property
    def role(self) -> iam.IRole:
        """The execution role of the training jobs (of the first definition, for multi-algorithm jobs)."""
        return self._typed_definitions("role")[0].role

    @property
    def grant_principal(self) -> iam.IPrincipal:
        """The principal the training jobs run as: grant it access to more data with ``bucket.grant_read(job)``."""
        return self.role

    @property
    def connections(self) -> ec2.Connections:
        """The network connections of the training jobs' security groups (of every definition in a VPC).

        :raises ValueError: when no training definition runs in a VPC.
        """
        security_groups: list[ec2.ISecurityGroup] = []
        for bound in self._typed_definitions("connections"):
            if bound.connections is None:
                continue
            for group in bound.connections.security_groups:
                if group not in security_groups:
                    security_groups.append(group)
        if not security_groups:
            raise ValueError(
                f"tuning job {self.node.path} has no 'connections': none of its training definitions runs in "
                "a VPC; give the TrainingJobDefinition a 'vpc'"
            )
        return ec2.Connections(security_groups=security_groups)

    # -- attributes available when the job is awaited -----------------------------------------------

    def _completion_attribute(self, name: str, attribute: str, *, needs_wait: bool = False) -> str:
        if self._completion is not None:
            return self._completion.results.get_att_string(attribute)
        if not self._wait_for_completion or needs_wait:
            raise ValueError(
                f"'{name}' is known only once the job has completed: declare the job with "
                + ("wait=TuningJobWait.for_completion(...)" if needs_wait else "wait_for_completion=True")
            )
        return self._resource.get_att_string(attribute)

    @property
    def best_training_job_name(self) -> str:
        """The name of the best training job (needs ``wait_for_completion=True``)."""
        return self._completion_attribute("best_training_job_name", contract.ATTR_BEST_TRAINING_JOB_NAME)

    @property
    def best_objective_value(self) -> str:
        """The best training job's final objective metric value, as a string (needs ``wait_for_completion``)."""
        return self._completion_attribute("best_objective_value", contract.ATTR_BEST_OBJECTIVE_VALUE)

    @property
    def best_model_artifacts(self) -> str:
        """The S3 URI of the best training job's model artifacts (needs ``wait_for_completion=True``)."""
        return self._completion_attribute("best_model_artifacts", contract.ATTR_BEST_MODEL_ARTIFACTS)

    def best_hyperparameter(self, name: str) -> str:
        """The best training job's value of the tuned hyperparameter ``name``, as a string (needs ``wait``).

        :param name: a hyperparameter of the job's ranges.
        """
        return self._completion_attribute(
            f"best_hyperparameter({name!r})", contract.ATTR_BEST_HYPERPARAMETER_PREFIX + name, needs_wait=True
        )

    @property
    def completed_training_jobs(self) -> str:
        """How many training jobs completed, as a string (needs ``wait``)."""
        return self._completion_attribute(
            "completed_training_jobs", contract.ATTR_COMPLETED_TRAINING_JOBS, needs_wait=True
        )

    @property
    def failed_training_jobs(self) -> str:
        """How many training jobs failed (retryable or not), as a string (needs ``wait``)."""
        return self._completion_attribute(
            "failed_training_jobs", contract.ATTR_FAILED_TRAINING_JOBS, needs_wait=True
        )

    @property
    def stopped_training_jobs(self) -> str:
        """How many training jobs were stopped, as a string (needs ``wait``)."""
        return self._completion_attribute(
            "stopped_training_jobs", contract.ATTR_STOPPED_TRAINING_JOBS, needs_wait=True
        )

    # -- EventBridge rules on the job's state changes (events.py) --------------------------------------

    def on_state_change(
        self,
        id: str,
        *,
        target: aws_events.IRuleTarget | None = None,
        statuses: Sequence[TuningJobStatus] | None = None,
        description: str | None = None,
        rule_name: str | None = None,
        event_pattern: aws_events.EventPattern | None = None,
    ) -> aws_events.Rule:
        """A rule on this job's "SageMaker HyperParameter Tuning Job State Change" events.

        :param id: the rule's construct id, in the job's scope.
        :param target: where matching events go (add more with ``rule.add_target``).
            :default: - no target
        :param statuses: only changes to these statuses.
            :default: - every status change
        :param description: the rule's description.
            :default: - no description
        :param rule_name: the rule's name.
            :default: - a name is generated
        :param event_pattern: more of the pattern, merged into the job's own (for example a ``detail`` field).
            :default: - the job's name (and ``statuses``) only
        """
        return state_change_rule(
            self,
            id,
            job_name=self.tuning_job_name,
            statuses=statuses,
            target=target,
            description=description,
            rule_name=rule_name,
            event_pattern=event_pattern,
        )

    def on_completed(
        self,
        id: str,
        *,
        target: aws_events.IRuleTarget | None = None,
        description: str | None = None,
        rule_name: str | None = None,
        event_pattern: aws_events.EventPattern | None = None,
    ) -> aws_events.Rule:
        """A rule on this job reaching ``Completed``; the options are those of :meth:`on_state_change`."""
        return self.on_state_change(
            id,
            target=target,
            statuses=[TuningJobStatus.COMPLETED],
            description=description,
            rule_name=rule_name,
            event_pattern=event_pattern,
        )

    def on_failed(
        self,
        id: str,
        *,
        target: aws_events.IRuleTarget | None = None,
        description: str | None = None,
        rule_name: str | None = None,
        event_pattern: aws_events.EventPattern | None = None,
    ) -> aws_events.Rule:
        """A rule on this job reaching ``Failed``; the options are those of :meth:`on_state_change`."""
        return self.on_state_change(
            id,
            target=target,
            statuses=[TuningJobStatus.FAILED],
            description=description,
            rule_name=rule_name,
            event_pattern=event_pattern,
        )

    def on_stopped(
        self,
        id: str,
        *,
        target: aws_events.IRuleTarget | None = None,
        description: str | None = None,
        rule_name: str | None = None,
        event_pattern: aws_events.EventPattern | None = None,
    ) -> aws_events.Rule:
        """A rule on this job reaching ``Stopped``; the options are those of :meth:`on_state_change`."""
        return self.on_state_change(
            id,
            target=target,
            statuses=[TuningJobStatus.STOPPED],
            description=description,
            rule_name=rule_name,
            event_pattern=event_pattern,
        )


_UPDATE_REPLACE_POLICIES = {
    RemovalPolicy.DESTROY: CfnDeletionPolicy.DELETE,
    RemovalPolicy.RETAIN: CfnDeletionPolicy.RETAIN,
}


def _update_replace_policy(replaced_job_removal_policy: RemovalPolicy | None) -> CfnDeletionPolicy:
    """The ``UpdateReplacePolicy`` of ``replaced_job_removal_policy``: only DESTROY and RETAIN mean something."""
    policy = replaced_job_removal_policy or RemovalPolicy.DESTROY
    if policy not in _UPDATE_REPLACE_POLICIES:
        raise ValueError(
            f"'replaced_job_removal_policy' must be RemovalPolicy.DESTROY (stop the replaced job) or "
            f"RemovalPolicy.RETAIN (leave it running), got {policy}"
        )
    return _UPDATE_REPLACE_POLICIES[policy]


class _RawRequestTuningJob(HyperParameterTuningJob):
    """What ``HyperParameterTuningJob.from_request`` returns: the same construct, built from raw JSON."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        request: Mapping[str, Any],
        tuning_job_name_prefix: str | None,
        wait_for_completion: bool | None,
        wait: TuningJobWait | None,
        removal_policy: RemovalPolicy | None,
        replaced_job_removal_policy: RemovalPolicy | None,
        delete_job_record: bool | None,
        arn_output: bool | None,
    ) -> None:
        # The same initializer as the typed props, with the request as given.
        self._initialize(
            scope,
            id,
            lambda job: (request, {}),
            tuning_job_name_prefix=tuning_job_name_prefix,
            wait_for_completion=wait_for_completion,
            wait=wait,
            removal_policy=removal_policy,
            replaced_job_removal_policy=replaced_job_removal_policy,
            delete_job_record=delete_job_record,
            arn_output=arn_output,
        )


def _token_tag_problem(index: int, tag: Any) -> Problem:
    """The request's ``Tags[index]`` is a token (of a token list, which the request's check cannot read)."""
    return Problem(f"Tags[{index}]", tag_rules.TOKEN_TAG_MESSAGE, tag)


def _training_definitions(
    training: TrainingJobDefinition | None, training_definitions: Sequence[TrainingJobDefinition] | None
) -> tuple[list[TrainingJobDefinition], bool]:
    """The definitions of a typed job, and whether it is multi-algorithm (``training_definitions``)."""
    if (training is None) == (training_definitions is None):
        raise ValueError(
            "give exactly one of 'training' (a single TrainingJobDefinition) and 'training_definitions' "
            "(a list of up to 10, for multi-algorithm jobs), got "
            + ("both" if training is not None else "neither")
        )
    multi = training_definitions is not None
    definitions: list[Any] = list(training_definitions) if training_definitions is not None else [training]
    for index, definition in enumerate(definitions):
        if not isinstance(definition, TrainingJobDefinition):
            prop = f"training_definitions[{index}]" if multi else "training"
            raise ValueError(f"'{prop}' must be a TrainingJobDefinition, got {definition!r}")
    return definitions, multi


class _ImportedTuningJob(Resource):
    """What ``HyperParameterTuningJob.from_tuning_job_name`` returns: a reference, nothing is deployed."""

    def __init__(self, scope: Construct, id: str, tuning_job_name: str) -> None:
        super().__init__(scope, id)
        self.tuning_job_name: str = tuning_job_name
        # SageMaker writes job names in lower case in ARNs (names are case-insensitive).
        arn_name = tuning_job_name if Token.is_unresolved(tuning_job_name) else tuning_job_name.lower()
        self.tuning_job_arn: str = Stack.of(self).format_arn(
            service="sagemaker", resource="hyper-parameter-tuning-job", resource_name=arn_name
        )
