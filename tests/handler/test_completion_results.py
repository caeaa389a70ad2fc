"""The completion wait's pure decisions: the signal for a job's state, and results within the size limit."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from cdk_sagemaker_tuning._handler import contract
from cdk_sagemaker_tuning._handler.lifecycle import HandlerError
from cdk_sagemaker_tuning._handler.results import results_data
from cdk_sagemaker_tuning._handler.runtime.response import response_body
from cdk_sagemaker_tuning._handler.wait_signal import (
    deadline,
    deadline_schedule,
    is_due,
    outcome_signal,
    timeout_signal,
)

JOB = "churn-tuning"


def described(status: str, **fields: Any) -> dict[str, Any]:
    return {
        "HyperParameterTuningJobName": JOB,
        "HyperParameterTuningJobArn": f"arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/{JOB}",
        "HyperParameterTuningJobStatus": status,
        **fields,
    }


def best(tuned: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "TrainingJobName": f"{JOB}-017-1a2b3c4d",
        "FinalHyperParameterTuningJobObjectiveMetric": {"MetricName": "validation:auc", "Value": 0.91},
        "TunedHyperParameters": tuned if tuned is not None else {"eta": "0.2", "max_depth": "6"},
    }


ARTIFACTS = {"ModelArtifacts": {"S3ModelArtifacts": f"s3://bucket/output/{JOB}-017-1a2b3c4d/model.tar.gz"}}
COUNTERS = {"Completed": 7, "InProgress": 0, "RetryableError": 1, "NonRetryableError": 2, "Stopped": 3}


# -- signals ------------------------------------------------------------------------------------------


def test_a_running_job_is_not_signalled() -> None:
    assert outcome_signal(described("InProgress"), JOB) is None


def test_a_completed_job_signals_success_with_the_fixed_unique_id() -> None:
    signal = outcome_signal(described("Completed", BestTrainingJob=best()), JOB)
    assert signal is not None
    body = json.loads(signal.body())
    assert body == {
        "Status": "SUCCESS",
        "Reason": f"Tuning job '{JOB}' completed",
        "UniqueId": contract.SIGNAL_UNIQUE_ID,
        "Data": "SUCCESS",
    }


@pytest.mark.parametrize(
    ("description", "reason"),
    [
        (described("Failed", FailureReason="All training jobs failed"), "failed: All training jobs failed"),
        (described("Stopped"), "was stopped before it completed"),
        (described("Stopping", FailureReason="user"), "was stopped before it completed: user"),
        (described("Completed"), "completed without a best training job"),
        (described("Deleting"), "will not complete: its status is Deleting"),
        (None, "does not exist"),
    ],
)
def test_every_other_end_signals_failure_with_a_reason(description: Any, reason: str) -> None:
    signal = outcome_signal(description, JOB)
    assert signal is not None and signal.status == "FAILURE"
    assert reason in signal.reason


def test_a_long_failure_reason_is_cut_within_the_limit() -> None:
    signal = outcome_signal(described("Failed", FailureReason="x" * 5000), JOB)
    assert signal is not None
    assert len(json.loads(signal.body())["Reason"].encode()) <= contract.MAX_REASON_BYTES


def test_the_timeout_says_what_happened_to_the_job() -> None:
    assert (
        "within the wait's timeout of 8 h, so it was stopped"
        in timeout_signal(JOB, 8 * 3600, stopped=True).reason
    )
    assert "could not be stopped" in timeout_signal(JOB, 8 * 3600, stopped=False).reason


def test_the_deadline_comes_before_the_wait_conditions_timeout_on_a_whole_minute() -> None:
    # 2026-12-01T10:00:30Z plus 8 hours less the margin, rounded up to the minute
    now = datetime(2026, 12, 1, 10, 0, 30, tzinfo=UTC).timestamp()
    due = deadline(now, 8 * 3600)
    assert due == datetime(2026, 12, 1, 17, 51, tzinfo=UTC).timestamp()
    assert now + 8 * 3600 - due >= contract.DEADLINE_MARGIN_SECONDS - 60


def test_the_deadline_schedule_fires_in_that_minute_of_that_year_only() -> None:
    due = int(datetime(2026, 12, 31, 23, 59, tzinfo=UTC).timestamp())
    assert deadline_schedule(due) == "cron(59 23 31 12 ? 2026)"


def test_a_check_within_the_schedules_minute_counts_as_due() -> None:
    assert is_due(1000.0, 1000 + contract.DEADLINE_TOLERANCE_SECONDS)
    assert not is_due(1000.0, 1001 + contract.DEADLINE_TOLERANCE_SECONDS)


# -- results ------------------------------------------------------------------------------------------


def test_results_of_a_completed_job() -> None:
    data, left_out = results_data(
        described("Completed", BestTrainingJob=best(), TrainingJobStatusCounters=COUNTERS), ARTIFACTS
    )
    assert left_out == []
    assert data == {
        contract.ATTR_ARN: described("Completed")["HyperParameterTuningJobArn"],
        contract.ATTR_NAME: JOB,
        contract.ATTR_BEST_TRAINING_JOB_NAME: f"{JOB}-017-1a2b3c4d",
        contract.ATTR_BEST_OBJECTIVE_VALUE: "0.91",
        contract.ATTR_BEST_MODEL_ARTIFACTS: ARTIFACTS["ModelArtifacts"]["S3ModelArtifacts"],
        contract.ATTR_COMPLETED_TRAINING_JOBS: "7",
        contract.ATTR_FAILED_TRAINING_JOBS: "3",
        contract.ATTR_STOPPED_TRAINING_JOBS: "3",
        "BestHyperParameter.eta": "0.2",
        "BestHyperParameter.max_depth": "6",
    }


def test_results_of_a_job_that_did_not_complete_are_refused() -> None:
    with pytest.raises(HandlerError, match="has not completed \\(its status is Failed\\)"):
        results_data(described("Failed"), {})


def test_hyperparameters_that_do_not_fit_are_left_out_and_the_answer_stays_within_4096_bytes() -> None:
    # GIVEN a best job with tuned values far over CloudFormation's limit in total (30 x 200 bytes)
    tuned = {f"param_{i:02d}": f"{i:02d}" + "v" * 198 for i in range(30)}
    tuned["eta"] = "0.2"
    description = described("Completed", BestTrainingJob=best(tuned), TrainingJobStatusCounters=COUNTERS)
    # WHEN the results are built
    data, left_out = results_data(description, ARTIFACTS)
    # THEN the essentials and the small values are in, some large ones are left out by name
    assert data["BestHyperParameter.eta"] == "0.2"
    assert data[contract.ATTR_BEST_MODEL_ARTIFACTS]
    assert left_out and set(left_out) <= set(tuned)
    kept = [key for key in data if key.startswith(contract.ATTR_BEST_HYPERPARAMETER_PREFIX)]
    assert len(kept) + len(left_out) == len(tuned)
    # AND no kept value is cut
    for key in kept:
        assert data[key] == tuned[key.removeprefix(contract.ATTR_BEST_HYPERPARAMETER_PREFIX)]
    # AND the whole answer, with long ids, fits CloudFormation's limit and is still SUCCESS
    event = {"StackId": "s" * 200, "RequestId": "r" * 36, "LogicalResourceId": "l" * 255}
    body = response_body(event, status="SUCCESS", physical_id=f"{JOB}-results", data=data)
    assert len(body) <= contract.MAX_RESPONSE_BYTES
    assert json.loads(body)["Status"] == "SUCCESS"
