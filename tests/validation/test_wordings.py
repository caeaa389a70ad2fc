"""Issue 20, item 5: the wordings a user met that pointed the wrong way, each as it now reads."""

from __future__ import annotations

import re

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_iam as iam

from cdk_sagemaker_tuning import (
    HyperParameterTuningJob,
    TrainingJobDefinition,
    TuningJobValidationError,
    TuningStrategy,
    validate_request,
)
from cdk_sagemaker_tuning.validation.structural import input_shape
from tests.samples import findings, typed_job, xgboost_request

EAST = Environment(account="123456789012", region="us-east-1")


def _instance_type_errors(instance_type: str) -> list[str]:
    request = xgboost_request()
    request["TrainingJobDefinition"]["ResourceConfig"]["InstanceType"] = instance_type
    return [str(error) for error in validate_request(request).errors]


def test_an_instance_type_without_ml_is_offered_the_type_with_ml() -> None:
    # WHEN a typed user gives EC2's name of the type THEN the suggestion is that type, not a look-alike
    message = findings(training_props={"instance_type": "m5.xlarge"})
    assert "(training.instance_type): 'm5.xlarge' is not one of" in message
    assert "did you mean 'ml.m5.xlarge'?" in message
    # AND a raw request alike
    [error] = _instance_type_errors("p3.2xlarge")
    assert error.endswith("did you mean 'ml.p3.2xlarge'?")


def test_a_misspelt_instance_type_with_ml_still_gets_the_nearest() -> None:
    [error] = _instance_type_errors("ml.m5.xlarg")
    assert error.endswith("did you mean 'ml.m5.xlarge'?")


def test_a_misspelt_enum_without_a_shared_prefix_still_gets_the_nearest() -> None:
    request = xgboost_request()
    request["HyperParameterTuningJobConfig"]["Strategy"] = "Bayesan"
    [error] = [str(error) for error in validate_request(request).errors]
    assert error.endswith("did you mean 'Bayesian'?")


def test_clashing_names_are_reported_under_each_stack_s_path_not_an_empty_one() -> None:
    # GIVEN two stacks of one place, each with a job named churn-1
    app = App()
    typed_job(Stack(app, "First", env=EAST), tuning_job_name="churn-1")
    typed_job(Stack(app, "Second", env=EAST), tuning_job_name="churn-1")

    # WHEN the app is synthesized
    with pytest.raises(RuntimeError) as raised:
        app.synth()

    # THEN each stack reports the clash under its own path, with the check's id, and nothing under "[]"
    lines = [line.strip() for line in str(raised.value).splitlines() if "churn-1" in line]
    assert [re.match(r"\[([^\]]*)\]", line)[1] for line in lines] == ["First", "Second"]  # type: ignore[index]
    assert all(line.endswith("[unique-job-names]") for line in lines)
    assert "[] " not in str(raised.value)


def test_hyperband_with_early_stopping_tells_a_typed_user_the_typed_names() -> None:
    # WHEN a typed job asks for early stopping with Hyperband
    message = findings(strategy=TuningStrategy.hyperband(max_resource=10), early_stopping=True)

    # THEN the message is in the typed API's words, not the API's value to use
    assert (
        "(early_stopping): early_stopping=True is not allowed with TuningStrategy.hyperband(), which stops "
        "jobs early itself; leave early_stopping unset or give early_stopping=False [hyperband]"
    ) in message
    assert "'Off'" not in message


def test_hyperband_with_early_stopping_tells_a_raw_request_the_api_value() -> None:
    request = xgboost_request()
    config = request["HyperParameterTuningJobConfig"]
    config["Strategy"] = "Hyperband"
    config["StrategyConfig"] = {"HyperbandStrategyConfig": {"MaxResource": 10}}
    config["TrainingJobEarlyStoppingType"] = "Auto"
    errors = [str(error) for error in validate_request(request).errors]
    assert (
        "HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType: 'Auto' is not allowed with Hyperband, "
        "which stops jobs early itself; use 'Off'"
    ) in errors


def test_a_role_object_in_a_raw_request_is_told_to_use_its_role_arn() -> None:
    # GIVEN a Role construct where the request takes the role's ARN
    stack = Stack(App(), "Raw", env=EAST)
    role = iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))

    # WHEN the job is declared
    with pytest.raises(TuningJobValidationError) as raised:
        HyperParameterTuningJob.from_request(stack, "Job", request=xgboost_request(role_arn=role))  # type: ignore[arg-type]

    # THEN the finding says to give its role_arn
    [problem] = raised.value.problems
    assert problem.path == "TrainingJobDefinition.RoleArn"
    assert problem.message.endswith("must be a string (it is a role object: give its .role_arn)")


def test_the_environment_doc_states_the_limit_the_synth_checks() -> None:
    # GIVEN the model's maximum number of environment variables, which the synth applies
    limit = input_shape().members["TrainingJobDefinition"].members["Environment"].metadata["max"]
    doc = " ".join((TrainingJobDefinition.__doc__ or "").split())

    # THEN the environment prop's doc states that number and names where it comes from
    assert f":param environment: environment variables of the training container, up to {limit}:" in doc
    assert "HyperParameterTrainingJobEnvironmentMap" in doc
    # AND one variable more is refused at synth
    request = xgboost_request()
    request["TrainingJobDefinition"]["Environment"] = {f"VAR_{index}": "x" for index in range(limit + 1)}
    assert any(
        error.path == "TrainingJobDefinition.Environment"
        and f"more than the maximum of {limit}" in error.message
        for error in validate_request(request).errors
    )
