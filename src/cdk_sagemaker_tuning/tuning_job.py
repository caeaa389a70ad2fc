"""The ``HyperParameterTuningJob`` construct: a SageMaker tuning job as a CloudFormation resource."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import jsii
from aws_cdk import (
    Annotations,
    CfnOutput,
    CfnResource,
    CustomResource,
    Duration,
    ITaggable,
    RemovalPolicy,
    Resource,
    TagManager,
    TagType,
)
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import Construct, IConstruct

from . import cross_stack, naming, request_paths, request_template, unique_names
from ._handler import contract
from ._handler.contract import RESOURCE_TYPE
from .completion import TuningJobCompletionCriteria
from .completion_wait import TuningJobWait, completion_wait_of
from .events import JobEvents
from .imported_job import ImportedTuningJob
from .interfaces import ITuningJob
from .job_rendering import RenderedTagsValidation, token_tag_problem
from .job_request import render_tuning_request
from .job_results import JobResults
from .objective import TuningObjective
from .parameters import ParameterRange
from .provider import SERVICE_TIMEOUT, TuningJobProvider
from .removal import UPDATE_REPLACE_POLICIES, update_replace_policy
from .strategy import TuningStrategy
from .training import BoundTrainingDefinition, TrainingJobDefinition, training_definitions_of
from .training_principal import TrainingPrincipal
from .validation import TuningJobValidationError, validate_request
from .warm_start import WarmStart


@jsii.implements(ITaggable, iam.IGrantable, ec2.IConnectable)
class HyperParameterTuningJob(JobResults, JobEvents, TrainingPrincipal, Resource):
    """An Amazon SageMaker hyperparameter tuning job, created by ``cdk deploy`` and stopped on delete.

    The job is a custom resource of type ``Custom::SageMakerHyperParameterTuningJob`` whose ``Request``
    property holds the ``CreateHyperParameterTuningJob`` request in the API's own structure, so
    ``cdk diff`` shows field-level changes. A changed request replaces the job: the new one is created
    first, then the old one is stopped.

    Declare it with typed props (``HyperParameterTuningJob(scope, id, objective=..., training=...)``) or
    with the raw request (``HyperParameterTuningJob.from_request``); both render through the same code.
    """

    _KIND = "job"

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
        definitions, multi = training_definitions_of(training, training_definitions)
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
        return ImportedTuningJob(scope, id, tuning_job_name)

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
        from .raw_request_job import RawRequestTuningJob  # it subclasses this class

        return RawRequestTuningJob(
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
                raise TuningJobValidationError([token_tag_problem(index, tag)])
            # Tags given in the request have the lowest priority, like a CfnResource's own tags.
            self.tags.set_tag(tag["Key"], tag["Value"], 0)

        replaced_job_policy = update_replace_policy(replaced_job_removal_policy)
        provider = TuningJobProvider.of(scope)
        unique_names.register(self, provider.stack)
        # Plain data, rendered in Node.js without calling back into Python; overrides and tags reach it as
        # property overrides (request_template.py, _render_into_template).
        self._created_request = request_paths.copy_request(self._request)
        properties: dict[str, Any] = {contract.PROP_REQUEST: self._created_request}
        if self._wait_for_completion:
            properties[contract.PROP_WAIT_FOR_COMPLETION] = contract.TRUE
        if delete_job_record:
            properties[contract.PROP_DELETE_JOB_RECORD] = contract.TRUE
        retained = [
            occasion
            for occasion, policy in (
                (contract.RETAIN_ON_DELETE, removal_policy),
                (contract.RETAIN_ON_REPLACE, replaced_job_removal_policy),
            )
            if policy == RemovalPolicy.RETAIN
        ]
        if retained:
            # Kept on purpose once the resource lets it go: the stack's reconciler must not take it for an
            # orphan, nor the Delete of a cancelled create for that create's job (when kept on delete).
            properties[contract.PROP_RETAIN] = ",".join(retained)
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
        if UPDATE_REPLACE_POLICIES.get(removal_policy or RemovalPolicy.DESTROY) != replaced_job_policy:
            cfn_resource = self._resource.node.default_child
            assert isinstance(cfn_resource, CfnResource)
            cfn_resource.cfn_options.update_replace_policy = replaced_job_policy
        self._provider = provider
        if self._tag_manager is not None:  # the request's own Tags
            self._render_into_template()
        # The handler's permissions (PassRole, invoking itself to keep waiting) must exist before the
        # first create and outlive the last delete.
        self._grant_execution_roles(*provider.dependables)

        self._tuning_job_name: str | None = None
        self._tuning_job_arn: str | None = None
        # The name is read (a call into Node.js) only for a job that has a completion wait.
        self._completion = (
            None
            if wait is None
            else completion_wait_of(
                self,
                wait,
                in_event_wait=self._wait_for_completion,
                job_name=self.tuning_job_name,
                job_resource=self._resource,
                provider=provider,
                request=self._request,
            )
        )
        if self._wait_for_completion or self._completion is not None:
            provider.allow_reading_best_training_jobs()  # the best job's model artifacts
        own_outputs = []
        if arn_output is None or arn_output:
            own_outputs.append(CfnOutput(self, "Arn", value=self.tuning_job_arn))
        cross_stack.watch(self, provider.stack, self._resource, own_outputs)

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

    def _render_into_template(self) -> None:
        """Make the resource's ``Request`` the current request and tags, as property overrides.

        Computed afresh from the request the resource was created with each time: the first override
        resets the earlier ones, so the template never keeps a change that a later override undid.
        """
        cfn_resource = self._resource.node.default_child
        assert isinstance(cfn_resource, CfnResource)
        prop = contract.PROP_REQUEST
        cfn_resource.add_property_override(prop, {})
        for path, value in request_template.overrides(self._created_request, self._request):
            if value is request_template.DELETE:
                cfn_resource.add_property_deletion_override(f"{prop}.{path}")
            else:
                cfn_resource.add_property_override(f"{prop}.{path}", value)
        if self._tag_manager is not None:
            # aws-cdk-lib renders the tags (Tags.of included) in Node.js; no tags, no Tags key.
            cfn_resource.add_property_override(f"{prop}.Tags", self._tag_manager.rendered_tags)

    @property
    def tags(self) -> TagManager:
        """The job's tags: ``Tags.of(job).add(...)`` reaches the request's ``Tags``."""
        if self._tag_manager is None:
            # Also when Tags.of(...) first asks during synthesis: its tags are checked once it has run.
            self._tag_manager = TagManager(TagType.KEY_VALUE, RESOURCE_TYPE)
            self.node.add_validation(RenderedTagsValidation(self))
            if getattr(self, "_resource", None) is not None:  # Tags.of(...) or job.tags, after construction
                self._render_into_template()
        return self._tag_manager

    @property
    def request(self) -> dict[str, Any]:
        """A copy of the request as it will be rendered (tokens unresolved)."""
        return self._render_request()

    def add_request_override(self, path: str, value: Any) -> None:
        """Set any request field by its dotted API path; ``None`` removes it.

        The escape hatch for fields the typed API does not cover, like ``CfnResource.add_property_override``::

            job.add_request_override("HyperParameterTuningJobConfig.RandomSeed", 7)

        The change reaches the template as CloudFormation property overrides (``request_template``): an
        object that an override leaves empty (``{}``) is omitted there, which SageMaker reads alike.

        :param path: the field's path, for example ``TrainingJobDefinitions[0].Environment``.
        :param value: the value in the API's own structure; CDK tokens are allowed.
        """
        if path == "Tags" or path.startswith("Tags."):
            raise ValueError("request override path 'Tags': use Tags.of(job).add(key, value) instead")
        candidate = request_paths.copy_request(self._request)
        request_paths.set_path(candidate, path, value)
        self._validate(self._render_request(candidate))  # a breaking override fails here, unapplied
        self._request = candidate
        self._render_into_template()
        self._grant_execution_roles()  # an override may name another execution role
        if self._completion is not None:
            self._completion.track_request(self._request)  # a changed request is a new job to wait for
