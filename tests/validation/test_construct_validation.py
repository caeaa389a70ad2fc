"""The construct validates at synth time: errors raise together, warnings become annotations."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Stack, Tags
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Annotations, Match, Template
from validation_helpers import base_request

from cdk_sagemaker_tuning import HyperParameterTuningJob, TuningJobValidationError
from cdk_sagemaker_tuning._core.request_paths import set_path

LIMITS = "HyperParameterTuningJobConfig.ResourceLimits"


def _stack() -> Stack:
    return Stack(App(), "Stack")


@pytest.fixture(scope="module")
def synthesized() -> dict[str, Any]:
    """One stack, synthesized once: a job with quota warnings and a job wired to real constructs."""
    stack = _stack()
    noisy = base_request()
    set_path(noisy, f"{LIMITS}.MaxParallelTrainingJobs", 11)
    set_path(noisy, f"{LIMITS}.MaxNumberOfTrainingJobs", 800)
    HyperParameterTuningJob.from_request(stack, "Noisy", request=noisy)

    role = iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    bucket = s3.Bucket(stack, "Data")
    wired = base_request()
    definition = wired["TrainingJobDefinition"]
    definition["RoleArn"] = role.role_arn
    definition["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] = bucket.s3_url_for_object(
        "train"
    )
    definition["OutputDataConfig"]["S3OutputPath"] = bucket.s3_url_for_object("output")
    wired["HyperParameterTuningJobName"] = "xgb-tuning-wired"  # one fixed name per app (unique_names)
    HyperParameterTuningJob.from_request(stack, "Wired", request=wired)
    return {"annotations": Annotations.from_stack(stack), "template": Template.from_stack(stack)}


def test_every_error_is_raised_at_once_as_a_value_error() -> None:
    # GIVEN a request with three mistakes
    request = base_request()
    set_path(request, f"{LIMITS}.MaxParalelTrainingJobs", 3)
    set_path(request, "HyperParameterTuningJobConfig.Strategy", "Bayesan")
    set_path(request, "TrainingJobDefinition.StaticHyperParameters.eta", "0.2")
    # WHEN the job is declared THEN one error lists all three, each naming its field
    with pytest.raises(TuningJobValidationError) as raised:
        HyperParameterTuningJob.from_request(_stack(), "Job", request=request)
    assert isinstance(raised.value, ValueError)
    paths = [problem.path for problem in raised.value.problems]
    assert paths == [
        "HyperParameterTuningJobConfig.Strategy",
        f"{LIMITS}.MaxParalelTrainingJobs",
        "TrainingJobDefinition.StaticHyperParameters.eta",
    ]
    message = str(raised.value)
    assert message.startswith("The tuning job request has 3 problems:")
    assert "did you mean 'MaxParallelTrainingJobs'?" in message
    assert "did you mean 'Bayesian'?" in message


def test_tags_given_in_the_request_are_validated() -> None:
    request = base_request()
    request["Tags"].append({"Key": "aws:reserved", "Value": "x"})
    with pytest.raises(TuningJobValidationError, match=r"Tags\[1\]\.Key: 'aws:reserved'"):
        HyperParameterTuningJob.from_request(_stack(), "Job", request=request)


def test_an_override_that_breaks_the_request_raises_and_is_not_applied() -> None:
    # GIVEN a valid job
    job = HyperParameterTuningJob.from_request(_stack(), "Job", request=base_request())
    # WHEN an override breaks it THEN that call raises, naming the field
    with pytest.raises(
        TuningJobValidationError, match=r"MaxRuntimeInSeconds: 60 is less than the minimum of 120"
    ):
        job.add_request_override(f"{LIMITS}.MaxRuntimeInSeconds", 60)
    # AND the request is unchanged
    assert "MaxRuntimeInSeconds" not in job.request["HyperParameterTuningJobConfig"]["ResourceLimits"]


def test_a_valid_override_is_applied() -> None:
    job = HyperParameterTuningJob.from_request(_stack(), "Job", request=base_request())
    job.add_request_override("HyperParameterTuningJobConfig.RandomSeed", 7)
    assert job.request["HyperParameterTuningJobConfig"]["RandomSeed"] == 7


def test_quota_warnings_become_annotations(synthesized: dict[str, Any]) -> None:
    annotations = synthesized["annotations"]
    annotations.has_warning(
        "/Stack/Noisy",
        Match.string_like_regexp(r"MaxParallelTrainingJobs: 11 is above the default quota of 10"),
    )
    annotations.has_warning(
        "/Stack/Noisy",
        Match.string_like_regexp(r"MaxNumberOfTrainingJobs: 800 is above the default quota of 750"),
    )


def test_a_valid_job_has_no_warning(synthesized: dict[str, Any]) -> None:
    synthesized["annotations"].has_no_warning("/Stack/Wired", Match.any_value())


def test_construct_tokens_synthesize(synthesized: dict[str, Any]) -> None:
    # GIVEN role and bucket tokens in the request THEN the job synthesizes with them resolved
    synthesized["template"].has_resource_properties(
        "Custom::SageMakerHyperParameterTuningJob",
        {
            "Request": Match.object_like(
                {
                    "TrainingJobDefinition": Match.object_like(
                        {"RoleArn": {"Fn::GetAtt": [Match.any_value(), "Arn"]}}
                    )
                }
            )
        },
    )


def test_tags_added_with_tags_of_do_not_break_validation() -> None:
    stack = _stack()
    job = HyperParameterTuningJob.from_request(stack, "Job", request=base_request())
    Tags.of(job).add("team", "ml")
    template = Template.from_stack(stack)
    template.has_resource_properties(
        "Custom::SageMakerHyperParameterTuningJob",
        {"Request": Match.object_like({"Tags": Match.array_with([{"Key": "team", "Value": "ml"}])})},
    )


def test_a_malformed_tag_is_a_validation_error() -> None:
    # GIVEN a tag without a value THEN the validation error names it (before the tags are read)
    request = base_request()
    request["Tags"] = [{"Key": "team"}]
    with pytest.raises(TuningJobValidationError, match=r"Tags\[0\]\.Value: is required"):
        HyperParameterTuningJob.from_request(_stack(), "Job", request=request)
