"""What every tuning-job task state shares once its request is rendered: ``TuningTaskBase``.

The typed ``SageMakerCreateHyperParameterTuningJob`` (``task.py``) and the raw-request
``RawRequestTuningTask`` (``raw_request_task.py``) are siblings that extend it. Each renders its request in
its own ``__init__`` and hands it to :meth:`TuningTaskBase._bind`, which validates it and grants the state
machine role the execution roles it names.

jsii does not let a Python class implement ``TaskStateBase``'s internal ``_renderTask``, so the base extends
``CallAwsService``, which renders everything a task state has (``Retry``, ``Catch``, timeouts, credentials,
``ResultPath`` or ``Output``...), and replaces its ``Resource`` and ``Parameters`` (JSONPath) or
``Arguments`` (JSONata) in ``to_state_json``. The state machine role gets the statements that Step Functions
documents for the SageMaker integration, scoped to this job:
https://docs.aws.amazon.com/step-functions/latest/dg/sagemaker-iam.html
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict, Unpack

from aws_cdk import Annotations, Aws, Stack
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk import aws_stepfunctions_tasks as tasks
from constructs import Construct

from .._core import checks, request_paths
from ..grants.nag import acknowledge_iam5_resources
from ..validation import validate_request
from ..validation.errors import Problem, show
from ..validation.validate import ACKNOWLEDGEABLE_RULES, acknowledged_ids
from . import iam as stepfunctions_iam
from . import runtime_values

_SUPPORTED_PATTERNS = (sfn.IntegrationPattern.REQUEST_RESPONSE, sfn.IntegrationPattern.RUN_JOB)
_SUFFIXES = {sfn.IntegrationPattern.REQUEST_RESPONSE: "", sfn.IntegrationPattern.RUN_JOB: ".sync"}


class TuningTaskStateOptions(TypedDict, total=False):
    """The props of a tuning-job task state, the same for the typed and the raw-request task.

    :param integration_pattern: ``RUN_JOB`` (``.sync``: wait for the job to end; fail the state when it
        fails) or ``REQUEST_RESPONSE`` (go on as soon as SageMaker accepts it).
        :default: IntegrationPattern.REQUEST_RESPONSE
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

    integration_pattern: sfn.IntegrationPattern | None
    comment: str | None
    state_name: str | None
    query_language: sfn.QueryLanguage | None
    result_path: str | None
    result_selector: Mapping[str, Any] | None
    input_path: str | None
    output_path: str | None
    outputs: Any
    assign: Mapping[str, Any] | None
    task_timeout: sfn.Timeout | None
    heartbeat_timeout: sfn.Timeout | None
    credentials: sfn.Credentials | None


