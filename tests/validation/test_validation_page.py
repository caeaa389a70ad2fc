"""The synth-time validation page (docs/validation.md) states what the code does: its numbers and its example."""

from __future__ import annotations

import re

import pytest
from aws_cdk import Stack
from aws_cdk import aws_s3 as s3
from validation_helpers import base_request

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    InstancePreference,
    TrainingAlgorithm,
    TrainingJobDefinition,
    TrainingOutput,
)
from cdk_sagemaker_tuning._core.request_paths import set_path
from cdk_sagemaker_tuning.validation import TuningJobValidationError, quotas, ranges, tags, validate_request
from tests.support.docs_pages import read


def validation_section() -> str:
    return read("docs/validation.md")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(
    "phrase",
    [
        f"at most {ranges.MAX_TUNED} tuned and {ranges.MAX_STATIC_PLUS_TUNED} static + tuned hyperparameters",
        f"at most {tags.MAX_USER_TAGS} (SageMaker's {tags.SAGEMAKER_MAX_TAGS} minus the handler's "
        f"{tags.HANDLER_TAG_COUNT})",
        f"more than {quotas.DEFAULT_MAX_PARALLEL_TRAINING_JOBS} parallel training jobs, more than "
        f"{quotas.DEFAULT_MAX_TRAINING_JOBS} training jobs",
    ],
)
def test_the_numbers_are_the_code_s(phrase: str) -> None:
    assert flat(phrase) in flat(validation_section())


def test_the_example_error_is_what_the_request_raises() -> None:
    # GIVEN the page's example: a misspelt strategy, and a hyperparameter both static and tuned
    request = base_request()
    set_path(request, "HyperParameterTuningJobConfig.Strategy", "Bayesan")
    tuned = request["HyperParameterTuningJobConfig"]["ParameterRanges"]["ContinuousParameterRanges"][0][
        "Name"
    ]
    request["TrainingJobDefinition"]["StaticHyperParameters"][tuned] = "0.3"

    # WHEN
    error = TuningJobValidationError(validate_request(request).errors)

    # THEN the page shows it line for line, as its first example
    assert str(error) == examples()[0]


def examples() -> list[str]:
    """The example errors of the validation page, in order."""
    return re.findall(r"```text\n(The tuning job request has .*?)\n```", validation_section(), re.S)


def test_the_checks_example_is_what_a_training_definition_raises() -> None:
    # GIVEN the page's example of the typed classes' checks: a number for a Duration, spot with preferences
    bucket = s3.Bucket.from_bucket_name(Stack(), "Data", "example-bucket")

    # WHEN the definition is declared
    with pytest.raises(TuningJobValidationError) as raised:
        TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            output=TrainingOutput(bucket, "output/"),
            max_runtime=3600,  # type: ignore[typeddict-item]
            spot=True,
            instance_preferences=[InstancePreference("ml.m5.xlarge")],
        )

    # THEN the page shows its error line for line, as the second example
    assert str(raised.value) == examples()[1]
