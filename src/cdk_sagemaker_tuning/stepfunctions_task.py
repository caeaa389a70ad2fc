"""The tuning job as a Step Functions task state: run the same typed job on every execution.

``SageMakerCreateHyperParameterTuningJob`` renders its request with the code of ``HyperParameterTuningJob``
(the typed props through ``job_request.render_tuning_request``, each ``TrainingJobDefinition`` bound in the
task's scope, which creates and grants the execution role as the construct does), validates it the same
way, and calls Step Functions' optimized SageMaker integration ``createHyperParameterTuningJob``, with
``.sync`` for ``IntegrationPattern.RUN_JOB``.

jsii does not let a Python class implement ``TaskStateBase``'s internal ``_renderTask``, so the task
extends ``CallAwsService``, which renders everything a task state has (``Retry``, ``Catch``, timeouts,
credentials, ``ResultPath`` or ``Output``...), and replaces its ``Resource`` and ``Parameters`` (JSONPath)
or ``Arguments`` (JSONata) in ``to_state_json``. The state machine role gets the statements that Step
Functions documents for the SageMaker integration, scoped to this job:
https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import jsii
from aws_cdk import Annotations, Aws, Duration, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

from . import request_paths, runtime_values, stepfunctions_iam
from .completion import TuningJobCompletionCriteria
from .job_request import render_tuning_request
from .nag import acknowledge_iam5_resources
from .objective import TuningObjective
from .parameters import ParameterRange
from .strategy import TuningStrategy
from .training import BoundTrainingDefinition, TrainingJobDefinition, training_definitions_of
from .training_principal import TrainingPrincipal
from .validation import validate_request
from .warm_start import WarmStart

_SUPPORTED_PATTERNS = (sfn.IntegrationPattern.REQUEST_RESPONSE, sfn.IntegrationPattern.RUN_JOB)
_SUFFIXES = {sfn.IntegrationPattern.REQUEST_RESPONSE: "", sfn.IntegrationPattern.RUN_JOB: ".sync"}

Render = Callable[["SageMakerCreateHyperParameterTuningJob"], tuple[dict[str, Any], dict[str, str]]]


@jsii.implements(iam.IGrantable, ec2.IConnectable)
# The task takes the construct's typed props, and documents and passes them again on purpose: each public
# entry point (the construct, from_request, the task, its from_request) documents its own props, as
# aws-cdk-lib's SageMakerCreateTrainingJob does for the props it shares with the training-job constructs.
class SageMakerCreateHyperParameterTuningJob(TrainingPrincipal, tasks.CallAwsService):
    """A task state that creates a SageMaker hyperparameter tuning job and, with ``RUN_JOB``, waits for it.

    Takes the props of ``HyperParameterTuningJob`` (see there), plus the task's. Any string may be a
    run-time value: a JSONPath reference (``sfn.JsonPath.string_at("$.JobName")``) in a JSONPath state
    machine, or a JSONata expression (``"{% $states.input.JobName %}"``) in a JSONata one, also inside a
    prefix (``TrainingInput.from_bucket(bucket, "data/" + sfn.JsonPath.string_at("$.Week") + "/")``, whose
    read grant then stops at ``data/*``). Validation skips run-time values like tokens.

    With ``RUN_JOB`` the task's result is the job's ``DescribeHyperParameterTuningJob`` output
    (``BestTrainingJob.TrainingJobName``...); with ``REQUEST_RESPONSE``, ``HyperParameterTuningJobArn``.

    :param tuning_job_name: the job's name, unique per execution: a run-time value such as
        ``sfn.JsonPath.format("churn-{}", sfn.JsonPath.string_at("$.RunId"))``.
    :param integration_pattern: ``RUN_JOB`` (``.sync``: wait for the job to end; fail the state when it
        fails) or ``REQUEST_RESPONSE`` (go on as soon as SageMaker accepts it).
        :default: IntegrationPattern.REQUEST_RESPONSE
    :param tags: tags of the tuning job (and of its training jobs). :default: - none
    :param query_language: the state's query language. :default: - the state machine's
    :param result_path: (JSONPath) where the result goes in the state's input. :default: $
    :param result_selector: (JSONPath) the parts of the result to keep. :default: - the whole result
    :param input_path: (JSONPath) the part of the input the state reads. :default: $
    :param output_path: (JSONPath) the part of the state's output passed on. :default: $
    :param outputs: (JSONata) the state's output. :default: - the result
    :param assign: variables to assign. :default: - none
    :param comment: a comment. :default: - none
    :param state_name: the state's name. :default: - the construct id
    :param task_timeout: the longest the state may run. :default: - none (Step Functions' one year)
    :param heartbeat_timeout: :default: - none
    :param credentials: a role the state machine assumes for this task. :default: - its own role
    """

    _KIND = "task"

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        tuning_job_name: str,
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
        training: TrainingJobDefinition | None = None,
        training_definitions: Sequence[TrainingJobDefinition] | None = None,
        tags: Mapping[str, str] | None = None,
        integration_pattern: sfn.IntegrationPattern | None = None,
        comment: str | None = None,
        state_name: str | None = None,
        query_language: sfn.QueryLanguage | None = None,
        result_path: str | None = None,
        result_selector: Mapping[str, Any] | None = None,
        input_path: str | None = None,
        output_path: str | None = None,
        outputs: Any = None,
        assign: Mapping[str, Any] | None = None,
        task_timeout: sfn.Timeout | None = None,
        heartbeat_timeout: sfn.Timeout | None = None,
        credentials: sfn.Credentials | None = None,
    ) -> None:
        state_props = {
            "comment": comment,
            "state_name": state_name,
            "query_language": query_language,
            "result_path": result_path,
            "result_selector": result_selector,
            "input_path": input_path,
            "output_path": output_path,
            "outputs": outputs,
            "assign": assign,
            "task_timeout": task_timeout,
            "heartbeat_timeout": heartbeat_timeout,
            "credentials": credentials,
        }
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

        def render(task: SageMakerCreateHyperParameterTuningJob) -> tuple[dict[str, Any], dict[str, str]]:
            task._bound_definitions = [definition._bind(task) for definition in definitions]
            request, prop_names = render_tuning_request(
                **job_props,
                definitions=[(bound.request, bound.prop_names) for bound in task._bound_definitions],
                multi=multi,
            )
            if tags:
                request["Tags"] = [{"Key": key, "Value": value} for key, value in tags.items()]
                prop_names["Tags"] = "tags"
            return request, prop_names

        self._initialize(scope, id, render, tuning_job_name, bool(tags), integration_pattern, state_props)

    @classmethod
    def from_request(
        cls,
        scope: Construct,
        id: str,
        *,
        request: Mapping[str, Any],
        integration_pattern: sfn.IntegrationPattern | None = None,
        comment: str | None = None,
        state_name: str | None = None,
        query_language: sfn.QueryLanguage | None = None,
        result_path: str | None = None,
        result_selector: Mapping[str, Any] | None = None,
        input_path: str | None = None,
        output_path: str | None = None,
        outputs: Any = None,
        assign: Mapping[str, Any] | None = None,
        task_timeout: sfn.Timeout | None = None,
        heartbeat_timeout: sfn.Timeout | None = None,
        credentials: sfn.Credentials | None = None,
    ) -> SageMakerCreateHyperParameterTuningJob:
        """The task with the raw ``CreateHyperParameterTuningJob`` request, as ``HyperParameterTuningJob.from_request``.

        :param request: the request as ``aws sagemaker create-hyper-parameter-tuning-job --cli-input-json``
            takes it; values may be tokens or run-time values, except the execution roles' ``RoleArn``,
            which the state machine role may pass and must therefore know at synth time.
        :param integration_pattern: as for the typed task. :default: IntegrationPattern.REQUEST_RESPONSE
        :param comment: and the other props of the task state, as for the typed task.
        """
        state_props = {
            "comment": comment,
            "state_name": state_name,
            "query_language": query_language,
            "result_path": result_path,
            "result_selector": result_selector,
            "input_path": input_path,
            "output_path": output_path,
            "outputs": outputs,
            "assign": assign,
            "task_timeout": task_timeout,
            "heartbeat_timeout": heartbeat_timeout,
            "credentials": credentials,
        }
        return _RawRequestTask(scope, id, request, integration_pattern, state_props)

    @classmethod
    def jsonata(cls, scope: Construct, id: str, **props: Any) -> SageMakerCreateHyperParameterTuningJob:
        """The typed task in a JSONata state: the props of the constructor, ``query_language`` set."""
        return cls(scope, id, **props, query_language=sfn.QueryLanguage.JSONATA)

    @classmethod
    def json_path(cls, scope: Construct, id: str, **props: Any) -> SageMakerCreateHyperParameterTuningJob:
        """The typed task in a JSONPath state: the props of the constructor, ``query_language`` set."""
        return cls(scope, id, **props, query_language=sfn.QueryLanguage.JSON_PATH)

    # -- shared by every way of declaring the task -------------------------------------------------------

    def _initialize(
        self,
        scope: Construct,
        id: str,
        render: Render,
        job_name: Any,
        tagged: bool,
        integration_pattern: sfn.IntegrationPattern | None,
        state_props: Mapping[str, Any],
    ) -> None:
        """The one initializer: the task state, then the request rendered in its scope, validated, granted.

        :param render: renders ``(request, prop_names)`` once the task exists (definitions bind in its scope).
        :param job_name: the request's ``HyperParameterTuningJobName`` (literal, token or run-time value).
        :param tagged: whether the request has ``Tags`` (creating a tagged job needs ``sagemaker:AddTags``).
        """
        pattern = integration_pattern or sfn.IntegrationPattern.REQUEST_RESPONSE
        if pattern not in _SUPPORTED_PATTERNS:
            raise ValueError(
                f"'integration_pattern' must be IntegrationPattern.RUN_JOB (wait for the job) or "
                f"REQUEST_RESPONSE (start it), got {pattern}: SageMaker's tuning jobs have no task-token "
                "(WAIT_FOR_TASK_TOKEN) integration"
            )
        self._tuning_pattern = pattern
        self._tuning_query_language: sfn.QueryLanguage | None = state_props.get("query_language")
        given_props = {name: value for name, value in state_props.items() if value is not None}
        self._bound_definitions: list[BoundTrainingDefinition] = []
        stack = Stack.of(scope)
        #: The ARNs of the tuning jobs the state machine may create: the name's literal part, then any suffix.
        self.job_arn_pattern: str = stepfunctions_iam.job_arn_pattern(stack, job_name)
        # Filled once the request is rendered: the roles it names.
        self._pass_role = stepfunctions_iam.pass_role_statement()
        statements = [
            self._pass_role,
            *stepfunctions_iam.integration_statements(
                stack,
                self.job_arn_pattern,
                run_job=pattern == sfn.IntegrationPattern.RUN_JOB,
                tagged=tagged,
            ),
        ]
        super().__init__(
            scope,
            id,
            service="sagemaker",
            action="createHyperParameterTuningJob",
            iam_action="sagemaker:CreateHyperParameterTuningJob",
            iam_resources=[self.job_arn_pattern],
            additional_iam_statements=statements,
            parameters={},
            # CallAwsService only starts calls; this class renders the Resource, with .sync (to_state_json).
            integration_pattern=sfn.IntegrationPattern.REQUEST_RESPONSE,
            **given_props,
        )
        request, prop_names = render(self)
        self._tuning_request = request_paths.copy_request(request)
        self._validate(prop_names)
        self._grant_pass_role()

    def _grant_pass_role(self) -> None:
        """Let the state machine pass the execution roles the request names, only to SageMaker."""
        roles = request_paths.role_arns(self._tuning_request)
        runtime = [arn for arn in roles if runtime_values.is_runtime_value(arn)]
        if runtime:
            raise ValueError(
                f"'RoleArn' {runtime[0]!r} is a run-time value: the state machine may pass only execution "
                "roles it knows at synth time; give the role's ARN (or a token of it)"
            )
        if not roles:
            raise ValueError(
                "the request names no execution role ('RoleArn' of its training job definitions)"
            )
        self._pass_role.add_resources(*roles)

    def _validate(self, prop_names: Mapping[str, str]) -> None:
        """Raise ``TuningJobValidationError`` for every error of the literal values; run-time ones are skipped."""
        report = validate_request(runtime_values.for_validation(self._tuning_request), prop_names=prop_names)
        report.raise_for_errors()
        for warning in report.warnings:
            Annotations.of(self).add_warning_v2(warning.acknowledgement_id, str(warning))

    # -- rendering -------------------------------------------------------------------------------------

    def to_state_json(self, top_level_query_language: sfn.QueryLanguage | None = None) -> Mapping[Any, Any]:
        """The state's Amazon States Language, with the optimized integration and the rendered request."""
        state = dict(super().to_state_json(top_level_query_language))
        state.pop("Parameters", None)
        state.pop("Arguments", None)
        suffix = _SUFFIXES[self._tuning_pattern]
        state["Resource"] = f"arn:{Aws.PARTITION}:states:::sagemaker:createHyperParameterTuningJob{suffix}"
        language = self._tuning_query_language or top_level_query_language or sfn.QueryLanguage.JSON_PATH
        if language == sfn.QueryLanguage.JSONATA:
            state["Arguments"] = runtime_values.render_jsonata(self._tuning_request)
        else:
            state["Parameters"] = runtime_values.render_json_path(self._tuning_request, Stack.of(self))
        return state

    # -- attributes ------------------------------------------------------------------------------------

    @property
    def request(self) -> dict[str, Any]:
        """A copy of the request the task sends (tokens and run-time values unresolved)."""
        return request_paths.copy_request(self._tuning_request)

    def acknowledge_nag_findings(self, state_machine: sfn.StateMachine) -> None:
        """Acknowledge the cdk-nag IAM5 findings this task's grants raise on ``state_machine``'s role.

        Those wildcards are the ones Step Functions' own generated policy has: ``sagemaker:ListTags`` on
        ``*``, and the job's ARN prefix, all jobs when the name is known only at run time.
        """
        acknowledge_iam5_resources(
            state_machine.role,
            "Step Functions' SageMaker integration lists the tags of the job it runs; its generated policy "
            "grants sagemaker:ListTags on * (https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html).",
            "*",
        )
        acknowledge_iam5_resources(
            state_machine.role,
            "The tuning job's name is chosen per execution (it must be unique per run), so the state machine "
            "may create, describe and stop the tuning jobs whose names start with its literal part.",
            self.job_arn_pattern,
        )


class _RawRequestTask(SageMakerCreateHyperParameterTuningJob):
    """What ``SageMakerCreateHyperParameterTuningJob.from_request`` returns: the same task, from raw JSON."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        request: Mapping[str, Any],
        integration_pattern: sfn.IntegrationPattern | None,
        state_props: Mapping[str, Any],
    ) -> None:
        given = request_paths.copy_request(request)
        self._initialize(
            scope,
            id,
            lambda task: (given, {}),
            given.get("HyperParameterTuningJobName"),
            bool(given.get("Tags")),
            integration_pattern,
            state_props,
        )
