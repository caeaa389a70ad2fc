"""A string given where the typed API takes a construct reference: the prop and the import are named."""

from __future__ import annotations

import re
from typing import Any

from aws_cdk import App, Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from cdk_sagemaker_tuning import BuiltInAlgorithm, TrainingAlgorithm, TrainingJobDefinition, TrainingOutput
from tests.problems import raises_problem

ROLE_ARN = "arn:aws:iam::123456789012:role/TrainingRole"
KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def definition(**props: Any) -> TrainingJobDefinition:
    bucket = s3.Bucket(Stack(App(), "Refs"), "Data")
    return TrainingJobDefinition(
        algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST), output=TrainingOutput(bucket), **props
    )


def test_a_role_arn_string_names_the_prop_and_role_from_role_arn() -> None:
    # WHEN the role is given as the ARN string the SageMaker API takes
    with raises_problem("prop-type") as error:
        definition(role=ROLE_ARN)

    # THEN a ValueError (not an AttributeError) names the prop, the value and how to import the role
    [problem] = error.value.problems
    assert problem.prop == "role"
    assert str(problem) == (
        f"TrainingJobDefinition: 'role' must be an iam.IRole, got the string '{ROLE_ARN}': to use an existing "
        f"one, pass iam.Role.from_role_arn(self, '<id>', '{ROLE_ARN}')"
    )


def test_a_key_arn_string_names_kms_key_from_key_arn() -> None:
    with raises_problem("prop-type", re.escape(f"kms.Key.from_key_arn(self, '<id>', '{KEY_ARN}')")):
        definition(volume_encryption_key=KEY_ARN)


def test_another_object_is_named_with_the_expected_type() -> None:
    with raises_problem("prop-type", r"'role' must be an iam.IRole, got 42"):
        definition(role=42)


def test_imported_references_are_accepted() -> None:
    stack = Stack(App(), "Imports")
    role = iam.Role.from_role_arn(stack, "Role", ROLE_ARN)
    key = kms.Key.from_key_arn(stack, "Key", KEY_ARN)
    assert definition(role=role, volume_encryption_key=key).role is role
