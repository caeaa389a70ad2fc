"""cdk-nag's AwsSolutions pack on the example app and on a typed-API stack: every finding is fixed or
acknowledged with a reason.

cdk-nag v3 is a CDK policy-validation plugin: findings are not annotations any more; ``app.synth()``
raises ``Validation failed`` when one is left, and writes ``validation-report.json`` into the cloud
assembly, listing the violations and the acknowledged ones with their reasons. Acknowledgments are made
with CDK's ``Validations.of(construct).acknowledge(...)`` where the resources are created (the provider's
in ``provider/tuning_job_provider.py``, the typed API's execution role's in ``typed/training.py``, the example's in ``app.py``).

The provider's acknowledgements name the resource as cdk-nag prints it, which differs between a
region-agnostic stack (``arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:...``) and a
stack with an explicit account and region (``...:sagemaker:us-east-1:123456789012:...``): both are checked.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Annotations, Match
from cdk_nag import AwsSolutionsChecks

from cdk_sagemaker_tuning import HyperParameterTuningJob, TuningJobWait
from tests.sample_stacks import ENV, example_stack, new_app, typed_stack
from tests.samples import xgboost_request

# cdk-nag 3 needs jsii 1.134 and the library acknowledges IAM5 findings from aws-cdk-lib 2.269, both
# above the floor of the supported range: `make test-floor` leaves these out.
pytestmark = pytest.mark.cdk_nag

NAG_RULE = Match.string_like_regexp("AwsSolutions-.*")


def with_awaited_job(stack: cdk.Stack) -> cdk.Stack:
    """``stack`` plus a job that waits for completion: the provider then also reads training jobs."""
    HyperParameterTuningJob.from_request(
        stack,
        "Awaited",
        request=xgboost_request("arn:aws:iam::123456789012:role/training", "s3://bucket/awaited"),
        wait=TuningJobWait.within_event(),
    )
    return stack


def nag_app(outdir: Path) -> cdk.App:
    app = new_app(outdir)
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    return app


def aws_solutions_report(outdir: Path) -> dict[str, Any]:
    report = json.loads((outdir / "validation-report.json").read_text())
    [plugin] = [p for p in report["pluginReports"] if p["pluginName"] == "AwsSolutions"]
    return plugin  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[cdk.Stack, dict[str, Any]]:
    """GIVEN the example app (plus a job that waits) with the AwsSolutions pack, synthesized once."""
    outdir = tmp_path_factory.mktemp("nag-example")
    app = nag_app(outdir)
    stack = with_awaited_job(example_stack(app))
    app.synth()  # raises "Validation failed" on any unacknowledged finding
    return stack, aws_solutions_report(outdir)


def test_example_stack_has_no_unacknowledged_findings(example: tuple[cdk.Stack, dict[str, Any]]) -> None:
    stack, report = example
    assert report["conclusion"] == "success"
    assert report["violations"] == []
    # cdk-nag v2 reported through annotations; none may be left there either.
    annotations = Annotations.from_stack(stack)
    assert annotations.find_error("*", NAG_RULE) == []
    assert annotations.find_warning("*", NAG_RULE) == []


def test_every_acknowledged_finding_carries_a_reason(example: tuple[cdk.Stack, dict[str, Any]]) -> None:
    _, report = example
    suppressed = report["suppressedViolations"]
    assert suppressed, "the example has known, acknowledged findings; an empty list means nag did not run"
    for finding in suppressed:
        assert len(finding["reason"]) > 40, finding["ruleName"]


def test_the_acknowledged_rules_are_the_reviewed_ones(example: tuple[cdk.Stack, dict[str, Any]]) -> None:
    # A new finding kind must be reviewed (fixed, or acknowledged with a reason) before it lands here.
    _, report = example
    rules = {finding["ruleName"].split("[")[0] for finding in report["suppressedViolations"]}
    # SQS3: the provider's on-failure queue is itself where failed invocations end (no DLQ of its own)
    assert rules == {"AwsSolutions-IAM5", "AwsSolutions-SQS3"}


def _provider_findings(report: dict[str, Any], stack: cdk.Stack) -> dict[str, str]:
    """The acknowledged findings on the provider's resources: rule name -> reason."""
    return {
        finding["ruleName"]: finding["reason"]
        for finding in report["suppressedViolations"]
        if any(
            c["constructPath"].startswith(f"{stack.stack_name}/SageMakerTuningJobProvider/")
            for c in finding["violatingConstructs"]
        )
    }


