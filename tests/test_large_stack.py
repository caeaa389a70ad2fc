"""Large stacks: 400 tuning jobs (issue 9), and 100 awaited ones (issue 17) within CloudFormation's and
Lambda's quotas."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from cdk_sagemaker_tuning import RESOURCE_TYPE, HyperParameterTuningJob, TuningJobWait
from tests.nag.test_aws_solutions import nag_app
from tests.samples import xgboost_request

JOBS = 400
#: CloudFormation's quotas per stack.
MAX_RESOURCES = 500
MAX_OUTPUTS = 200


def test_a_stack_of_400_jobs_without_outputs_stays_within_cloudformations_quotas() -> None:
    # GIVEN 400 jobs declared from requests, with the per-job ARN output turned off
    app = cdk.App()
    stack = cdk.Stack(app, "Many")
    bucket = s3.Bucket(stack, "Data")
    role = iam.Role(stack, "TrainingRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    for index in range(JOBS):
        HyperParameterTuningJob.from_request(
            stack,
            f"Job{index}",
            request=xgboost_request(role.role_arn, bucket.s3_url_for_object(f"out/{index}")),
            arn_output=False,
        )
    # WHEN the app is synthesized
    template = app.synth().get_stack_by_name("Many").template
    # THEN every job is there, sharing one function, with no output and room to spare in the stack
    types = Counter(resource["Type"] for resource in template["Resources"].values())
    assert types[RESOURCE_TYPE] == JOBS
    assert types["AWS::Lambda::Function"] == 1
    assert len(template["Resources"]) <= MAX_RESOURCES
    assert len(template.get("Outputs", {})) == 0 < MAX_OUTPUTS


AWAITED_JOBS = 100
#: Lambda's limit on a function's resource-based policy.
MAX_RESOURCE_POLICY_BYTES = 20 * 1024
#: The longest ARNs a permission statement can hold: a function's (Lambda's limit) and a rule's
#: (``arn:<partition>:events:<region>:<account>:rule/`` and EventBridge's 64-character rule names).
LONGEST_FUNCTION_ARN = 140
LONGEST_RULE_ARN = len("arn:aws-us-gov:events:us-gov-west-1:123456789012:rule/") + 64


def resource_policy_statement_bytes() -> int:
    """The most one AddPermission statement (principal and source ARN) takes in the function's policy."""
    statement = {
        "Sid": "x" * 100,  # CloudFormation names it after the logical id and a suffix
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": "lambda:InvokeFunction",
        "Resource": "a" * LONGEST_FUNCTION_ARN,
        "Condition": {"ArnLike": {"AWS:SourceArn": "r" * LONGEST_RULE_ARN}},
    }
    return len(json.dumps(statement))


@pytest.mark.cdk_nag
def test_a_stack_of_100_awaited_jobs_has_one_rule_and_one_permission_for_them_all(tmp_path: Path) -> None:
    # GIVEN 100 jobs awaited by TuningJobWait.for_completion, in an app checked by cdk-nag's AwsSolutions
    app = nag_app(tmp_path)
    stack = cdk.Stack(app, "ManyAwaited")
    bucket = s3.Bucket(stack, "Data", enforce_ssl=True, server_access_logs_prefix="logs/")
    role = iam.Role(stack, "TrainingRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    wait = TuningJobWait.for_completion(timeout=cdk.Duration.hours(8))
    for index in range(AWAITED_JOBS):
        HyperParameterTuningJob.from_request(
            stack,
            f"Job{index}",
            request=xgboost_request(role.role_arn, bucket.s3_url_for_object(f"out/{index}")),
            arn_output=False,
            wait=wait,
        )
    cdk.Validations.of(role).acknowledge(
        cdk.Acknowledgment(id="AwsSolutions::AwsSolutions-IAM5", reason="the test's own training role")
    )
    # WHEN the app is synthesized (cdk-nag fails the synth on any unacknowledged finding; the suite's
    # cfn-lint plugin lints the template)
    template = app.synth().get_stack_by_name("ManyAwaited").template
    # THEN within CloudFormation's 500 resources
    types = Counter(resource["Type"] for resource in template["Resources"].values())
    assert types[RESOURCE_TYPE] == AWAITED_JOBS
    assert len(template["Resources"]) <= MAX_RESOURCES
    # AND one rule on state changes (plus the reconciler's), one permission each: the function's resource
    # policy does not grow with the awaited jobs
    assert types["AWS::Events::Rule"] == 2
    assert types["AWS::Lambda::Permission"] == 2
    assert types["AWS::Lambda::Permission"] * resource_policy_statement_bytes() < MAX_RESOURCE_POLICY_BYTES
