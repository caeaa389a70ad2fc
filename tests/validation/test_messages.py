"""Messages: each line names the API path, the typed prop when known, the value and what is allowed."""

from __future__ import annotations

from validation_helpers import base_request

from cdk_sagemaker_tuning import Problem, TuningJobValidationError
from cdk_sagemaker_tuning._core.request_paths import set_path
from cdk_sagemaker_tuning.validation import validate_request

LIMITS = "HyperParameterTuningJobConfig.ResourceLimits"
PROPS = {
    "HyperParameterTuningJobConfig": "tuning_config",
    f"{LIMITS}.MaxParallelTrainingJobs": "max_parallel_training_jobs",
    f"{LIMITS}.MaxNumberOfTrainingJobs": "max_training_jobs",
}


def test_the_longest_prefix_names_the_prop() -> None:
    # GIVEN a typed job whose parallelism exceeds its job count
    request = base_request()
    set_path(request, f"{LIMITS}.MaxParallelTrainingJobs", 30)
    set_path(request, f"{LIMITS}.MaxNumberOfTrainingJobs", 20)
    # WHEN validated with the typed prop names
    report = validate_request(request, prop_names=PROPS)
    # THEN each finding names the most specific prop
    messages = [str(w) for w in report.warnings]
    assert (
        f"{LIMITS}.MaxParallelTrainingJobs (max_parallel_training_jobs): 30 is more than MaxNumberOfTrainingJobs 20; "
        "at most 20 jobs can run in parallel"
    ) in messages
    assert any(
        m.startswith(f"{LIMITS}.MaxParallelTrainingJobs (max_parallel_training_jobs): 30 is above")
        for m in messages
    )


def test_a_shorter_prefix_names_the_prop_of_nested_fields() -> None:
    request = base_request()
    set_path(request, "HyperParameterTuningJobConfig.Strategy", "Bayesan")
    [error] = validate_request(request, prop_names=PROPS).errors
    assert error.prop == "tuning_config"
    assert str(error).startswith(
        "HyperParameterTuningJobConfig.Strategy (tuning_config): 'Bayesan' is not one of"
    )


def test_a_prefix_matches_whole_segments_only() -> None:
    # GIVEN a prop for "Tags" WHEN a problem is at "TagsExtra" THEN that prop is not used
    request = base_request()
    request["TagsExtra"] = []
    [error] = validate_request(request, prop_names={"Tags": "tags"}).errors
    assert error.path == "TagsExtra" and error.prop is None


def test_problem_text_without_prop() -> None:
    problem = Problem("Tags[0].Key", "'aws:x' starts with 'aws:', a prefix reserved for AWS", "aws:x")
    assert str(problem) == "Tags[0].Key: 'aws:x' starts with 'aws:', a prefix reserved for AWS"


def test_the_error_lists_one_problem_per_line() -> None:
    error = TuningJobValidationError([Problem("A", "one"), Problem("B", "two", prop="b")])
    assert str(error).splitlines() == [
        "The tuning job request has 2 problems:",
        "  - A: one",
        "  - B (b): two",
    ]


def test_a_long_enum_is_named_with_the_nearest_value() -> None:
    request = base_request()
    set_path(request, "TrainingJobDefinition.ResourceConfig.InstanceType", "ml.m5.xlarg")
    [error] = validate_request(request).errors
    assert "values of TrainingInstanceType; did you mean 'ml.m5.xlarge'?" in error.message
    assert "ml.p4d.24xlarge" not in error.message


def test_java_unicode_classes_are_checked_by_category() -> None:
    # GIVEN tag keys against the Java pattern ([\p{L}\p{Z}\p{N}_.:/=+\-@]*), which Python's re cannot compile
    valid, invalid = base_request(), base_request()
    set_path(valid, "Tags[0].Key", "équipe 1_a:b/c=d+e-f@g")
    set_path(invalid, "Tags[0].Key", "team#1")
    # WHEN validated THEN letters, separators and digits of any script pass, and '#' does not
    assert validate_request(valid).errors == []
    [error] = validate_request(invalid).errors
    assert error.path == "Tags[0].Key"
    assert error.message.startswith("'team#1' does not match the pattern")
