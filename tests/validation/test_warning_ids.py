"""Each warning has its own acknowledgement id: acknowledging one never silences another on the same field."""

from __future__ import annotations

from aws_cdk import Annotations as CdkAnnotations
from aws_cdk import App, Environment, Stack
from aws_cdk.assertions import Annotations, Match

from cdk_sagemaker_tuning import HyperParameterTuningJob, validate_request
from cdk_sagemaker_tuning.validation import registry
from tests.samples import xgboost_request

LIMITS = "HyperParameterTuningJobConfig.ResourceLimits"
WARNING_RULES = {rule.id for rule in registry.rules() if rule.level == registry.WARNING}


def ack(rule_id: str, path: str) -> str:
    """The acknowledgement id of a warning of a registered warning rule at ``path``."""
    assert rule_id in WARNING_RULES, f"{rule_id!r} is not a registered warning rule"
    return f"cdk-sagemaker-tuning:{rule_id}:{path}"


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
        ack("parallel-above-total", f"{LIMITS}.MaxParallelTrainingJobs"),
        ack("quota-parallel-training-jobs", f"{LIMITS}.MaxParallelTrainingJobs"),
    ]


def test_acknowledging_the_parallel_warning_keeps_the_quota_warning() -> None:
    # GIVEN a job with both warnings
    stack = Stack(App(), "Warned", env=Environment(account="123456789012", region="us-east-1"))
    job = HyperParameterTuningJob.from_request(stack, "Job", request=over_quota_request())
    assert len(warning_texts(stack)) == 2

    # WHEN the parallel-jobs warning is acknowledged
    CdkAnnotations.of(job).acknowledge_warning(
        ack("parallel-above-total", f"{LIMITS}.MaxParallelTrainingJobs"), "4 jobs are enough"
    )

    # THEN only the quota warning is left, and it says how to acknowledge it
    [left] = warning_texts(stack)
    assert "above the default quota of 10" in left
    assert f"[ack: {ack('quota-parallel-training-jobs', f'{LIMITS}.MaxParallelTrainingJobs')}]" in left
