"""The Step Functions page's example (docs/step-functions.md) runs as it is and renders what it says."""

from __future__ import annotations

from aws_cdk.assertions import Template

from tests.stepfunctions.sfn_task_support import state_json
from tests.support.docs_pages import page_namespaces, python_blocks, read

PAGE = "docs/step-functions.md"


def test_the_page_example_declares_the_task_it_describes() -> None:
    # GIVEN the page's one Python block
    assert len(python_blocks(read(PAGE))) == 1
    # WHEN it runs
    (namespace,) = page_namespaces(PAGE)
    # THEN its state machine holds the .sync task, with the run-time values the comments name
    Template.from_stack(namespace["stack"]).resource_count_is("AWS::StepFunctions::StateMachine", 1)
    parameters = state_json(namespace["tune"])["Parameters"]
    assert parameters["HyperParameterTuningJobName.$"] == "States.Format('churn-{}', $.Week)"
    definition = parameters["TrainingJobDefinition"]
    assert definition["StaticHyperParameters"]["num_round.$"] == "$.Rounds"
    parent = parameters["WarmStartConfig"]["ParentHyperParameterTuningJobs"][0]
    assert parent == {"HyperParameterTuningJobName.$": "$.LastTuningJob"}
    assert namespace["tune"].role.role_arn
