"""Parameter ranges render the API's ParameterRanges; what SageMaker allows is checked on the request.

The classes check Python types where they are created; limits and cross-field rules (min below max,
scaling that fits the values, distinct values) come from validation/, the same for ``from_request``, and
each finding names ``parameter_ranges[n]``.
"""

import pytest
from aws_cdk import Stack, Token

from cdk_sagemaker_tuning import TuningJobValidationError
from cdk_sagemaker_tuning.typed.parameters import (
    AutoParameter,
    CategoricalParameter,
    ContinuousParameter,
    IntegerParameter,
    ScalingType,
)
from tests.problems import raises_problem
from tests.samples import custom_training, typed_request

RANGES = "HyperParameterTuningJobConfig.ParameterRanges"


def rendered(*ranges) -> dict:
    request = typed_request(parameter_ranges=list(ranges), autotune=None, training_props=custom_training())
    return request["HyperParameterTuningJobConfig"].get("ParameterRanges", {})


def problems(*ranges) -> str:
    with pytest.raises(TuningJobValidationError) as error:
        typed_request(parameter_ranges=list(ranges), training_props=custom_training())
    return str(error.value)


def test_every_kind_of_range_renders_into_its_own_list_with_string_values():
    # GIVEN one range of each kind, WHEN rendered
    ranges = rendered(
        ContinuousParameter("eta", 0.1, 0.5),
        IntegerParameter("max_depth", 3, 10, scaling=ScalingType.LINEAR),
        CategoricalParameter("booster", ["gbtree", "dart"]),
        AutoParameter("alpha", value_hint="0.5"),
    )
    # THEN
    assert ranges == {
        "IntegerParameterRanges": [
            {"Name": "max_depth", "MinValue": "3", "MaxValue": "10", "ScalingType": "Linear"}
        ],
        "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5"}],
        "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}],
        "AutoParameters": [{"Name": "alpha", "ValueHint": "0.5"}],
    }


def test_empty_kinds_are_omitted_and_order_is_kept():
    assert rendered(ContinuousParameter("b", 0, 1), ContinuousParameter("a", 1e-5, 2.0)) == {
        "ContinuousParameterRanges": [
            {"Name": "b", "MinValue": "0", "MaxValue": "1"},
            {"Name": "a", "MinValue": "1e-05", "MaxValue": "2.0"},
        ]
    }
    assert rendered() == {}


def test_categorical_numbers_booleans_and_auto_hints_render_as_api_strings():
    ranges = rendered(
        CategoricalParameter("x", [1, 2.5, True, False]), AutoParameter("num_round", value_hint=100)
    )
    assert ranges["CategoricalParameterRanges"] == [{"Name": "x", "Values": ["1", "2.5", "true", "false"]}]
    assert ranges["AutoParameters"] == [{"Name": "num_round", "ValueHint": "100"}]


def test_every_scaling_type_renders_its_api_name():
    assert [s.value for s in ScalingType] == ["Auto", "Linear", "Logarithmic", "ReverseLogarithmic"]
    ranges = rendered(ContinuousParameter("lr", 0.0, 0.99, scaling=ScalingType.REVERSE_LOGARITHMIC))
    assert ranges["ContinuousParameterRanges"][0]["ScalingType"] == "ReverseLogarithmic"


def test_token_bounds_skip_comparisons_and_render_as_is():
    # GIVEN a bound known only at deploy time, WHEN the other bound would be "smaller" as a string
    stack = Stack()
    low = Token.as_string({"Ref": "Low"})
    high = Token.as_number({"Ref": "MaxDepth"})
    ranges = rendered(IntegerParameter("depth", low, 1), ContinuousParameter("eta", high, 0.5))
    # THEN nothing is compared and the tokens resolve to their references (a number token is not mangled)
    assert ranges["IntegerParameterRanges"][0]["MinValue"] == {"Ref": "Low"}
    assert ranges["ContinuousParameterRanges"][0]["MinValue"] == {"Ref": "MaxDepth"}
    assert stack.resolve(ranges["IntegerParameterRanges"][0]["MaxValue"]) == "1"


def test_min_above_max_is_reported_naming_the_prop_and_both_values():
    message = problems(IntegerParameter("depth", 3, 10), ContinuousParameter("eta", 0.5, 0.1))
    assert (
        f"{RANGES}.ContinuousParameterRanges[0].MinValue (parameter_ranges[1].min_value): '0.5' must be less than MaxValue '0.1'"
        in message
    )