class TuningTaskBase(tasks.CallAwsService):
    """A task state that creates a SageMaker tuning job, however its request was declared.

    Not created directly: use ``SageMakerCreateHyperParameterTuningJob(...)`` or its ``from_request``.

    :param scope: the construct scope.
    :param id: the construct id.
    :param job_name: the request's ``HyperParameterTuningJobName`` (literal, token or run-time value).
    :param tagged: whether the request has ``Tags`` (creating a tagged job needs ``sagemaker:AddTags``).
    :param options: the task state's props, see ``TuningTaskStateOptions``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        job_name: Any,
        tagged: bool,
        **options: Unpack[TuningTaskStateOptions],
    ) -> None:
        pattern = options.pop("integration_pattern", None) or sfn.IntegrationPattern.REQUEST_RESPONSE
        if pattern not in _SUPPORTED_PATTERNS:
            raise checks.PROP_VALUE.error(
                f"'integration_pattern' must be IntegrationPattern.RUN_JOB (wait for the job) or "
                f"REQUEST_RESPONSE (start it), got {pattern}: SageMaker's tuning jobs have no task-token "
                "(WAIT_FOR_TASK_TOKEN) integration"
            )
        self._tuning_pattern = pattern
        self._tuning_query_language: sfn.QueryLanguage | None = options.get("query_language")
        given_props: dict[str, Any] = {name: value for name, value in options.items() if value is not None}
        stack = Stack.of(scope)
        #: The ARNs of the tuning jobs the state machine may create: the name's literal start, then any suffix;
        #: as written and, when it has upper-case letters, in lower case (IAM compares ARNs case-sensitively).
        self.job_arn_patterns: list[str] = stepfunctions_iam.job_arn_patterns(stack, job_name)
        #: The first of ``job_arn_patterns``: the name's literal start as written.
        self.job_arn_pattern: str = self.job_arn_patterns[0]
        # Filled once the request is rendered: the roles it names.
        self._pass_role = stepfunctions_iam.pass_role_statement()
        statements = [
            self._pass_role,
            *stepfunctions_iam.integration_statements(
                stack,
                self.job_arn_patterns,
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
            iam_resources=self.job_arn_patterns,
            additional_iam_statements=statements,
            parameters={},
            # CallAwsService only starts calls; this class renders the Resource, with .sync (to_state_json).
            integration_pattern=sfn.IntegrationPattern.REQUEST_RESPONSE,
            **given_props,
        )

    def _bind(self, request: Mapping[str, Any], prop_names: Mapping[str, str] | None = None) -> None:
        """Keep the rendered request, validate it and grant the roles it names; called once by the sibling.

        :param request: the ``CreateHyperParameterTuningJob`` request (tokens and run-time values allowed).
        :param prop_names: for messages, the typed prop behind each API path.
            :default: - none (a raw request's messages name API paths only)
        """
        self._tuning_request = request_paths.copy_request(request)
        self._validate(prop_names or {})
        self._grant_pass_role()

    def _grant_pass_role(self) -> None:
        """Let the state machine pass the execution roles the request names, only to SageMaker."""
        roles = request_paths.role_arns(self._tuning_request)
        runtime = [arn for arn in roles if runtime_values.is_runtime_value(arn)]
        if runtime:
            # Shown as the user wrote it (``$.Role``), not as the token that stands for it.
            shown = Stack.of(self).resolve(runtime[0])
            raise checks.TASK_ROLES_AT_SYNTH.error(
                f"'RoleArn' {shown!r} is a run-time value: the state machine may pass only execution "
                "roles it knows at synth time; give the role's ARN (or a token of it)"
            )
        if not roles:
            raise checks.TASK_ROLES_AT_SYNTH.error(
                "the request names no execution role ('RoleArn' of its training job definitions)"
            )
        self._pass_role.add_resources(*roles)

    def _validate(self, prop_names: Mapping[str, str]) -> None:
        """Raise ``TuningJobValidationError`` for every error of the literal values; run-time ones are skipped."""
        request = runtime_values.for_validation(self._tuning_request)
        report = validate_request(request, prop_names=prop_names)
        if any(error.rule in ACKNOWLEDGEABLE_RULES for error in report.errors):
            # A field newer than the vendored API model, acknowledged: Step Functions sends it with the
            # service's own model.
            report = validate_request(request, prop_names=prop_names, acknowledged=acknowledged_ids(self))
        fixed = _fixed_name_problem(self._tuning_request.get("HyperParameterTuningJobName"), prop_names)
        if fixed is not None:
            report.errors.append(fixed)
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
            *self.job_arn_patterns,
        )


def _fixed_name_problem(name: Any, prop_names: Mapping[str, str]) -> Problem | None:
    """The error for a job name that does not come from the execution: every run would create the same job.

    SageMaker's job names are unique per account and region, so the state machine's second run fails
    (``ResourceInUse``). A CDK token is fixed too: it is resolved once, at deploy time.
    """
    if not isinstance(name, str) or runtime_values.is_runtime_value(name):
        return None  # missing or of the wrong type: the validation says so
    example = 'sfn.JsonPath.format("churn-{}", sfn.JsonPath.string_at("$$.Execution.Name"))'
    return Problem(
        "HyperParameterTuningJobName",
        f"{show(name)} is the same on every run of the state machine, whose second run then fails (a tuning "
        f"job's name is unique per account and region): build it from the execution, e.g. {example}, or "
        "\"{% 'churn-' & $states.context.Execution.Name %}\" in JSONata",
        name,
        prop=prop_names.get("HyperParameterTuningJobName"),
    )
