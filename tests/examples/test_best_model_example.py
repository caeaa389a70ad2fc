"""examples/best_model.py synthesizes, and its model reads the tuning job's best artifacts."""

import importlib.util
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template

from cdk_sagemaker_tuning import RESOURCE_TYPE

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "best_model.py"


@pytest.fixture(scope="module")
def template() -> Template:
    # GIVEN the example module (loaded from its file: examples/ is not a package)
    spec = importlib.util.spec_from_file_location("best_model_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    # WHEN its stack is built and synthesized
    return Template.from_stack(module.build_stack(cdk.App()))


def job_logical_id(template: Template) -> str:
    (logical_id,) = template.find_resources(RESOURCE_TYPE).keys()
    return logical_id


def test_the_job_waits_for_completion(template):
    template.has_resource_properties(RESOURCE_TYPE, {"WaitForCompletion": "true"})


def test_the_model_serves_the_best_model_artifacts(template):
    template.has_resource_properties(
        "AWS::SageMaker::Model",
        {
            "PrimaryContainer": {
                "ModelDataUrl": {"Fn::GetAtt": [job_logical_id(template), "BestModelArtifacts"]},
                "Image": Match.string_like_regexp(r"sagemaker-xgboost:1\.7-1$"),
            }
        },
    )


def test_best_job_attributes_are_outputs(template):
    logical_id = job_logical_id(template)
    template.has_output("BestTrainingJob", {"Value": {"Fn::GetAtt": [logical_id, "BestTrainingJobName"]}})
    template.has_output("BestObjectiveValue", {"Value": {"Fn::GetAtt": [logical_id, "BestObjectiveValue"]}})
