"""The README's "Job events" example runs as it is and adds the rule it describes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from aws_cdk import App, Stack
from aws_cdk.assertions import Match, Template

from cdk_sagemaker_tuning import HyperParameterTuningJob
from tests.test_tuning_job_from_request import minimal_request

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_sns_alert_example_sends_the_jobs_failures_to_the_teams_topic() -> None:
    # GIVEN the section's one Python block, and the stack and job it names
    text = README.read_text()
    start = text.index("## Job events")
    section = text[start : text.index("\n## ", start + 1)]
    [block] = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    stack = Stack(App(), "ReadmeEvents")
    job = HyperParameterTuningJob.from_request(
        stack, "Tuning", request=minimal_request("arn:aws:iam::123456789012:role/training")
    )
    namespace: dict[str, Any] = {"stack": stack, "job": job}
    # WHEN it runs
    exec(compile(block, str(README), "exec"), namespace)
    # THEN the job's failures go to the topic, which e-mails the team
    template = Template.from_stack(stack)
    topic = stack.resolve(namespace["alerts"].topic_arn)
    template.has_resource_properties(
        "AWS::Events::Rule",
        {
            "Description": "Tuning job failed",
            "EventPattern": Match.object_like(
                {"detail": Match.object_like({"HyperParameterTuningJobStatus": ["Failed"]})}
            ),
            "Targets": [Match.object_like({"Arn": topic})],
        },
    )
    template.has_resource_properties("AWS::SNS::Subscription", {"Protocol": "email"})
