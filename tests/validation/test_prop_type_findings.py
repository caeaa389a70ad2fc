"""Findings of typed props (Python types, the name prefix) carry an id, like the request's findings."""

from __future__ import annotations

import pytest
from aws_cdk import App, Environment, Stack

from cdk_sagemaker_tuning import TuningJobValidationError
from cdk_sagemaker_tuning.resource.naming import RULE as NAME_PREFIX_RULE
from cdk_sagemaker_tuning.typed.prop_types import TYPE_RULE
from tests.samples import findings, typed_job


def test_a_prop_of_the_wrong_type_is_a_finding_with_the_prop_type_id() -> None:
    # GIVEN a stack
    stack = Stack(App(), "Typed", env=Environment(account="123456789012", region="us-east-1"))

    # WHEN two job props have the wrong Python type
    with pytest.raises(TuningJobValidationError) as raised:
        typed_job(stack, max_runtime=3600, early_stopping="yes")

    # THEN one error lists both, each naming its prop, the value and what is allowed, with the rule's id
    problems = raised.value.problems
    assert [(p.prop, p.rule, p.level) for p in problems] == [
        ("max_runtime", TYPE_RULE, "error"),
        ("early_stopping", TYPE_RULE, "error"),
    ]
    assert str(problems[0]) == "'max_runtime' must be a Duration (Duration.hours(6)), got 3600"
    assert f"'early_stopping' must be True or False, got 'yes' [{TYPE_RULE}]" in str(raised.value)


def test_the_error_is_still_a_value_error() -> None:
    # Code written against earlier versions catches ValueError: TuningJobValidationError is one.
    assert issubclass(TuningJobValidationError, ValueError)


def test_a_name_prefix_finding_has_its_id() -> None:
    # WHEN the prefix breaks SageMaker's name pattern THEN its line ends with the id of its check
    message = findings(tuning_job_name_prefix="churn_model")
    assert "'churn_model' is not a valid name prefix" in message
    assert message.rstrip().endswith(f"[{NAME_PREFIX_RULE}]")
