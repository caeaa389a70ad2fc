"""TuningObjective renders the API's HyperParameterTuningJobObjective."""

import pytest
from aws_cdk import Token

from cdk_sagemaker_tuning.typed.objective import ObjectiveType, TuningObjective
from tests.problems import raises_problem
from tests.samples import typed_request


def test_maximize_renders_type_and_metric_name():
    # GIVEN / WHEN
    objective = TuningObjective.maximize("validation:auc")
    # THEN
    assert typed_request(objective=objective)["HyperParameterTuningJobConfig"][
        "HyperParameterTuningJobObjective"
    ] == {"Type": "Maximize", "MetricName": "validation:auc"}


def test_minimize_renders_type_and_metric_name():
    assert typed_request(objective=TuningObjective.minimize("validation:rmse"))[
        "HyperParameterTuningJobConfig"
    ]["HyperParameterTuningJobObjective"] == {
        "Type": "Minimize",
        "MetricName": "validation:rmse",
    }


def test_metric_name_may_be_a_token():
    # GIVEN a metric name known only at deploy time
    name = Token.as_string({"Ref": "MetricParam"})
    # WHEN / THEN it is kept as is
    assert typed_request(objective=TuningObjective.maximize(name))["HyperParameterTuningJobConfig"][
        "HyperParameterTuningJobObjective"
    ]["MetricName"] == {"Ref": "MetricParam"}


@pytest.mark.parametrize("bad", [None, 3])
def test_a_metric_name_that_is_not_a_string_is_rejected(bad):
    with raises_problem("prop-type", "'metric_name' must be a string"):
        TuningObjective.minimize(bad)


def test_an_empty_metric_name_is_reported_from_the_model_against_the_objective():
    from tests.samples import findings

    message = findings(objective=TuningObjective.minimize(""))
    assert "HyperParameterTuningJobObjective.MetricName (objective): '' is 0 characters long" in message


def test_objective_type_must_be_the_enum():
    with raises_problem("prop-type", r"'objective_type'.*got 'Maximize'"):
        TuningObjective("Maximize", "m")  # type: ignore[arg-type]
    assert (
        typed_request(objective=TuningObjective(ObjectiveType.MINIMIZE, "validation:rmse"))[
            "HyperParameterTuningJobConfig"
        ]["HyperParameterTuningJobObjective"]["Type"]
        == "Minimize"
    )