def test_min_equal_to_max_is_an_error_suggesting_a_static_hyperparameter():
    # GIVEN a one-value range, which SageMaker refuses (aws/amazon-sagemaker-feedback#195)
    message = problems(IntegerParameter("depth", 5, 5))
    # THEN
    assert (
        "(parameter_ranges[0].min_value): '5' must be less than MaxValue '5'; for a fixed value use a static hyperparameter"
        in message
    )


def test_integer_parameter_rejects_floats_and_bools():
    with raises_problem("prop-type", r"IntegerParameter .depth.: .max_value. 10\.5 is not an integer"):
        IntegerParameter("depth", 3, 10.5)  # type: ignore[arg-type]
    with raises_problem("prop-type", "'min_value' True is not an integer"):
        IntegerParameter("depth", True, 3)


def test_continuous_parameter_rejects_non_finite_and_non_numbers():
    with raises_problem("prop-value", "'max_value' inf is not a finite number"):
        ContinuousParameter("eta", 0, float("inf"))
    with raises_problem("prop-type", r"'min_value' '0.1' is not a number"):
        ContinuousParameter("eta", "0.1", 0.5)


def test_logarithmic_scaling_needs_a_positive_range():
    message = problems(IntegerParameter("n", 0, 10, scaling=ScalingType.LOGARITHMIC))
    assert (
        "(parameter_ranges[0].min_value): '0' is not greater than 0: Logarithmic scaling needs values > 0"
        in message
    )


def test_reverse_logarithmic_is_for_continuous_ranges_within_zero_and_one():
    message = problems(
        IntegerParameter("n", 0, 1, scaling=ScalingType.REVERSE_LOGARITHMIC),
        ContinuousParameter("m", 0.5, 1.0, scaling=ScalingType.REVERSE_LOGARITHMIC),
    )
    assert (
        "IntegerParameterRanges[0].ScalingType (parameter_ranges[0]): 'ReverseLogarithmic' is only for continuous"
        in message
    )
    assert (
        "ContinuousParameterRanges[0].MaxValue (parameter_ranges[1].max_value): '1.0' is not below 1"
        in message
    )


def test_scaling_must_be_the_enum():
    with raises_problem("prop-type", "'scaling' must be a ScalingType, got 'Linear'"):
        ContinuousParameter("eta", 0, 1, scaling="Linear")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("values", "found"),
    [
        ([], "has 0 items, fewer than the minimum of 1"),
        ([str(i) for i in range(31)], "has 31 items, more than the maximum of 30"),
    ],
)
def test_categorical_takes_one_to_thirty_values_from_the_model(values, found):
    assert f"CategoricalParameterRanges[0].Values (parameter_ranges[0]): {found}" in problems(
        CategoricalParameter("c", values)
    )


def test_categorical_rejects_a_plain_string_and_reports_duplicates():
    with raises_problem("prop-type", "'values' must be a list"):
        CategoricalParameter("c", "gbtree")
    assert "(parameter_ranges[0]): lists '1' more than once" in problems(CategoricalParameter("c", [1, "1"]))


def test_names_are_strings_and_their_length_comes_from_the_model():
    with raises_problem("prop-type", "'name' must be a string, got None"):
        ContinuousParameter(None, 0, 1)  # type: ignore[arg-type]
    message = problems(ContinuousParameter("x" * 257, 0, 1))
    assert "ContinuousParameterRanges[0].Name (parameter_ranges[0]): " in message
    assert "longer than the maximum of 256" in message


def test_auto_parameter_rejects_bool_hint():
    with raises_problem("prop-type", "'value_hint' must be a string or a number, got True"):
        AutoParameter("a", value_hint=True)  # type: ignore[arg-type]


def test_non_range_items_and_non_lists_are_rejected():
    with raises_problem("prop-type", r"'parameter_ranges\[0\]' must be a ContinuousParameter"):
        typed_request(parameter_ranges=[{"Name": "eta"}])
    with raises_problem("prop-type", "must be a list of parameter ranges"):
        typed_request(parameter_ranges=ContinuousParameter("eta", 0, 1))


def test_more_than_thirty_ranges_of_one_kind_is_reported_from_the_model():
    message = problems(*(IntegerParameter(f"p{i}", 0, 1) for i in range(31)))
    assert (
        f"{RANGES}.IntegerParameterRanges (parameter_ranges): has 31 items, more than the maximum of 30"
        in message
    )
