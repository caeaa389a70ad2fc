"""Synth-time warnings when a job's limits let it run longer than its wait's timeout (issue 11, item 3)."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Duration, Stack, Token
from aws_cdk.assertions import Annotations, Match

from cdk_sagemaker_tuning import HyperParameterTuningJob, TuningJobWait
from cdk_sagemaker_tuning.resource.completion_wait import TIMEOUT_WARNING_ID, outlast_warnings
from tests.test_tuning_job_from_request import minimal_request

ROLE_ARN = "arn:aws:iam::123456789012:role/training"
HOUR = 3600


def _request(
    *,
    jobs: int = 10,
    parallel: int = 2,
    training: int = HOUR,
    tuning: int | None = None,
    spot_wait: int | None = None,
) -> dict[str, Any]:
    request = minimal_request(ROLE_ARN)
    limits = request["HyperParameterTuningJobConfig"]["ResourceLimits"]
    limits.update(MaxNumberOfTrainingJobs=jobs, MaxParallelTrainingJobs=parallel)
    if tuning is not None:
        limits["MaxRuntimeInSeconds"] = tuning
    definition = request["TrainingJobDefinition"]
    definition["StoppingCondition"] = {"MaxRuntimeInSeconds": training}
    if spot_wait is not None:
        definition["EnableManagedSpotTraining"] = True
        definition["StoppingCondition"]["MaxWaitTimeInSeconds"] = spot_wait
    return request


def test_rounds_of_training_jobs_longer_than_the_timeout_warn() -> None:
    # GIVEN 10 jobs, 2 at a time, of up to 1 hour: 5 hours WHEN the timeout is 4 hours THEN a warning says so
    [warning] = outlast_warnings(_request(), 4 * HOUR)
    assert "ceil(MaxNumberOfTrainingJobs 10 / MaxParallelTrainingJobs 2)" in warning
    assert "(1 h) is 5 h, longer than the wait's timeout of 4 h" in warning


def test_rounds_within_the_timeout_do_not_warn() -> None:
    assert outlast_warnings(_request(), 5 * HOUR) == []


def test_rounds_are_rounded_up() -> None:
    # 11 jobs 2 at a time are 6 rounds: 6 hours do not fit in 5 hours 59 minutes
    assert outlast_warnings(_request(jobs=11), 5 * HOUR + 59 * 60)
    assert outlast_warnings(_request(jobs=11), 6 * HOUR) == []


def test_spot_training_counts_its_max_wait() -> None:
    # GIVEN spot training that may wait 2 hours for each job of 1 hour: 10 hours of rounds
    [warning] = outlast_warnings(_request(spot_wait=2 * HOUR), 8 * HOUR)
    assert "(2 h) is 10 h" in warning


def test_the_tuning_jobs_own_max_runtime_longer_than_the_timeout_warns() -> None:
    warnings = outlast_warnings(_request(jobs=2, tuning=10 * HOUR), 8 * HOUR)
    assert len(warnings) == 1
    assert "ResourceLimits.MaxRuntimeInSeconds is 10 h, longer than the wait's timeout of 8 h" in warnings[0]


def test_limits_known_only_at_deploy_time_do_not_warn() -> None:
    request = _request(jobs=100)
    request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxNumberOfTrainingJobs"] = Token.as_number(
        {"Ref": "Jobs"}
    )
    assert outlast_warnings(request, HOUR) == []


def test_the_warning_is_an_acknowledgeable_annotation_on_the_job() -> None:
    # GIVEN a job of 5 hours of rounds WHEN it waits 4 hours
    stack = Stack(App(), "Warned")
    HyperParameterTuningJob.from_request(
        stack, "Tuning", request=_request(), wait=TuningJobWait.for_completion(timeout=Duration.hours(4))
    )
    # THEN the job carries a warning with its own acknowledgement id
    warnings = Annotations.from_stack(stack).find_warning("/Warned/Tuning", Match.string_like_regexp("5 h"))
    assert len(warnings) == 1
    assert f"[ack: {TIMEOUT_WARNING_ID}]" in warnings[0].entry.data


@pytest.mark.parametrize("hours", [5, 12])
def test_no_warning_when_the_job_fits(hours: int) -> None:
    stack = Stack(App(), "Fits")
    HyperParameterTuningJob.from_request(
        stack, "Tuning", request=_request(), wait=TuningJobWait.for_completion(timeout=Duration.hours(hours))
    )
    Annotations.from_stack(stack).has_no_warning("/Fits/Tuning", Match.string_like_regexp("timeout"))
