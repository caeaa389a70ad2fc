"""Delete: the next step for a job being removed (stop, wait, delete its record), and when to give up.

Pure functions: nothing here calls AWS.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

from . import contract
from .runtime.events import Answer, HandlerError


class DeleteStep(enum.Enum):
    STOP = "stop"  # the job runs: stop it, then wait
    WAIT = "wait"  # SageMaker is stopping (or deleting) it
    DELETE_RECORD = "delete-record"  # stopped, and DeleteJobRecord asks to remove it from SageMaker
    DONE = "done"  # nothing runs and nothing is left to do


def is_job_name_of_ours(physical_id: str | None) -> bool:
    """Whether a physical id can be a tuning job this handler created.

    When a create fails before starting a job, the handler answers ``failed_create_physical_id``, which is
    not a job name; the delete that follows must then succeed without touching SageMaker. (Ids written by
    earlier versions, the Provider framework's CREATE_FAILED marker or a RequestId, are not job names
    either.)
    """
    return physical_id is not None and contract.is_valid_name(physical_id)


def delete_step(description: Mapping[str, Any] | None, delete_job_record: bool) -> DeleteStep:
    """The next step of a delete, from DescribeHyperParameterTuningJob (``None``: no such job).

    :raises HandlerError: SageMaker could not delete the job record it was asked to delete.
    """
    if description is None:
        return DeleteStep.DONE
    status = description.get("HyperParameterTuningJobStatus")
    if status == "InProgress":
        return DeleteStep.STOP
    if status == "Stopping":
        return DeleteStep.WAIT
    if status == "Deleting":
        return DeleteStep.WAIT if delete_job_record else DeleteStep.DONE
    if status == "DeleteFailed":
        if delete_job_record:
            raise HandlerError(
                f"SageMaker could not delete tuning job '{description.get('HyperParameterTuningJobName')}': "
                f"{description.get('FailureReason') or 'no reason given'}"
            )
        return DeleteStep.DONE
    # Completed, Failed or Stopped: nothing runs any more.
    return DeleteStep.DELETE_RECORD if delete_job_record else DeleteStep.DONE


def refused_delete_is_progress(description_after: Mapping[str, Any] | None) -> bool:
    """Whether a refused DeleteHyperParameterTuningJob still left the record on its way out.

    Describe can show a job as ended for a while after its record's delete was accepted, so a later poll
    deletes again, and SageMaker may refuse the repeat with an error other than not-found. Describing
    again settles it: a job that is gone or ``Deleting`` is progress, anything else is a real failure.

    :param description_after: DescribeHyperParameterTuningJob after the refusal (``None``: no such job).
    """
    return description_after is None or description_after.get("HyperParameterTuningJobStatus") == "Deleting"


def delete_out_of_budget(name: str, delete_job_record: bool, budget_seconds: float) -> Answer:
    """The answer to a delete whose budget ran out while SageMaker was still stopping (or deleting) the job.

    SageMaker has accepted the stop and finishes it on its own, so the delete succeeds (and logs it): the
    stack does not wait for a job that can no longer run for long. Only when ``DeleteJobRecord`` asks for
    the record to go does the delete fail, since SageMaker deletes a record only once the job has stopped;
    deleting the stack (or the resource) again later finishes it.
    """
    if not delete_job_record:
        return Answer.success(name)
    minutes = max(int(budget_seconds // 60), 1)
    return Answer.failed(
        name,
        f"Tuning job '{name}' was still stopping after this deployment's budget of {minutes} minutes, so its "
        "record (DeleteJobRecord) could not be deleted yet. SageMaker goes on stopping it: delete again once "
        "its status is Stopped, or drop delete_job_record.",
    )


def delete_not_followed(name: str, delete_job_record: bool, reason: str) -> Answer:
    """The answer to a delete that cannot go on waiting (Lambda refused the hand-over), its job asked to stop.

    As when its budget runs out: SageMaker finishes stopping the job on its own, so the delete succeeds,
    unless it must also delete the job's record, which only a stopped job allows.
    """
    return Answer.failed(name, reason) if delete_job_record else Answer.success(name)
