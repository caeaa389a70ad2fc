"""EventBridge rules on a tuning job's state changes: ``job.on_state_change``, ``on_completed``, ``on_failed``.

In aws-cdk-lib's style (``Repository.onImageScanCompleted``, ``Project.onBuildFailed``): each method adds an
``events.Rule`` in the job's scope that matches the job's own "SageMaker HyperParameter Tuning Job State
Change" events, merges the caller's ``event_pattern`` into it and sends matches to the caller's target.

The event's shape is SageMaker's: ``source`` ``aws.sagemaker``, ``detail-type`` "SageMaker HyperParameter
Tuning Job State Change", and a ``detail`` that carries the DescribeHyperParameterTuningJob fields, among them
``HyperParameterTuningJobName`` and ``HyperParameterTuningJobStatus``. Sources:
https://docs.aws.amazon.com/sagemaker/latest/dg/automating-sagemaker-with-eventbridge.html (section
"SageMaker hyperparameter tuning job state change") and aws-cdk's generated pattern
``aws_cdk.mixins_preview.aws_sagemaker.events.SageMakerHyperParameterTuningJobStateChange``
(``hyper_parameter_tuning_job_name``, ``hyper_parameter_tuning_job_status``).

SageMaker may send more than one event for one state change, and EventBridge delivers at least once: a
target should treat duplicates as one.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Any, Final, TypedDict, Unpack

from aws_cdk import aws_events as events
from constructs import Construct

from .._core import checks
from ..typed.prop_types import check_keywords

#: The ``source`` of every SageMaker event.
EVENT_SOURCE: Final = "aws.sagemaker"
#: The ``detail-type`` of a tuning job's state change.
STATE_CHANGE_DETAIL_TYPE: Final = "SageMaker HyperParameter Tuning Job State Change"
#: The ``detail`` fields that name the job and give its new status.
DETAIL_JOB_NAME: Final = "HyperParameterTuningJobName"
DETAIL_JOB_STATUS: Final = "HyperParameterTuningJobStatus"


class TuningJobStatus(Enum):
    """The API's ``HyperParameterTuningJobStatus``: the statuses a state-change event can report."""

    IN_PROGRESS = "InProgress"
    COMPLETED = "Completed"
    FAILED = "Failed"
    STOPPING = "Stopping"
    STOPPED = "Stopped"
    DELETING = "Deleting"
    DELETE_FAILED = "DeleteFailed"


#: The statuses a job ends in: it will run no more training jobs.
TERMINAL_STATUSES: Final = (TuningJobStatus.COMPLETED, TuningJobStatus.FAILED, TuningJobStatus.STOPPED)


def state_change_pattern(job_name: str, statuses: Sequence[TuningJobStatus] | None = None) -> dict[str, Any]:
    """The pattern of ``job_name``'s state changes, to ``statuses`` only when given, as ``EventPattern``'s
    keyword arguments (``Rule.add_event_pattern`` takes them so in Python)."""
    detail: dict[str, Any] = {DETAIL_JOB_NAME: [job_name]}
    if statuses is not None:
        detail[DETAIL_JOB_STATUS] = [_status_value(status) for status in statuses]
    return {"source": [EVENT_SOURCE], "detail_type": [STATE_CHANGE_DETAIL_TYPE], "detail": detail}


def state_change_rule(
    scope: Construct,
    id: str,
    *,
    job_name: str,
    statuses: Sequence[TuningJobStatus] | None,
    target: events.IRuleTarget | None,
    description: str | None,
    rule_name: str | None,
    event_pattern: events.EventPattern | None,
) -> events.Rule:
    """A rule in ``scope`` on ``job_name``'s state changes; ``event_pattern`` is merged into it."""
    if statuses is not None and not statuses:
        raise checks.PROP_VALUE.error("'statuses' must name at least one TuningJobStatus, got an empty list")
    pattern = state_change_pattern(job_name, statuses)
    # The caller's pattern first, then the job's merged in: CDK's merge unions lists and merges objects,
    # so the order does not change the result.
    rule = events.Rule(scope, id, description=description, rule_name=rule_name, event_pattern=event_pattern)
    rule.add_event_pattern(**pattern)
    if target is not None:
        rule.add_target(target)
    return rule


def _status_value(status: Any) -> str:
    if not isinstance(status, TuningJobStatus):
        raise checks.PROP_TYPE.error(f"'statuses' must hold TuningJobStatus values, got {status!r}")
    return status.value


class JobEventOptions(TypedDict, total=False):
    """The options of every ``on_*`` rule of a job, declared once.

    :param target: where matching events go (add more with ``rule.add_target``).
        :default: - no target
    :param description: the rule's description.
        :default: - no description
    :param rule_name: the rule's name.
        :default: - a name is generated
    :param event_pattern: more of the pattern, merged into the job's own (for example a ``detail`` field).
        :default: - the job's name (and ``statuses``) only
    """

    target: events.IRuleTarget | None
    description: str | None
    rule_name: str | None
    event_pattern: events.EventPattern | None


class JobEvents:
    """The job's ``on_*`` methods (a mixin of ``TuningJobBase``), each returning an ``events.Rule``.

    Each takes the rule's construct id and the options of ``JobEventOptions`` as flat keywords.
    """

    @property
    def tuning_job_name(self) -> str:
        """The job's name (``TuningJobBase`` defines it)."""
        raise NotImplementedError

    def on_state_change(
        self,
        id: str,
        *,
        statuses: Sequence[TuningJobStatus] | None = None,
        **options: Unpack[JobEventOptions],
    ) -> events.Rule:
        """A rule on this job's "SageMaker HyperParameter Tuning Job State Change" events.

        :param id: the rule's construct id, in the job's scope.
        :param statuses: only changes to these statuses.
            :default: - every status change
        :param options: the rule's options (``JobEventOptions``: ``target``, ``description``, ``rule_name``,
            ``event_pattern``), as flat keywords.
        """
        assert isinstance(self, Construct), "JobEvents is a mixin of a construct"
        check_keywords("on_state_change()", options, JobEventOptions)
        return state_change_rule(
            self,
            id,
            job_name=self.tuning_job_name,
            statuses=statuses,
            target=options.get("target"),
            description=options.get("description"),
            rule_name=options.get("rule_name"),
            event_pattern=options.get("event_pattern"),
        )

    def on_completed(self, id: str, **options: Unpack[JobEventOptions]) -> events.Rule:
        """A rule on this job reaching ``Completed``.

        :param id: the rule's construct id, in the job's scope.
        :param options: the rule's options (``JobEventOptions``), as flat keywords.
        """
        return self.on_state_change(id, statuses=[TuningJobStatus.COMPLETED], **options)

    def on_failed(self, id: str, **options: Unpack[JobEventOptions]) -> events.Rule:
        """A rule on this job reaching ``Failed``.

        :param id: the rule's construct id, in the job's scope.
        :param options: the rule's options (``JobEventOptions``), as flat keywords.
        """
        return self.on_state_change(id, statuses=[TuningJobStatus.FAILED], **options)

    def on_stopped(self, id: str, **options: Unpack[JobEventOptions]) -> events.Rule:
        """A rule on this job reaching ``Stopped``.

        :param id: the rule's construct id, in the job's scope.
        :param options: the rule's options (``JobEventOptions``), as flat keywords.
        """
        return self.on_state_change(id, statuses=[TuningJobStatus.STOPPED], **options)
