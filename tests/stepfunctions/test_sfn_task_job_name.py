"""A Step Functions task's job name comes from the execution (issue 20, item 4): SageMaker's tuning job
names are unique per account and region, so a name fixed at synth or deploy time fails on the second run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aws_cdk import Aws
from aws_cdk import aws_stepfunctions as sfn

from cdk_sagemaker_tuning import SageMakerCreateHyperParameterTuningJob, TuningJobValidationError
from tests.samples import xgboost_request
from tests.stepfunctions.sfn_task_support import new_stack
from tests.stepfunctions.test_sfn_task_rendering import typed_task

FIXED: list[tuple[str, Callable[[], Any]]] = [
    ("a literal", lambda: "churn-weekly"),
    ("a deploy-time token", lambda: f"{Aws.STACK_NAME}-churn"),
]
PER_RUN: list[tuple[str, Callable[[], Any]]] = [
    ("a JSONPath reference", lambda: sfn.JsonPath.string_at("$.JobName")),
    (
        "a formatted name",
        lambda: sfn.JsonPath.format("churn-{}", sfn.JsonPath.string_at("$$.Execution.Name")),
    ),
    ("a literal start and a reference", lambda: "churn-" + sfn.JsonPath.string_at("$.Week")),
    ("a JSONata expression", lambda: "{% 'churn-' & $states.context.Execution.Name %}"),
]


@pytest.mark.parametrize("name", [pytest.param(n, id=i) for i, n in FIXED])
def test_a_fixed_name_is_refused_on_the_typed_task(name: Callable[[], Any]) -> None:
    with pytest.raises(TuningJobValidationError) as error:
        typed_task(new_stack(), tuning_job_name=name())
    message = str(error.value)
    assert "HyperParameterTuningJobName (tuning_job_name): " in message
    assert "is the same on every run of the state machine" in message and "sfn.JsonPath.format(" in message


@pytest.mark.parametrize("name", [pytest.param(n, id=i) for i, n in FIXED])
def test_a_fixed_name_is_refused_on_a_raw_request(name: Callable[[], Any]) -> None:
    request = xgboost_request(HyperParameterTuningJobName=name())
    with pytest.raises(
        TuningJobValidationError, match=r"HyperParameterTuningJobName: .* is the same on every run"
    ):
        SageMakerCreateHyperParameterTuningJob.from_request(new_stack(), "Tune", request=request)


@pytest.mark.parametrize("name", [pytest.param(n, id=i) for i, n in PER_RUN])
def test_a_name_from_the_execution_is_accepted(name: Callable[[], Any]) -> None:
    typed_task(new_stack(), tuning_job_name=name())
    request = xgboost_request(HyperParameterTuningJobName=name())
    SageMakerCreateHyperParameterTuningJob.from_request(new_stack(), "Tune", request=request)


def test_a_fixed_name_is_refused_together_with_the_other_errors() -> None:
    with pytest.raises(TuningJobValidationError) as error:
        typed_task(new_stack(), tuning_job_name="churn-weekly", max_parallel_training_jobs=0)
    assert "2 problems" in str(error.value)
