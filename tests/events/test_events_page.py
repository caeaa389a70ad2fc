"""The "Job events" page's example (docs/events.md) runs as it is and adds the rule it describes."""

from __future__ import annotations

from aws_cdk.assertions import Match, Template

from tests.support.docs_pages import page_namespaces, python_blocks, read

PAGE = "docs/events.md"


def test_the_sns_alert_example_sends_the_jobs_failures_to_the_teams_topic() -> None:
    # GIVEN the page's one Python block, and the stack and raw-request job it names (its page's context)
    assert len(python_blocks(read(PAGE))) == 1
    # WHEN it runs
    (namespace,) = page_namespaces(PAGE)
    stack = namespace["stack"]
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
