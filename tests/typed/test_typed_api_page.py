"""The "Typed API" page's examples (docs/typed-api.md) run as they are and declare what they say."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aws_cdk.assertions import Template

from cdk_sagemaker_tuning import RESOURCE_TYPE, IntegerParameter, TuningJobValidationError
from tests.samples import typed_request
from tests.support.docs_pages import page_namespaces, python_blocks, read

PAGE = "docs/typed-api.md"


def typed_api_section() -> str:
    return read(PAGE)


@pytest.fixture(scope="module")
def namespace() -> dict[str, Any]:
    # GIVEN every Python block of the page, in order (they share the first block's set-up)
    assert len(python_blocks(typed_api_section())) == 10
    # WHEN they run
    (namespace,) = page_namespaces(PAGE)
    return namespace


def test_every_example_declares_its_tuning_job(namespace):
    # THEN each example's job is in the synthesized template
    template = Template.from_stack(namespace["stack"])
    template.resource_count_is(RESOURCE_TYPE, 9)


def test_examples_say_what_they_render(namespace):
    stack = namespace["stack"]
    xgboost = stack.resolve(namespace["xgboost_job"].request)
    assert xgboost["Tags"] == [{"Key": "project", "Value": "churn"}]
    assert xgboost["TrainingJobDefinition"]["StaticHyperParameters"]["num_round"] == "100"
    [xgboost_resource] = [
        resource
        for resource in Template.from_stack(stack).find_resources(RESOURCE_TYPE).values()
        if resource["Properties"]["Request"] == xgboost
    ]
    assert xgboost_resource["Properties"]["NamePrefix"] == "churn-xgb"
    autotuned = stack.resolve(namespace["autotuned"].request)
    assert autotuned["Autotune"] == {"Mode": "Enabled"}
    assert autotuned["HyperParameterTuningJobConfig"]["RandomSeed"] == 7


def test_the_documented_error_message_is_the_real_one():
    # GIVEN the page's example of a finding
    message = re.search(r"`(HyperParameterTuningJobConfig\.ParameterRanges.*?)`", typed_api_section())[1]
    # WHEN a job declares that range
    with pytest.raises(TuningJobValidationError) as error:
        typed_request(parameter_ranges=[IntegerParameter("max_depth", 10, 3)])
    # THEN it is the finding the job reports
    assert error.value.problems[0].__str__() == message