def test_the_providers_acknowledgements_are_its_job_arn_prefixes_the_job_listing_and_its_queue(
    example: tuple[cdk.Stack, dict[str, Any]],
) -> None:
    _, report = example
    prefix = "arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>"
    assert set(_provider_findings(report, example[0])) == {
        f"AwsSolutions-IAM5[Resource::{prefix}:hyper-parameter-tuning-job/*]",
        f"AwsSolutions-IAM5[Resource::{prefix}:training-job/*]",
        # ListHyperParameterTuningJobs supports no resource-level permission
        "AwsSolutions-IAM5[Resource::*]",
        "AwsSolutions-SQS3",
    }


@pytest.fixture(scope="module")
def example_in_env(tmp_path_factory: pytest.TempPathFactory) -> tuple[cdk.Stack, dict[str, Any]]:
    """GIVEN the example app (plus a job that waits) in a stack with an explicit account and region."""
    outdir = tmp_path_factory.mktemp("nag-example-env")
    app = nag_app(outdir)
    stack = with_awaited_job(example_stack(app, env=ENV))
    app.synth()  # raises "Validation failed" on any unacknowledged finding
    return stack, aws_solutions_report(outdir)


def test_a_stack_with_an_explicit_account_and_region_has_no_unacknowledged_findings(
    example_in_env: tuple[cdk.Stack, dict[str, Any]],
) -> None:
    stack, report = example_in_env
    assert report["conclusion"] == "success"
    assert report["violations"] == []
    # THEN the provider's acknowledgements matched the ARNs with the stack's own region and account
    findings = sorted(_provider_findings(report, stack))
    assert findings == [
        "AwsSolutions-IAM5[Resource::*]",
        f"AwsSolutions-IAM5[Resource::arn:aws:sagemaker:{ENV.region}:{ENV.account}:hyper-parameter-tuning-job/*]",
        f"AwsSolutions-IAM5[Resource::arn:aws:sagemaker:{ENV.region}:{ENV.account}:training-job/*]",
        "AwsSolutions-SQS3",
    ]


def test_the_check_fails_on_a_non_compliant_resource(tmp_path: Path) -> None:
    # GIVEN the example plus a bucket without access logs nor TLS enforcement
    app = nag_app(tmp_path)
    stack = example_stack(app)
    s3.Bucket(stack, "Careless")

    # WHEN / THEN synthesis fails and the report names the bucket's findings
    with pytest.raises(RuntimeError) as raised:
        app.synth()
    assert str(raised.value).startswith("ValidationFailed")
    violations = aws_solutions_report(tmp_path)["violations"]
    careless = {
        v["ruleName"]
        for v in violations
        for construct in v["violatingConstructs"]
        if construct["constructPath"] == "XgboostTuningExample/Careless/Resource"
    }
    assert {"AwsSolutions-S1", "AwsSolutions-S10"} <= careless


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> tuple[cdk.Stack, dict[str, Any]]:
    """GIVEN a typed-API job (S3 inputs, KMS-encrypted output, VPC, spot with checkpoints), synthesized once."""
    outdir = tmp_path_factory.mktemp("nag-typed")
    app = nag_app(outdir)
    stack = typed_stack(app)
    app.synth()  # raises "Validation failed" on any unacknowledged finding
    return stack, aws_solutions_report(outdir)


def test_typed_stack_has_no_unacknowledged_findings(typed: tuple[cdk.Stack, dict[str, Any]]) -> None:
    _, report = typed
    assert report["conclusion"] == "success"
    assert report["violations"] == []


