"""The results attributes of an ended tuning job, within CloudFormation's response limit: pure functions.

Always answered (a few hundred bytes at most): the best training job's name, its objective value, its model
artifacts' S3 URI and the training job counts. Then each tuned hyperparameter of the best training job as
``BestHyperParameter.<name>``, smallest first, while the Data stays within ``contract.MAX_DATA_BYTES``
(CloudFormation refuses a response over 4,096 bytes); a hyperparameter that does not fit is left out
(``Fn::GetAtt`` on it then fails the deployment naming the attribute) and its name is returned for the log.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from . import contract
from .completion_check import best_job_data
from .runtime.events import HandlerError


def training_job_counts(description: Mapping[str, Any]) -> dict[str, str]:
    """Completed, failed (retryable or not) and stopped training jobs, from ``TrainingJobStatusCounters``."""
    counters = description.get("TrainingJobStatusCounters") or {}
    failed = int(counters.get("RetryableError", 0)) + int(counters.get("NonRetryableError", 0))
    return {
        contract.ATTR_COMPLETED_TRAINING_JOBS: str(int(counters.get("Completed", 0))),
        contract.ATTR_FAILED_TRAINING_JOBS: str(failed),
        contract.ATTR_STOPPED_TRAINING_JOBS: str(int(counters.get("Stopped", 0))),
    }


def results_data(
    description: Mapping[str, Any], best_training_job: Mapping[str, Any]
) -> tuple[dict[str, str], list[str]]:
    """``(Data, names of hyperparameters left out)`` of a completed job.

    :raises HandlerError: the job has not completed, or its best training job has no result.
    """
    name = description.get("HyperParameterTuningJobName", "?")
    status = description.get("HyperParameterTuningJobStatus")
    if status != "Completed":
        raise HandlerError(f"Tuning job '{name}' has not completed (its status is {status}): no results")
    data = {
        contract.ATTR_ARN: str(description.get("HyperParameterTuningJobArn", "")),
        contract.ATTR_NAME: str(name),
        **best_job_data(description, best_training_job),
        **training_job_counts(description),
    }
    if _size(data) > contract.MAX_DATA_BYTES:
        raise HandlerError(f"Tuning job '{name}': its results would be over CloudFormation's limit")
    tuned = (description.get("BestTrainingJob") or {}).get("TunedHyperParameters") or {}
    left_out: list[str] = []
    for key, value in sorted(tuned.items(), key=lambda item: (len(item[0]) + len(str(item[1])), item[0])):
        attribute = contract.ATTR_BEST_HYPERPARAMETER_PREFIX + str(key)
        candidate = {**data, attribute: str(value)}
        if _size(candidate) <= contract.MAX_DATA_BYTES:
            data = candidate
        else:
            left_out.append(str(key))
    return data, left_out


def _size(data: Mapping[str, str]) -> int:
    return len(json.dumps(data).encode())
