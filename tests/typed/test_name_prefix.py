"""``tuning_job_name_prefix``: generated names that start with the user's prefix (typed and from_request)."""

from __future__ import annotations

import re

import pytest
from aws_cdk import App, Aws, Environment, Stack
from aws_cdk.assertions import Template

from cdk_sagemaker_tuning import RESOURCE_TYPE, HyperParameterTuningJob, TuningJobValidationError
from cdk_sagemaker_tuning._handler import contract
from tests.samples import findings, typed_job, xgboost_request

ENV = Environment(account="123456789012", region="us-east-1")


def new_stack() -> Stack:
    return Stack(App(), "Named", env=ENV)


def resource_properties(stack: Stack) -> dict[str, object]:
    [resource] = Template.from_stack(stack).find_resources(RESOURCE_TYPE).values()
    properties: dict[str, object] = resource["Properties"]
    return properties


def test_typed_prefix_reaches_the_handler_outside_the_request() -> None:
    # GIVEN
    stack = new_stack()

    # WHEN
    typed_job(stack, tuning_job_name_prefix="churn-xgb")

    # THEN the handler reads it from its own property; the request has no name, so one is generated
    properties = resource_properties(stack)
    assert properties[contract.PROP_NAME_PREFIX] == "churn-xgb"
    assert "HyperParameterTuningJobName" not in properties["Request"]  # type: ignore[operator]


def test_from_request_takes_the_prefix_too() -> None:
    stack = new_stack()
    HyperParameterTuningJob.from_request(
        stack, "Raw", request=xgboost_request(), tuning_job_name_prefix="raw-1"
    )
    assert resource_properties(stack)[contract.PROP_NAME_PREFIX] == "raw-1"


def test_without_a_prefix_the_property_is_absent() -> None:
    stack = new_stack()
    typed_job(stack)
    assert contract.PROP_NAME_PREFIX not in resource_properties(stack)


def test_longest_prefix_is_accepted() -> None:
    stack = new_stack()
    typed_job(stack, tuning_job_name_prefix="p" * contract.MAX_NAME_PREFIX_LENGTH)
    assert resource_properties(stack)[contract.PROP_NAME_PREFIX] == "p" * 21


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        (
            "churn_xgb",
            r"'churn_xgb' is not a valid name prefix: use 1 to 21 letters, digits and hyphens \(no underscores\)",
        ),
        (
            "p" * 22,
            r"is not a valid name prefix: use 1 to 21 .*leave 21 before the generated '-' and 10-character suffix",
        ),
        ("churn-", r"'churn-' is not a valid name prefix"),
        (
            f"{Aws.STACK_NAME}_xgb",
            r"the name prefix is built from tokens and its literal parts \('_xgb'\) hold '_'",
        ),
    ],
)
def test_invalid_prefix_fails_at_synth_naming_the_prop(prefix: str, expected: str) -> None:
    message = findings(tuning_job_name_prefix=prefix)
    assert "NamePrefix (tuning_job_name_prefix): " in message
    assert re.search(expected, message)


def test_prefix_and_fixed_name_are_mutually_exclusive_typed() -> None:
    message = findings(tuning_job_name_prefix="churn", tuning_job_name="churn-1")
    assert "(tuning_job_name_prefix): 'churn' is given with a fixed name" in message


def test_prefix_and_fixed_name_are_mutually_exclusive_from_request() -> None:
    with pytest.raises(TuningJobValidationError, match="is given with a fixed name"):
        HyperParameterTuningJob.from_request(
            new_stack(),
            "Raw",
            request=xgboost_request(HyperParameterTuningJobName="raw-1"),
            tuning_job_name_prefix="raw",
        )


def test_an_override_that_fixes_the_name_of_a_prefixed_job_fails_unapplied() -> None:
    # GIVEN a job with a prefix
    job = typed_job(new_stack(), tuning_job_name_prefix="churn")

    # WHEN an override adds a fixed name, THEN it fails and the request keeps no name
    with pytest.raises(TuningJobValidationError, match="is given with a fixed name"):
        job.add_request_override("HyperParameterTuningJobName", "churn-1")
    assert "HyperParameterTuningJobName" not in job.request
