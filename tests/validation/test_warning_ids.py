"""Each warning has its own acknowledgement id: acknowledging one never silences another on the same field."""

from __future__ import annotations

from aws_cdk import Annotations as CdkAnnotations
from aws_cdk import App, Environment, Stack
from aws_cdk.assertions import Annotations, Match

from cdk_sagemaker_tuning import HyperParameterTuningJob, validate_request
from tests.samples import xgboost_request

LIMITS = "HyperParameterTuningJobConfig.ResourceLimits"


def over_quota_request() -> dict[str, object]:
    """12 parallel of 4 jobs: above the default quota of 10, and more than the jobs that can run at all."""
    request = xgboost_request()
    request["HyperParameterTuningJobConfig"]["ResourceLimits"] = {  # type: ignore[index]
        "MaxNumberOfTrainingJobs": 4,
        "MaxParallelTrainingJobs": 12,
    }
    return request


def warning_texts(stack: Stack) -> list[str]:
    return [
        str(entry.entry.data)
        for entry in Annotations.from_stack(stack).find_warning("*", Match.string_like_regexp(".*"))
    ]


def test_two_warnings_on_one_field_have_different_ids() -> None:
    # WHEN
    warnings = validate_request(over_quota_request()).warnings

    # THEN both concern MaxParallelTrainingJobs, each with its own id naming its rule
    assert {w.path for w in warnings} == {f"{LIMITS}.MaxParallelTrainingJobs"}
    assert sorted(w.acknowledgement_id for w in warnings) == [
        f"cdk-sagemaker-tuning:parallel-above-total:{LIMITS}.MaxParallelTrainingJobs",
        f"cdk-sagemaker-tuning:quota-parallel-training-jobs:{LIMITS}.MaxParallelTrainingJobs",
    ]


def test_acknowledging_the_parallel_warning_keeps_the_quota_warning() -> None:
    # GIVEN a job with both warnings
    stack = Stack(App(), "Warned", env=Environment(account="123456789012", region="us-east-1"))
    job = HyperParameterTuningJob.from_request(stack, "Job", request=over_quota_request())
    assert len(warning_texts(stack)) == 2

    # WHEN the parallel-jobs warning is acknowledged
    CdkAnnotations.of(job).acknowledge_warning(
        f"cdk-sagemaker-tuning:parallel-above-total:{LIMITS}.MaxParallelTrainingJobs", "4 jobs are enough"
    )

    # THEN only the quota warning is left, and it says how to acknowledge it
    [left] = warning_texts(stack)
    assert "above the default quota of 10" in left
    assert (
        f"[ack: cdk-sagemaker-tuning:quota-parallel-training-jobs:{LIMITS}.MaxParallelTrainingJobs]" in left
    )
