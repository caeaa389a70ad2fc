"""The ``HyperParameterTuningJob`` construct: a SageMaker tuning job as a CloudFormation resource."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jsii
from aws_cdk import (
    Annotations,
    CfnOutput,
    CustomResource,
    IResolvable,
    IResolveContext,
    ITaggable,
    RemovalPolicy,
    Resource,
    TagManager,
    TagType,
    Token,
)
from constructs import Construct

from . import request_tree
from .provider import RESOURCE_TYPE, TuningJobProvider
from .validation import validate_request


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


@jsii.implements(ITaggable)
class HyperParameterTuningJob(Resource):
    """An Amazon SageMaker hyperparameter tuning job, created by ``cdk deploy`` and stopped on delete.

    The job is a custom resource of type ``Custom::SageMakerHyperParameterTuningJob`` whose ``Request``
    property holds the ``CreateHyperParameterTuningJob`` request in the API's own structure, so
    ``cdk diff`` shows field-level changes. A changed request replaces the job: the new one is created
    first, then the old one is stopped.
    """

    def __init__(self, scope: Construct, id: str) -> None:
        # The typed props arrive with the typed API; until then every job is declared with
        # ``from_request``.
        raise NotImplementedError("use HyperParameterTuningJob.from_request(scope, id, request=...)")

    @classmethod
    def from_request(
        cls,
        scope: Construct,
        id: str,
        *,
        request: Mapping[str, Any],
        wait_for_completion: bool | None = None,
        removal_policy: RemovalPolicy | None = None,
        delete_job_record: bool | None = None,
    ) -> HyperParameterTuningJob:
        """A tuning job declared with the raw ``CreateHyperParameterTuningJob`` request.

        :param scope: the construct scope.
        :param id: the construct id; changing it replaces the job.
        :param request: the request exactly as ``aws sagemaker create-hyper-parameter-tuning-job
            --cli-input-json`` takes it. Values may be CDK tokens. ``HyperParameterTuningJobName`` is
            optional: when absent, a name is generated at deploy time.
        :param wait_for_completion: finish creating only when the job has completed, and fail the
            deployment when it fails or is stopped. Bounded by the Provider framework's one hour.
            :default: false - the resource is created as soon as SageMaker accepts the job
        :param removal_policy: what happens to a running job when the resource leaves the stack.
            ``RemovalPolicy.RETAIN`` leaves it running.
            :default: RemovalPolicy.DESTROY - the job is stopped and its record kept
        :param delete_job_record: once a removed job has stopped, also delete its record
            (DeleteHyperParameterTuningJob).
            :default: false - the stopped job stays listed in SageMaker
        """
        return _RawRequestTuningJob(
            scope,
            id,
            request=request,
            wait_for_completion=wait_for_completion,
            removal_policy=removal_policy,
            delete_job_record=delete_job_record,
        )

    # -- shared by every way of declaring a job --------------------------------------------------------

    def _bind(
        self,
        request: Mapping[str, Any],
        *,
        wait_for_completion: bool | None,
        removal_policy: RemovalPolicy | None,
        delete_job_record: bool | None,
        prop_names: Mapping[str, str] | None = None,
    ) -> None:
        """Turn a rendered request into the custom resource, its permissions and its output.

        :param prop_names: for messages, the typed prop behind each API path that the typed API rendered
            (``{"HyperParameterTuningJobConfig.ResourceLimits": "max_training_jobs", ...}``).
        """
        self._prop_names = dict(prop_names or {})
        self._request = request_tree.copy_request(request)
        self._validate(request)  # as given: Tags in the user's order, so that Tags[n] in messages is theirs
        self._wait_for_completion = bool(wait_for_completion)
        self._tags = TagManager(TagType.KEY_VALUE, RESOURCE_TYPE)
        for tag in self._request.pop("Tags", None) or []:
            # Tags given in the request have the lowest priority, like a CfnResource's own tags.
            self._tags.set_tag(tag["Key"], tag["Value"], 0)

        provider = TuningJobProvider.of(self)
        properties: dict[str, Any] = {"Request": _RenderedRequest(self)}
        if self._wait_for_completion:
            properties["WaitForCompletion"] = "true"
        if delete_job_record:
            properties["DeleteJobRecord"] = "true"
        self._resource = CustomResource(
            self,
            "Resource",
            service_token=provider.service_token,
            resource_type=RESOURCE_TYPE,
            properties=properties,
            removal_policy=removal_policy or RemovalPolicy.DESTROY,
        )
        for role_arn in request_tree.role_arns(self._request):
            provider.allow_pass_role(role_arn)
            # Depending on the Role construct also depends on its policies: SageMaker may read the data
            # from the job's first second.
            for owner in request_tree.referenced_constructs(role_arn):
                self._resource.node.add_dependency(owner)
        # The handler's PassRole grant must exist before the first create.
        self._resource.node.add_dependency(provider.role)

        self.tuning_job_name: str = self._resource.ref
        self.tuning_job_arn: str = self._resource.get_att_string("Arn")
        CfnOutput(self, "Arn", value=self.tuning_job_arn, description=f"ARN of tuning job {self.node.path}")

    def _validate(self, request: Mapping[str, Any]) -> None:
        """Raise ``TuningJobValidationError`` with every error of the request; warnings become annotations."""
        report = validate_request(request, prop_names=self._prop_names)
        report.raise_for_errors()
        warned = self.__dict__.setdefault("_warned", set())
        for warning in report.warnings:
            if str(warning) not in warned:  # re-validation after an override must not repeat them
                warned.add(str(warning))
                Annotations.of(self).add_warning_v2(f"cdk-sagemaker-tuning:{warning.path}", str(warning))

    def _render_request(self, request: Mapping[str, Any] | None = None) -> dict[str, Any]:
        request = request_tree.copy_request(self._request if request is None else request)
        tags = self._tags.render_tags()
        if tags:
            request["Tags"] = tags
        return request

    @property
    def tags(self) -> TagManager:
        """The job's tags: ``Tags.of(job).add(...)`` reaches the request's ``Tags``."""
        return self._tags

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
        candidate = request_tree.copy_request(self._request)
        request_tree.set_path(candidate, path, value)
        self._validate(self._render_request(candidate))  # a breaking override fails here, unapplied
        self._request = candidate

    # -- attributes available when the job is awaited -----------------------------------------------

    def _completion_attribute(self, name: str, attribute: str) -> str:
        if not self._wait_for_completion:
            raise ValueError(
                f"'{name}' is known only once the job has completed: declare the job with "
                "wait_for_completion=True"
            )
        return self._resource.get_att_string(attribute)

    @property
    def best_training_job_name(self) -> str:
        """The name of the best training job (needs ``wait_for_completion=True``)."""
        return self._completion_attribute("best_training_job_name", "BestTrainingJobName")

    @property
    def best_objective_value(self) -> str:
        """The best training job's final objective metric value, as a string (needs ``wait_for_completion``)."""
        return self._completion_attribute("best_objective_value", "BestObjectiveValue")

    @property
    def best_model_artifacts(self) -> str:
        """The S3 URI of the best training job's model artifacts (needs ``wait_for_completion=True``)."""
        return self._completion_attribute("best_model_artifacts", "BestModelArtifacts")


class _RawRequestTuningJob(HyperParameterTuningJob):
    """What ``HyperParameterTuningJob.from_request`` returns: the same construct, built from raw JSON."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        request: Mapping[str, Any],
        wait_for_completion: bool | None,
        removal_policy: RemovalPolicy | None,
        delete_job_record: bool | None,
    ) -> None:
        Resource.__init__(self, scope, id)
        self._bind(
            request,
            wait_for_completion=wait_for_completion,
            removal_policy=removal_policy,
            delete_job_record=delete_job_record,
        )
