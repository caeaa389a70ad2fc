"""examples/retrain_on_schedule.py: a weekly schedule starts a state machine that tunes and redeploys.

Its state machine definition is snapshot-tested; its template is cdk-nag clean (and cfn-lint clean, as
every template the tests synthesize).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Match, Template

from tests.nag.test_aws_solutions import aws_solutions_report, nag_app
from tests.sample_stacks import CDK_JSON_CONTEXT

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "retrain_on_schedule.py"


def example_module() -> ModuleType:
    # examples/ is not a package: load the module from its file
    spec = importlib.util.spec_from_file_location("retrain_on_schedule_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def template() -> Template:
    # GIVEN the example's stack, with cdk.json's feature flags as `cdk synth` passes them (without them, the
    # access-log bucket would get the legacy ACL that the flag replaces with a bucket policy)
    # WHEN it is synthesized
    return Template.from_stack(example_module().build_stack(cdk.App(context=CDK_JSON_CONTEXT)))


def definition(template: Template) -> dict[str, Any]:
    """The state machine's definition, deploy-time values written as ``<Ref>`` and ``<Logical.Attr>``."""
    (machine,) = template.find_resources("AWS::StepFunctions::StateMachine").values()
    parts = machine["Properties"]["DefinitionString"]["Fn::Join"][1]
    text = "".join(
        part
        if isinstance(part, str)
        else f"<{part['Ref']}>"
        if "Ref" in part
        else f"<{'.'.join(part['Fn::GetAtt'])}>"
        if "Fn::GetAtt" in part
        else f"<{json.dumps(part, sort_keys=True)}>"
        for part in parts
    )
    return json.loads(text)  # type: ignore[no-any-return]


def test_the_state_machine_definition_matches_the_snapshot(template: Template, snapshot: Any) -> None:
    # THEN the whole definition is as reviewed (update deliberately with --snapshot-update)
    assert definition(template) == snapshot


def test_the_pipeline_tunes_then_deploys_the_best_model(template: Template) -> None:
    states = definition(template)["States"]
    # THEN the states run in order, the tuning job with .sync and a name unique per run
    order, state = [], definition(template)["StartAt"]
    while state:
        order.append(state)
        state = states[state].get("Next")
    assert order == [
        "Name the run",
        "Tune",
        "Describe the best training job",
        "Create the model",
        "Create the endpoint configuration",
        "Update the endpoint",
    ]
    tune = states["Tune"]
    assert tune["Resource"] == "arn:<AWS::Partition>:states:::sagemaker:createHyperParameterTuningJob.sync"
    assert tune["Parameters"]["HyperParameterTuningJobName.$"] == "States.Format('churn-{}', $.Run.Id)"
    describe = states["Describe the best training job"]["Parameters"]
    assert describe["TrainingJobName.$"] == "$.Tuning.BestTrainingJob.TrainingJobName"
    # AND the model is made of the best training job's image and artifacts, read from the run's state
    container = states["Create the model"]["Parameters"]["PrimaryContainer"]
    assert container == {"Image.$": "$.Best.Image", "ModelDataUrl.$": "$.Best.ModelDataUrl"}
    # AND the first run, which finds no endpoint to update, creates it
    assert states["Update the endpoint"]["Catch"][0]["Next"] == "Create the endpoint"


def test_a_weekly_schedule_starts_the_state_machine(template: Template) -> None:
    template.has_resource_properties(
        "AWS::Scheduler::Schedule",
        {
            "ScheduleExpression": "cron(0 3 ? * MON *)",
            "Target": {"Arn": {"Ref": Match.string_like_regexp("Retrain")}},
        },
    )


@pytest.mark.cdk_nag
def test_the_example_has_no_unacknowledged_cdk_nag_finding(tmp_path: Path) -> None:
    # GIVEN the example in an app with cdk-nag's AwsSolutions pack
    app = nag_app(tmp_path)
    example_module().build_stack(app)
    # WHEN it is synthesized (which raises on any unacknowledged finding)
    app.synth()
    report = aws_solutions_report(tmp_path)
    # THEN nothing is left, and each acknowledgement is an IAM5 wildcard with its reason
    assert report["conclusion"] == "success"
    assert report["violations"] == []
    for finding in report["suppressedViolations"]:
        assert finding["ruleName"].startswith("AwsSolutions-IAM5"), finding["ruleName"]
        assert len(finding["reason"]) > 40
