"""Job names: the pattern said in words, and the literal parts of names built from tokens checked."""

from __future__ import annotations

import pytest
from aws_cdk import Aws, Fn

from cdk_sagemaker_tuning import validate_request
from tests.samples import findings, xgboost_request

RULE = "1 to 32 letters, digits and hyphens (no underscores), starting and ending with a letter or digit"


def errors(**overrides: object) -> list[str]:
    return [str(problem) for problem in validate_request(xgboost_request(**overrides)).errors]


def test_a_literal_name_with_an_underscore_is_explained_in_words() -> None:
    assert errors(HyperParameterTuningJobName="my_job") == [
        f"HyperParameterTuningJobName: 'my_job' is not a valid tuning job name: use {RULE}"
    ]


def test_the_typed_name_error_names_the_prop_and_says_no_underscores() -> None:
    message = findings(tuning_job_name="my_job")
    assert "HyperParameterTuningJobName (tuning_job_name): 'my_job' is not a valid tuning job name" in message
    assert "(no underscores)" in message


@pytest.mark.parametrize(
    ("name", "literal"),
    [
        (f"{Aws.STACK_NAME}_x", "'_x'"),
        (Fn.join("", [Aws.STACK_NAME, "_tuning"]), "'_tuning'"),
        (Fn.join("_", [Aws.STACK_NAME, "tuning"]), "'tuning', '_'"),
    ],
)
def test_the_literal_parts_of_a_name_built_from_tokens_are_checked(name: str, literal: str) -> None:
    # WHEN a name built from tokens has an underscore in its literal text
    [error] = errors(HyperParameterTuningJobName=name)

    # THEN it fails at synth, quoting the literal parts (tokens are unknown until deploy)
    assert error.startswith(
        f"HyperParameterTuningJobName: the name is built from tokens and its literal parts ({literal}) hold '_'"
    )
    assert RULE in error


def test_literal_parts_longer_than_a_name_fail() -> None:
    [error] = errors(HyperParameterTuningJobName=f"{Aws.STACK_NAME}-{'x' * 32}")
    assert "alone are 33 characters long, longer than the maximum of 32" in error


def test_a_warm_start_parent_built_from_tokens_is_checked_too() -> None:
    warm_start = {
        "WarmStartType": "IdenticalDataAndAlgorithm",
        "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": f"{Aws.STACK_NAME}_old"}],
    }
    [error] = errors(WarmStartConfig=warm_start)
    assert error.startswith("WarmStartConfig.ParentHyperParameterTuningJobs[0].HyperParameterTuningJobName: ")


def test_valid_names_built_from_tokens_pass() -> None:
    assert errors(HyperParameterTuningJobName=f"{Aws.STACK_NAME}-tuning") == []
    assert errors(HyperParameterTuningJobName=Fn.join("-", [Aws.STACK_NAME, "tuning"])) == []
