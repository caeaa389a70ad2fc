"""The ``HyperParameterTuningJob`` construct: a SageMaker tuning job declared with typed props.

Its sibling ``RawRequestTuningJob`` (``raw_request_job.py``), what ``HyperParameterTuningJob.from_request``
returns, takes the raw request instead; both extend ``TuningJobBase`` (``tuning_job_base.py``), which deploys
the rendered request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Unpack, cast

import jsii
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from constructs import Construct

from ..typed.interfaces import ITuningJob
from ..typed.job_settings import JobSettings, TuningJobOptions
from ..typed.prop_types import check_keywords, pick
from ..typed.training import TrainingJobDefinition, training_definitions_of
from ..typed.training_principal import TrainingPrincipal
from .imported_job import ImportedTuningJob
from .lifecycle import TuningJobLifecycleOptions
from .raw_request_job import RawRequestTuningJob
from .tuning_job_base import TuningJobBase


class HyperParameterTuningJobOptions(TuningJobOptions, TuningJobLifecycleOptions, total=False):
    """Every flat keyword of ``HyperParameterTuningJob``: the job-level props and the lifecycle props."""


@jsii.implements(iam.IGrantable, ec2.IConnectable)
class HyperParameterTuningJob(TrainingPrincipal, TuningJobBase):
    """An Amazon SageMaker hyperparameter tuning job, created by ``cdk deploy`` and stopped on delete.

    The job is a custom resource of type ``Custom::SageMakerHyperParameterTuningJob`` whose ``Request``
    property holds the ``CreateHyperParameterTuningJob`` request in the API's own structure, so
    ``cdk diff`` shows field-level changes. A changed request replaces the job: the new one is created
    first, then the old one is stopped.

    Declare it with typed props (``HyperParameterTuningJob(scope, id, objective=..., training=...)``) or
    with the raw request (``HyperParameterTuningJob.from_request``, which returns the sibling class
    ``RawRequestTuningJob``); both deploy through ``TuningJobBase``.

    :param scope: the construct scope.
    :param id: the construct id; changing it replaces the job.
    :param training: the training job definition of a single-algorithm job. Give exactly one of
        ``training`` and ``training_definitions``.
        :default: - ``training_definitions`` must be given
    :param training_definitions: 1 to 10 training job definitions of a multi-algorithm job, each
        with its ``definition_name``, ``objective`` and ``parameter_ranges``.
        :default: - ``training`` must be given
    :param tuning_job_name: the job's name (1 to 32 letters, digits and hyphens, no underscores). A
        fixed name cannot be reused: a changed request, which needs a new job, then fails to deploy.
        Not with ``tuning_job_name_prefix``.
        :default: - a name is generated at deploy time, from ``tuning_job_name_prefix`` or else from the
        stack and construct names
    :param options: the job-level props (``TuningJobOptions``: ``objective``, ``parameter_ranges``,
        ``strategy``, ``max_training_jobs``, ``max_parallel_training_jobs``, ``max_runtime``,
        ``early_stopping``, ``completion_criteria``, ``random_seed``, ``autotune``, ``warm_start``) and the
        lifecycle props (``TuningJobLifecycleOptions``: ``tuning_job_name_prefix``, ``wait``,
        ``removal_policy``, ``replaced_job_removal_policy``, ``delete_job_record``,
        ``arn_output``), as flat keywords; each documented, with its default, on its group.
    """

    _KIND = "job"

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        training: TrainingJobDefinition | None = None,
        training_definitions: Sequence[TrainingJobDefinition] | None = None,
        tuning_job_name: str | None = None,
        **options: Unpack[HyperParameterTuningJobOptions],
    ) -> None:
        check_keywords("HyperParameterTuningJob()", options, HyperParameterTuningJobOptions)
        definitions, multi = training_definitions_of(training, training_definitions)
        settings = JobSettings(cast(TuningJobOptions, pick(options, TuningJobOptions)), tuning_job_name)
        super().__init__(
            scope, id, **cast(TuningJobLifecycleOptions, pick(options, TuningJobLifecycleOptions))
        )
        # The definitions bind in the job's scope: the execution role (id Role) and security group.
        self._bound_definitions = [definition._bind(self) for definition in definitions]
        request, prop_names = settings.render(
            [(bound.request, bound.prop_names) for bound in self._bound_definitions], multi=multi
        )
        self._bind(request, prop_names)

    @classmethod
    def from_tuning_job_name(cls, scope: Construct, id: str, tuning_job_name: str) -> ITuningJob:
        """A tuning job that exists outside this app, for example as a warm-start parent.

        :param scope: the construct scope.
        :param id: the construct id.
        :param tuning_job_name: the job's name, in this stack's account and region.
        """
        return ImportedTuningJob(scope, id, tuning_job_name)

    @classmethod
    def from_request(
        cls,
        scope: Construct,
        id: str,
        *,
        request: Mapping[str, Any],
        **options: Unpack[TuningJobLifecycleOptions],
    ) -> RawRequestTuningJob:
        """A tuning job declared with the raw ``CreateHyperParameterTuningJob`` request.

        Returns a ``RawRequestTuningJob``, the sibling of this class: the same attributes, overrides, tags,
        events and template as before, but it is not an instance of ``HyperParameterTuningJob`` (test with
        ``isinstance(job, TuningJobBase)``) and has no ``role``, ``grant_principal`` or ``connections``: the
        roles and network are those the request names.

        :param scope: the construct scope.
        :param id: the construct id; changing it replaces the job.
        :param request: the request exactly as ``aws sagemaker create-hyper-parameter-tuning-job
            --cli-input-json`` takes it. Values may be CDK tokens. ``HyperParameterTuningJobName`` is
            optional: when absent, a name is generated at deploy time.
        :param options: the lifecycle props (``TuningJobLifecycleOptions``), as flat keywords.
        """
        check_keywords("HyperParameterTuningJob.from_request()", options, TuningJobLifecycleOptions)
        return RawRequestTuningJob(scope, id, request=request, **options)
