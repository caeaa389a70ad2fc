"""The tuning job as a Step Functions task state: run the same typed job on every execution.

``SageMakerCreateHyperParameterTuningJob`` renders its request with the code of ``HyperParameterTuningJob``
(the same ``TuningJobOptions`` keyword group, rendered by ``job_request.JobSettings``, each
``TrainingJobDefinition`` bound in the task's scope, which creates and grants the execution role as the
construct does), and hands it to ``TuningTaskBase`` (``task_base.py``), which validates it the
same way and calls Step Functions' optimized SageMaker integration ``createHyperParameterTuningJob``, with
``.sync`` for ``IntegrationPattern.RUN_JOB``. Its raw-request sibling is ``RawRequestTuningTask``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Unpack, cast

import jsii
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from ..typed.job_settings import JobSettings, TuningJobOptions
from ..typed.prop_types import check_keywords, pick
from ..typed.training import TrainingJobDefinition, training_definitions_of
from ..typed.training_principal import TrainingPrincipal
from .raw_request_task import RawRequestTuningTask
from .task_base import TuningTaskBase, TuningTaskStateOptions


class SageMakerCreateHyperParameterTuningJobOptions(TuningJobOptions, TuningTaskStateOptions, total=False):
    """Every flat keyword of the typed task: the job-level props and the task state's props."""


@jsii.implements(iam.IGrantable, ec2.IConnectable)
class SageMakerCreateHyperParameterTuningJob(TrainingPrincipal, TuningTaskBase):
    """A task state that creates a SageMaker hyperparameter tuning job and, with ``RUN_JOB``, waits for it.

    Takes the job-level props of ``HyperParameterTuningJob`` (the same ``TuningJobOptions``), plus the
    task's. Any string may be a run-time value: a JSONPath reference (``sfn.JsonPath.string_at("$.JobName")``)
    in a JSONPath state machine, or a JSONata expression (``"{% $states.input.JobName %}"``) in a JSONata
    one, also inside a prefix (``TrainingInput.from_bucket(bucket, "data/" + sfn.JsonPath.string_at("$.Week")
    + "/")``, whose read grant then stops at ``data/*``). Validation skips run-time values like tokens.

    With ``RUN_JOB`` the task's result is the job's ``DescribeHyperParameterTuningJob`` output
    (``BestTrainingJob.TrainingJobName``...); with ``REQUEST_RESPONSE``, ``HyperParameterTuningJobArn``.

    :param scope: the construct scope.
    :param id: the construct id.
    :param tuning_job_name: the job's name, unique per execution: a run-time value such as
        ``sfn.JsonPath.format("churn-{}", sfn.JsonPath.string_at("$.RunId"))``.
    :param training: as for ``HyperParameterTuningJob``. :default: - ``training_definitions`` must be given
    :param training_definitions: as for ``HyperParameterTuningJob``. :default: - ``training`` must be given
    :param tags: tags of the tuning job (and of its training jobs). :default: - none
    :param options: the job-level props (``TuningJobOptions``) and the task state's props
        (``TuningTaskStateOptions``: ``integration_pattern``, ``result_path``, ``task_timeout``...), as flat
        keywords; each documented, with its default, on its group.
    """

    _KIND = "task"

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        tuning_job_name: str,
        training: TrainingJobDefinition | None = None,
        training_definitions: Sequence[TrainingJobDefinition] | None = None,
        tags: Mapping[str, str] | None = None,
        **options: Unpack[SageMakerCreateHyperParameterTuningJobOptions],
    ) -> None:
        check_keywords(
            "SageMakerCreateHyperParameterTuningJob()", options, SageMakerCreateHyperParameterTuningJobOptions
        )
        definitions, multi = training_definitions_of(training, training_definitions)
        settings = JobSettings(cast(TuningJobOptions, pick(options, TuningJobOptions)), tuning_job_name)
        state_options = cast(TuningTaskStateOptions, pick(options, TuningTaskStateOptions))
        super().__init__(scope, id, job_name=tuning_job_name, tagged=bool(tags), **state_options)
        # The definitions bind in the task's scope: the execution role (id Role) and security group.
        self._bound_definitions = [definition._bind(self) for definition in definitions]
        request, prop_names = settings.render(
            [(bound.request, bound.prop_names) for bound in self._bound_definitions], multi=multi
        )
        if tags:
            request["Tags"] = [{"Key": key, "Value": value} for key, value in tags.items()]
            prop_names["Tags"] = "tags"
        self._bind(request, prop_names)

    @classmethod
    def from_request(
        cls,
        scope: Construct,
        id: str,
        *,
        request: Mapping[str, Any],
        **options: Unpack[TuningTaskStateOptions],
    ) -> RawRequestTuningTask:
        """The task with the raw ``CreateHyperParameterTuningJob`` request, as ``HyperParameterTuningJob.from_request``.

        Returns a ``RawRequestTuningTask``, the sibling of this class (both are ``TuningTaskBase``): the same
        state and grants as before, without ``role``, ``grant_principal`` or ``connections``.

        :param scope: the construct scope.
        :param id: the construct id.
        :param request: the request as ``aws sagemaker create-hyper-parameter-tuning-job --cli-input-json``
            takes it; values may be tokens or run-time values, except the execution roles' ``RoleArn``,
            which the state machine role may pass and must therefore know at synth time.
        :param options: the task state's props (``TuningTaskStateOptions``), as flat keywords.
        """
        check_keywords(
            "SageMakerCreateHyperParameterTuningJob.from_request()", options, TuningTaskStateOptions
        )
        return RawRequestTuningTask(scope, id, request=request, **options)

    @classmethod
    def jsonata(cls, scope: Construct, id: str, **props: Any) -> SageMakerCreateHyperParameterTuningJob:
        """The typed task in a JSONata state: the props of the constructor, ``query_language`` set."""
        return cls(scope, id, **props, query_language=sfn.QueryLanguage.JSONATA)

    @classmethod
    def json_path(cls, scope: Construct, id: str, **props: Any) -> SageMakerCreateHyperParameterTuningJob:
        """The typed task in a JSONPath state: the props of the constructor, ``query_language`` set."""
        return cls(scope, id, **props, query_language=sfn.QueryLanguage.JSON_PATH)
