"""A stack of 400 tuning jobs: what issue 9 asked to stay possible once outputs are optional."""

from __future__ import annotations

from collections import Counter

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from cdk_sagemaker_tuning import RESOURCE_TYPE, HyperParameterTuningJob
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
