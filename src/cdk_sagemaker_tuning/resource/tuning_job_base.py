"""What every tuning job construct shares once its request is rendered: ``TuningJobBase``.

Like ``aws-sagemaker-alpha``'s ``ModelBase``: the typed ``HyperParameterTuningJob`` (``tuning_job.py``) and
the raw-request ``RawRequestTuningJob`` (``raw_request_job.py``) are siblings that extend it. Each renders its
request in its own ``__init__`` and hands it to :meth:`TuningJobBase._bind`, which runs the same named
phases for both: validate, resource, grants, wait, outputs. After that, overrides (``add_request_override``)
and tags (``Tags.of``) reach the template through the same code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

import jsii
from aws_cdk import (
    Annotations,
    CfnOutput,
    CfnResource,
    CustomResource,
    ITaggable,
    RemovalPolicy,
    Resource,
    TagManager,
    TagType,
)
from constructs import Construct, IConstruct

from .._core import checks, request_paths
from .._handler import contract
from .._handler.contract import RESOURCE_TYPE
from ..provider.tuning_job_provider import SERVICE_TIMEOUT, TuningJobProvider
from ..validation import TuningJobValidationError, validate_request
from ..validation.validate import ACKNOWLEDGEABLE_RULES, acknowledged_ids
from . import cross_stack, naming, request_template, unique_names
from .completion_wait import resolve_wait
from .events import JobEvents
from .job_rendering import RenderedTagsValidation, token_tag_problem
from .job_results import JobResults
from .lifecycle import TuningJobLifecycleOptions
from .removal import UPDATE_REPLACE_POLICIES, update_replace_policy


@jsii.implements(ITaggable)
class TuningJobBase(JobResults, JobEvents, Resource):
    """A SageMaker hyperparameter tuning job deployed as a custom resource, however its request was declared.

    Not created directly: declare a job with ``HyperParameterTuningJob(...)`` (typed props) or
    ``HyperParameterTuningJob.from_request(...)`` (the raw request). Both are instances of this class, so
    ``isinstance(job, TuningJobBase)`` holds for every tuning job of this library.

    :param scope: the construct scope.
    :param id: the construct id; changing it replaces the job.
    :param options: the lifecycle props, see ``TuningJobLifecycleOptions``.
    """

    def __init__(self, scope: Construct, id: str, **options: Unpack[TuningJobLifecycleOptions]) -> None:
        super().__init__(scope, id)
        self._scope = scope
        self._options = options
        self._warned: set[str] = set()
        #: Whether the request has an acknowledged field newer than the vendored API model.
        self._newer_api_fields = False
        self._name_prefix = options.get("tuning_job_name_prefix")
        self._tuning_job_name: str | None = None
        self._tuning_job_arn: str | None = None

    def _bind(self, request: Mapping[str, Any], prop_names: Mapping[str, str] | None = None) -> None:
        """Turn the rendered request into the custom resource, its permissions, its wait and its output.

        Called once, by the sibling's ``__init__``, as soon as its request is rendered.

        :param request: the ``CreateHyperParameterTuningJob`` request (tokens allowed).
        :param prop_names: for messages, the typed prop behind each API path that the typed API rendered
            (``{"HyperParameterTuningJobConfig.ResourceLimits": "max_training_jobs", ...}``).
            :default: - no prop names (a raw request's messages name API paths only)
        """
        self._validate_phase(request, prop_names or {})
        provider = TuningJobProvider.of(self._scope)
        self._provider = provider
        if self._newer_api_fields:
            provider.use_runtime_api_model()
        self._resource_phase(provider)
        self._grants_phase(provider)
        self._wait_phase(provider)
        self._outputs_phase(provider)

    # -- the phases of _bind ----------------------------------------------------------------------------

    def _validate_phase(self, request: Mapping[str, Any], prop_names: Mapping[str, str]) -> None:
        """Check the request as given, and move its ``Tags`` to the job's tag manager."""
        self._prop_names = dict(prop_names)
        self._request = request_paths.copy_request(request)
        self._validate(request)  # as given: Tags in the user's order, so that Tags[n] in messages is theirs
        self._wait = resolve_wait(self._options.get("wait"), self._options.get("wait_for_completion"), self)
        self._wait_for_completion = self._wait is not None and self._wait._within_event
        # Created on first use (the request's Tags, Tags.of, job.tags): a job without tags makes no calls
        # into Node.js for them, neither here nor at synth.
        self._tag_manager: TagManager | None = None
        for index, tag in enumerate(self._request.pop("Tags", None) or []):
            if not isinstance(tag, Mapping):  # a token for a whole tag, or for the whole list
                raise TuningJobValidationError([token_tag_problem(index, tag)])
            # Tags given in the request have the lowest priority, like a CfnResource's own tags.
            self.tags.set_tag(tag["Key"], tag["Value"], 0)

    def _resource_phase(self, provider: TuningJobProvider) -> None:
        """Create the custom resource (id ``Resource``) with the request and the lifecycle props."""
        removal_policy = self._options.get("removal_policy") or RemovalPolicy.DESTROY
        replaced_job_policy = update_replace_policy(self._options.get("replaced_job_removal_policy"))
        unique_names.register(self, provider.stack)
        # Plain data, rendered in Node.js without calling back into Python; overrides and tags reach it as
        # property overrides (request_template.py, _render_into_template).
        self._created_request = request_paths.copy_request(self._request)
        retained = [
            occasion
            for occasion, policy in (
                (contract.RETAIN_ON_DELETE, removal_policy),
                (contract.RETAIN_ON_REPLACE, self._options.get("replaced_job_removal_policy")),
            )
            if policy == RemovalPolicy.RETAIN
        ]
        properties = contract.TuningJobProperties(
            request=self._created_request,
            wait_for_completion=self._wait_for_completion,
            delete_job_record=bool(self._options.get("delete_job_record")),
            # Kept on purpose once the resource lets it go: the stack's reconciler must not take it for an
            # orphan, nor the Delete of a cancelled create for that create's job (when kept on delete).
            retain=frozenset(retained),
            name_prefix=self._name_prefix,
        ).to_cfn()
        self._resource = CustomResource(
            self,
            "Resource",
            service_token=provider.service_token,
            resource_type=RESOURCE_TYPE,
            properties=properties,
            removal_policy=removal_policy,
            # CloudFormation's wait for each answer; the handler reads its own budget from it.
            service_timeout=SERVICE_TIMEOUT,
        )
        # CustomResource applies removal_policy to UpdateReplacePolicy too, which would keep every job
        # replaced by a changed request running when the user only meant to keep the job on stack delete.
        if UPDATE_REPLACE_POLICIES.get(removal_policy) != replaced_job_policy:
            cfn_resource = self._resource.node.default_child
            assert isinstance(cfn_resource, CfnResource)
            cfn_resource.cfn_options.update_replace_policy = replaced_job_policy
        if self._tag_manager is not None:  # the request's own Tags
            self._render_into_template()

    def _grants_phase(self, provider: TuningJobProvider) -> None:
        """Let the handler pass the request's execution roles; the job depends on those grants."""
        # The handler's permissions (PassRole, invoking itself to keep waiting) must exist before the
        # first create and outlive the last delete.
        self._grant_execution_roles(*provider.dependables)

    def _wait_phase(self, provider: TuningJobProvider) -> None:
        """Create the completion wait, if any; an awaited job's handler may read the best job's artifacts."""
        # The name is read (a call into Node.js) only for a job whose strategy attaches something.
        self._completion = (
            None
            if self._wait is None or self._wait._within_event
            else self._wait._attach(
                self,
                job_name=self.tuning_job_name,
                job_resource=self._resource,
                provider=provider,
                request=self._request,
            )
        )
        if self._wait_for_completion or self._completion is not None:
            provider.allow_reading_best_training_jobs()  # the best job's model artifacts

    def _outputs_phase(self, provider: TuningJobProvider) -> None:
        """The ARN output (id ``Arn``), and the watch on references from other stacks."""
        arn_output = self._options.get("arn_output")
        own_outputs = []
        if arn_output is None or arn_output:
            own_outputs.append(CfnOutput(self, "Arn", value=self.tuning_job_arn))
        cross_stack.watch(self, provider.stack, self._resource, own_outputs)

    # -- attributes, tags and overrides ------------------------------------------------------------------

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
        if any(error.rule in ACKNOWLEDGEABLE_RULES for error in report.errors):
            # Read only then: the context is a call into Node.js, and most requests have no unknown field.
            report = validate_request(
                request, prop_names=self._prop_names, acknowledged=acknowledged_ids(self)
            )
        if report.acknowledged:
            self._newer_api_fields = True
            if getattr(self, "_provider", None) is not None:  # an override after construction
                self._provider.use_runtime_api_model()
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
            raise checks.OVERRIDE_PATH.error(
                "request override path 'Tags': use Tags.of(job).add(key, value) instead"
            )
        candidate = request_paths.copy_request(self._request)
        request_paths.set_path(candidate, path, value)
        self._validate(self._render_request(candidate))  # a breaking override fails here, unapplied
        self._request = candidate
        self._render_into_template()
        self._grant_execution_roles()  # an override may name another execution role
        if self._completion is not None:
            self._completion.track_request(self._request)  # a changed request is a new job to wait for
