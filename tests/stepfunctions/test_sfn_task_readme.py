"""The README's "Retrain on a schedule" example runs as it is and renders what it says."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from aws_cdk.assertions import Template

from tests.stepfunctions.sfn_task_support import state_json

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_example_declares_the_task_it_describes() -> None:
    # GIVEN the section's Python block
    text = README.read_text()
    start = text.index("## Retrain on a schedule")
    section = text[start : text.index("\n## ", start + 1)]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    namespace: dict[str, Any] = {}
    # WHEN it runs
    exec(compile(block, str(README), "exec"), namespace)
    # THEN its state machine holds the .sync task, with the run-time values the comments name
    Template.from_stack(namespace["stack"]).resource_count_is("AWS::StepFunctions::StateMachine", 1)
    parameters = state_json(namespace["tune"])["Parameters"]
    assert parameters["HyperParameterTuningJobName.$"] == "States.Format('churn-{}', $.Week)"
    definition = parameters["TrainingJobDefinition"]
    assert definition["StaticHyperParameters"]["num_round.$"] == "$.Rounds"
    parent = parameters["WarmStartConfig"]["ParentHyperParameterTuningJobs"][0]
    assert parent == {"HyperParameterTuningJobName.$": "$.LastTuningJob"}
    assert namespace["tune"].role.role_arn
