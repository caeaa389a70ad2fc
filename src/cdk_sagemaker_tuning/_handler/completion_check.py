"""Waiting for completion: the job's progress, the budget's verdict, and the best job's attributes.

Pure functions: nothing here calls AWS.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from typing import Any

from . import contract
from .runtime.events import HandlerError


class Progress(enum.Enum):
    WAITING = "waiting"
    COMPLETED = "completed"


def completion_progress(description: Mapping[str, Any]) -> Progress:
    """Read DescribeHyperParameterTuningJob while waiting for a job to complete.

    :raises HandlerError: the job ended in any other way than Completed (with SageMaker's reason), so
        the deployment fails now instead of polling a dead job until the budget runs out.
    """
    name = description.get("HyperParameterTuningJobName", "?")
    status = description.get("HyperParameterTuningJobStatus")
    reason = description.get("FailureReason")
    if status == "InProgress":
        return Progress.WAITING
    if status == "Completed":
        if not (description.get("BestTrainingJob") or {}).get("TrainingJobName"):
            raise HandlerError(
                f"Tuning job '{name}' completed without a best training job: no training job reported "
                "the objective metric. Check the training jobs' logs and the metric definition."
            )
        return Progress.COMPLETED
    if status == "Failed":
        raise HandlerError(f"Tuning job '{name}' failed: {reason or 'SageMaker gave no reason'}")
    if status in ("Stopping", "Stopped"):
        detail = f": {reason}" if reason else ""
        raise HandlerError(f"Tuning job '{name}' was stopped before it completed{detail}")
    if status in ("Deleting", "DeleteFailed"):
        raise HandlerError(f"Tuning job '{name}' is being deleted ({status}) and will not complete")
    raise HandlerError(f"Tuning job '{name}' has a status this handler does not know: {status!r}")


def stop_is_the_budgets(status: str | None, budget_exhausted: bool) -> bool:
    """Whether a job found stopping or stopped while waiting for it is the budget's own doing.

    Once the budget has run out the handler stops the job the event started; if the invocation dies right
    after that Stop, Lambda's retry finds the job stopping. Reading that as "stopped before it completed"
    would answer differently from the attempt that died: it gets the out-of-budget answer instead.
    """
    return budget_exhausted and status in ("Stopping", "Stopped")


def out_of_budget_reason(name: str, budget_seconds: float, *, stopped: bool) -> str:
    """The FAILED reason once a job outran the event's budget while the handler waited for it."""
    minutes = max(int(budget_seconds // 60), 1)
    if stopped:
        what = "so it was stopped (this deployment started it)"
    else:
        what = "and was left running: this deployment did not start it, so it is not stopped"
    return (
        f"Tuning job '{name}' did not complete within this deployment's budget of {minutes} minutes "
        f"(the resource's ServiceTimeout less a margin to answer), {what}. Lower its "
        "MaxNumberOfTrainingJobs or MaxRuntimeInSeconds, wait up to 12 hours with "
        "wait=TuningJobWait.for_completion(timeout=...) instead of wait_for_completion, or drop "
        "wait_for_completion to let the deployment finish while the job runs."
    )


def best_job_data(description: Mapping[str, Any], best_training_job: Mapping[str, Any]) -> dict[str, str]:
    """The completion attributes: best training job name, objective value and model artifacts URI."""
    best = description.get("BestTrainingJob") or {}
    metric = best.get("FinalHyperParameterTuningJobObjectiveMetric") or {}
    if "Value" not in metric:
        raise HandlerError(
            f"Tuning job '{description.get('HyperParameterTuningJobName', '?')}': its best training job "
            f"'{best.get('TrainingJobName')}' has no final objective metric value"
        )
    artifacts = (best_training_job.get("ModelArtifacts") or {}).get("S3ModelArtifacts")
    if not artifacts:
        raise HandlerError(f"Best training job '{best.get('TrainingJobName')}' has no model artifacts in S3")
    return {
        contract.ATTR_BEST_TRAINING_JOB_NAME: str(best["TrainingJobName"]),
        # A string attribute: Fn::GetAtt results are strings, and repr keeps every digit of the float.
        contract.ATTR_BEST_OBJECTIVE_VALUE: repr(float(metric["Value"])),
        contract.ATTR_BEST_MODEL_ARTIFACTS: str(artifacts),
    }


def response_data(arn: str, name: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The Data returned to CloudFormation, checked against its response size limit."""
    data = {contract.ATTR_ARN: arn, contract.ATTR_NAME: name, **(extra or {})}
    size = len(json.dumps(data).encode())
    if size > contract.MAX_DATA_BYTES:
        raise HandlerError(f"response Data would be {size} bytes, over CloudFormation's limit")
    return data
