"""A job's name or ARN exported to another stack is a synth warning: a changed request could not deploy."""

from __future__ import annotations

import json

import pytest
from aws_cdk import Annotations as CdkAnnotations
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_ssm as ssm
from aws_cdk.assertions import Annotations, Match

from tests.samples import typed_job
from tests.support.docs_pages import page_namespaces, python_blocks, section

ENV = Environment(account="123456789012", region="us-east-1")
ACK = "cdk-sagemaker-tuning:cross-stack-export"


def warnings(stack: Stack) -> list[str]:
    return [str(m.entry.data) for m in Annotations.from_stack(stack).find_warning("*", Match.any_value())]


def test_a_name_and_an_arn_used_by_another_stack_are_each_warned_about() -> None:
    # GIVEN a consumer stack using the job's name and ARN (aws-cdk-lib exports both from the producer)
    app = App()
    producer = Stack(app, "Producer", env=ENV)
    job = typed_job(producer)
    consumer = Stack(app, "Consumer", env=ENV)
    ssm.StringParameter(consumer, "Name", string_value=job.tuning_job_name)
    ssm.StringParameter(consumer, "Arn", string_value=job.tuning_job_arn)

    # WHEN
    app.synth()

    # THEN the job has one warning per exported attribute, each with its own acknowledgement id
    found = warnings(producer)
    assert len(found) == 2
    assert any(f"[ack: {ACK}:tuning_job_name]" in w and "Producer:ExportsOutputRef" in w for w in found)
    assert any(f"[ack: {ACK}:tuning_job_arn]" in w for w in found)
    assert all("CloudFormation cannot change an export that another stack imports" in w for w in found)
    assert all("SSM parameter" in w for w in found)


def test_stack_export_value_is_warned_about_too() -> None:
    app = App()
    producer = Stack(app, "Producer", env=ENV)
    job = typed_job(producer)
    producer.export_value(job.tuning_job_arn, name="TuningJobArn")
    app.synth()
    [warning] = warnings(producer)
    assert "the job's tuning_job_arn is exported (TuningJobArn)" in warning


@pytest.mark.late_acknowledgement
def test_the_warning_can_be_acknowledged() -> None:
    app = App()
    producer = Stack(app, "Producer", env=ENV)
    job = typed_job(producer)
    ssm.StringParameter(Stack(app, "Consumer", env=ENV), "Arn", string_value=job.tuning_job_arn)
    CdkAnnotations.of(job).acknowledge_warning(f"{ACK}:tuning_job_arn", "the request never changes")
    app.synth()
    assert warnings(producer) == []


def test_the_documented_alternative_an_ssm_parameter_is_not_warned_about() -> None:
    # GIVEN the documented pattern: the producer writes a parameter, the consumer reads it at its deploy
    app = App()
    producer = Stack(app, "Producer", env=ENV)
    job = typed_job(producer)
    ssm.StringParameter(
        producer, "JobName", parameter_name="/tuning/churn/name", string_value=job.tuning_job_name
    )
    consumer = Stack(app, "Consumer", env=ENV)
    ssm.StringParameter(
        consumer,
        "Copy",
        string_value=ssm.StringParameter.value_for_string_parameter(consumer, "/tuning/churn/name"),
    )

    # WHEN
    assembly = app.synth()

    # THEN nothing is exported and nothing is warned about
    assert warnings(producer) == []
    outputs = assembly.get_stack_by_name("Producer").template.get("Outputs", {})
    assert not any("Export" in output for output in outputs.values())


def test_the_jobs_own_arn_output_is_not_an_export() -> None:
    app = App()
    producer = Stack(app, "Producer", env=ENV)
    typed_job(producer)
    app.synth()
    assert warnings(producer) == []


def test_the_documented_example_runs_and_is_not_warned_about() -> None:
    # GIVEN the SSM example of docs/lifecycle.md, run as it is with a job and another stack (explicit
    # environments), the other stack using the name it reads (its page's context)
    assert len(python_blocks(section("docs/lifecycle.md", "## Using a job from another stack"))) == 1
    (namespace,) = page_namespaces("docs/lifecycle.md")

    # WHEN
    namespace["app"].synth()

    # THEN the consumer reads the parameter, and the job's stack exports nothing
    assert namespace["stack"].environment == "aws://123456789012/us-east-1"
    assert warnings(namespace["stack"]) == []


def test_weak_cross_stack_references_are_not_exports_and_not_warned_about() -> None:
    # GIVEN an app with weak cross-stack references, as cdk.json (and a fresh `cdk init`) sets them
    app = App(context={"@aws-cdk/core:defaultCrossStackReferences": "weak"})
    producer = Stack(app, "Producer", env=ENV)
    job = typed_job(producer)
    ssm.StringParameter(Stack(app, "Consumer", env=ENV), "Arn", string_value=job.tuning_job_arn)

    # WHEN
    assembly = app.synth()

    # THEN the consumer reads an output (Fn::GetStackOutput), which CloudFormation lets change: no warning
    outputs = assembly.get_stack_by_name("Producer").template["Outputs"]
    assert not any("Export" in output for output in outputs.values())
    assert "Fn::GetStackOutput" in json.dumps(assembly.get_stack_by_name("Consumer").template)
    assert warnings(producer) == []
