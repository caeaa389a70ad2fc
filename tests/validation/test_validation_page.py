"""The synth-time validation page (docs/validation.md) states what the code does: its numbers and its example."""

from __future__ import annotations

import re

import pytest
from validation_helpers import base_request

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

    # THEN the page shows it line for line
    [example] = re.findall(r"```text\n(The tuning job request has .*?)\n```", validation_section(), re.S)
    assert str(error) == example