def test_typed_stack_acknowledgments_are_the_execution_roles_reviewed_wildcards(
    typed: tuple[cdk.Stack, dict[str, Any]],
) -> None:
    stack, report = typed
    # THEN beyond the provider's, only the created execution role's policy has acknowledged findings,
    # each with its reason: the data prefixes, CDK grants' action families, the log group's streams, '*'
    on_role = {
        finding["ruleName"]: finding["reason"]
        for finding in report["suppressedViolations"]
        if any(
            c["constructPath"] == "TypedTuning/Tuning/Role/DefaultPolicy/Resource"
            for c in finding["violatingConstructs"]
        )
    }
    others = {
        construct["constructPath"]
        for finding in report["suppressedViolations"]
        for construct in finding["violatingConstructs"]
        if not construct["constructPath"].startswith("TypedTuning/SageMakerTuningJobProvider/")
    }
    assert others == {"TypedTuning/Tuning/Role/DefaultPolicy/Resource"}
    data = f"<{stack.get_logical_id(stack.node.find_child('Data').node.default_child)}.Arn>"
    assert {
        f"AwsSolutions-IAM5[Resource::{data}/data/train/*]",
        f"AwsSolutions-IAM5[Resource::{data}/data/validation/*]",
        f"AwsSolutions-IAM5[Resource::{data}/models/*]",
        f"AwsSolutions-IAM5[Resource::{data}/checkpoints/*]",
        "AwsSolutions-IAM5[Resource::*]",
        "AwsSolutions-IAM5[Action::kms:GenerateDataKey*]",
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-interface/*]",
        "AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:security-group/*]",
    } <= set(on_role)
    # AND S3 reading names no action family any more (s3:GetObject and a prefix-conditioned s3:ListBucket)
    read_families = ("Action::s3:GetObject*", "Action::s3:List*", "Action::s3:GetBucket*")
    assert not any(family in rule for rule in on_role for family in read_families)
    assert all(rule.startswith("AwsSolutions-IAM5[") for rule in on_role)
    assert all(len(reason) > 40 for reason in on_role.values())


def test_a_typed_stack_with_an_explicit_account_and_region_has_no_unacknowledged_findings(
    tmp_path: Path,
) -> None:
    # GIVEN the typed stack with an explicit account and region, where ARNs resolve to literals
    app = nag_app(tmp_path)
    stack = typed_stack(app, env=ENV)
    # WHEN it is synthesized with the AwsSolutions pack (synth raises on an unacknowledged finding)
    app.synth()
    report = aws_solutions_report(tmp_path)
    # THEN the execution role's acknowledgements matched its literal ARNs too
    assert report["conclusion"] == "success"
    assert report["violations"] == []
    role_policy = f"{stack.stack_name}/Tuning/Role/DefaultPolicy/Resource"
    on_role = [
        finding["ruleName"]
        for finding in report["suppressedViolations"]
        if any(c["constructPath"] == role_policy for c in finding["violatingConstructs"])
    ]
    assert f"AwsSolutions-IAM5[Resource::arn:aws:logs:{ENV.region}:{ENV.account}:log-group:" in " ".join(
        on_role
    )


def test_a_wildcard_added_to_the_created_role_by_the_user_is_still_reported(tmp_path: Path) -> None:
    # GIVEN the typed stack, and a wildcard action the user adds to the job's created role
    app = nag_app(tmp_path)
    stack = typed_stack(app)
    job = stack.node.find_child("Tuning")
    assert isinstance(job, HyperParameterTuningJob)
    job.role.add_to_principal_policy(
        iam.PolicyStatement(actions=["sqs:*"], resources=[stack.format_arn(service="sqs", resource="queue")])
    )

    # WHEN / THEN synthesis fails on exactly that finding
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    violations = {v["ruleName"] for v in aws_solutions_report(tmp_path)["violations"]}
    assert violations == {"AwsSolutions-IAM5[Action::sqs:*]"}
