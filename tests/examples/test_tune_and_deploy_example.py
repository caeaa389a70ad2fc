"""examples/tune_and_deploy.py: an 8-hour wait, an endpoint of the best model, an SNS alert on failure.

Its template is snapshot-tested, linted by cfn-lint (every template a test synthesizes, tests/cfn_lint_plugin.py)
and checked with cdk-nag's AwsSolutions pack.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Annotations, Match, Template
from cdk_nag import AwsSolutionsChecks

from cdk_sagemaker_tuning._handler import contract
from tests.sample_stacks import CDK_JSON_CONTEXT, new_app

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "tune_and_deploy.py"


def _example() -> ModuleType:
    # examples/ is not a package: load the module from its file
    spec = importlib.util.spec_from_file_location("tune_and_deploy_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def stack() -> cdk.Stack:
    # GIVEN the example's stack, with cdk.json's feature flags as `cdk synth` passes them
    stack: cdk.Stack = _example().TuneAndDeployStack(
        cdk.App(context=CDK_JSON_CONTEXT), "TuneAndDeployExample"
    )
    return stack


@pytest.fixture(scope="module")
def template(stack: cdk.Stack) -> Template:
    return Template.from_stack(stack)


def _logical_id(template: Template, resource_type: str) -> str:
    (logical_id,) = template.find_resources(resource_type).keys()
    return logical_id


def test_the_deployment_waits_up_to_8_hours(template: Template) -> None:
    template.has_resource_properties("AWS::CloudFormation::WaitCondition", {"Timeout": str(8 * 3600)})


def test_the_job_fits_in_the_timeout_without_warnings(stack: cdk.Stack) -> None:
    Annotations.from_stack(stack).has_no_warning("*", Match.any_value())


def test_the_endpoint_serves_the_best_training_jobs_model(template: Template) -> None:
    results = _logical_id(template, contract.RESULTS_RESOURCE_TYPE)
    template.has_resource_properties(
        "AWS::SageMaker::Model",
        {
            "EnableNetworkIsolation": True,
            "PrimaryContainer": {
                "ModelDataUrl": {"Fn::GetAtt": [results, contract.ATTR_BEST_MODEL_ARTIFACTS]}
            },
        },
    )
    model = _logical_id(template, "AWS::SageMaker::Model")
    template.has_resource_properties(
        "AWS::SageMaker::EndpointConfig",
        {"ProductionVariants": [Match.object_like({"ModelName": {"Fn::GetAtt": [model, "ModelName"]}})]},
    )
    config = _logical_id(template, "AWS::SageMaker::EndpointConfig")
    template.has_resource_properties(
        "AWS::SageMaker::Endpoint", {"EndpointConfigName": {"Fn::GetAtt": [config, "EndpointConfigName"]}}
    )
    template.has_output("BestEta", {"Value": {"Fn::GetAtt": [results, "BestHyperParameter.eta"]}})


def test_a_failed_job_is_sent_to_the_alert_topic(template: Template) -> None:
    topic = _logical_id(template, "AWS::SNS::Topic")
    template.has_resource_properties(
        "AWS::Events::Rule",
        {
            "EventPattern": Match.object_like(
                {"detail": Match.object_like({"HyperParameterTuningJobStatus": ["Failed"]})}
            ),
            "Targets": [Match.object_like({"Arn": {"Ref": topic}})],
        },
    )


def test_the_template_matches_the_snapshot(template: Template, snapshot: Any) -> None:
    # THEN the whole template is as reviewed (run `pytest --snapshot-update` deliberately on change)
    assert template.to_json() == snapshot


@pytest.mark.cdk_nag
def test_cdk_nag_finds_nothing_unacknowledged(tmp_path: Path) -> None:
    # GIVEN the example with the AwsSolutions pack WHEN synthesized THEN nothing is left unacknowledged
    app = new_app(tmp_path)
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    _example().TuneAndDeployStack(app, "TuneAndDeployExample")
    app.synth()  # raises "Validation failed" on any unacknowledged finding
    report = json.loads((tmp_path / "validation-report.json").read_text())
    [plugin] = [p for p in report["pluginReports"] if p["pluginName"] == "AwsSolutions"]
    assert plugin["conclusion"] == "success"
    assert plugin["violations"] == []
    assert plugin["suppressedViolations"], "nag ran: the example has acknowledged findings"
