"""runtime_values: which values a Step Functions execution provides, and how each query language gets them."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from aws_cdk import Token
from aws_cdk import aws_stepfunctions as sfn
from botocore.validate import validate_parameters

from cdk_sagemaker_tuning import SageMakerCreateHyperParameterTuningJob
from cdk_sagemaker_tuning._core.runtime_text import literal_prefix
from cdk_sagemaker_tuning._core.tokens import is_unresolved
from cdk_sagemaker_tuning.stepfunctions.runtime_values import (
    for_validation,
    has_json_path,
    has_jsonata,
    render_jsonata,
)
from tests.samples import multi_request, xgboost_request
from tests.stepfunctions.sfn_task_support import new_stack, state_json
from tests.support.api_model import input_shape


def test_json_path_references_are_found_as_strings_numbers_and_lists() -> None:
    assert has_json_path(sfn.JsonPath.string_at("$.A"))
    assert has_json_path("prefix/" + sfn.JsonPath.string_at("$.A"))
    assert has_json_path(sfn.JsonPath.number_at("$.N"))
    assert has_json_path(sfn.JsonPath.list_at("$.L"))
    # AND deploy-time tokens and literals are not run-time values
    assert not has_json_path(Token.as_string(Token.as_any("x")))
    assert not has_json_path(Token.as_number(Token.as_any(3)))
    assert not has_json_path("$.NotAReference")
    assert not has_json_path(3)


def test_jsonata_expressions_are_found_anywhere_in_a_string() -> None:
    assert has_jsonata("{% $states.input.a %}")
    assert has_jsonata("data/{% $week %}/")
    assert not has_jsonata("data/{week}/")


@pytest.mark.parametrize(
    ("text", "prefix"),
    [
        ("data/train/", "data/train/"),
        ("data/{% $week %}/train/", "data/"),
        ("{% $states.input.prefix %}", ""),
    ],
)
def test_the_literal_prefix_stops_at_the_first_runtime_value(text: str, prefix: str) -> None:
    assert literal_prefix(text) == prefix


def test_the_literal_prefix_of_a_json_path_reference_keeps_deploy_time_tokens() -> None:
    deploy_time = Token.as_string(Token.as_any("bucket"))
    assert literal_prefix("data/" + sfn.JsonPath.string_at("$.Week") + "/") == "data/"
    assert literal_prefix(deploy_time + "/" + sfn.JsonPath.string_at("$.W")) == deploy_time + "/"


def test_validation_sees_jsonata_strings_as_tokens_and_keeps_everything_else() -> None:
    request = {"Name": "{% $n %}", "List": ["a", "x{% $n %}"], "Number": 3, "Literal": "abc"}
    checked = for_validation(request)
    assert is_unresolved(checked["Name"]) and is_unresolved(checked["List"][1])
    assert checked["List"][0] == "a" and checked["Number"] == 3 and checked["Literal"] == "abc"
    # AND the request itself is unchanged
    assert request["Name"] == "{% $n %}"


def test_jsonata_literals_are_quoted_and_escaped_when_joined() -> None:
    rendered = render_jsonata({"Value": "it's a\\b {% $x %}!"})
    assert rendered == {"Value": "{% 'it\\'s a\\\\b ' & ($x) & '!' %}"}


_EXPRESSION = re.compile(r"^\{% (.*) %\}$", re.DOTALL)


def _evaluate_jsonata(arguments: Any, sample: dict[str, str]) -> Any:
    """The few JSONata forms these tests write: ``$states.input.X`` and ``'literal' & (...)`` joins."""
    if isinstance(arguments, dict):
        return {key: _evaluate_jsonata(value, sample) for key, value in arguments.items()}
    if isinstance(arguments, list):
        return [_evaluate_jsonata(item, sample) for item in arguments]
    if not isinstance(arguments, str) or not _EXPRESSION.match(arguments):
        return arguments
    parts = re.findall(r"'((?:[^'\\]|\\.)*)'|\(?\$states\.input\.(\w+)\)?", _EXPRESSION.match(arguments)[1])
    return "".join(sample[name] if name else literal for literal, name in parts)


@pytest.mark.parametrize("sample_request", [xgboost_request, multi_request])
def test_jsonata_arguments_with_a_runs_values_pass_botocore(sample_request: Any) -> None:
    # GIVEN a sample request whose name and output prefix are JSONata expressions
    request = sample_request()
    request["HyperParameterTuningJobName"] = "{% $states.input.name %}"
    definitions = request.get("TrainingJobDefinitions") or [request["TrainingJobDefinition"]]
    for definition in definitions:
        definition["OutputDataConfig"]["S3OutputPath"] = "s3://example-bucket/{% $states.input.week %}/output"
    task = SageMakerCreateHyperParameterTuningJob.from_request(
        new_stack(), "Tune", request=request, query_language=sfn.QueryLanguage.JSONATA
    )
    # WHEN a run evaluates the expressions of the state's Arguments
    sent = _evaluate_jsonata(state_json(task)["Arguments"], {"name": "churn-7", "week": "49"})
    # THEN botocore accepts the request, which is the sample's with the run's values
    validate_parameters(sent, input_shape())
    expected = copy.deepcopy(sample_request())
    expected["HyperParameterTuningJobName"] = "churn-7"
    for definition in expected.get("TrainingJobDefinitions") or [expected["TrainingJobDefinition"]]:
        definition["OutputDataConfig"]["S3OutputPath"] = "s3://example-bucket/49/output"
    assert sent == expected
