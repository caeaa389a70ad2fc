"""Parameter ranges render the API's ParameterRanges; bad ranges fail with a message naming the field."""

import pytest
from aws_cdk import Stack, Token

from cdk_sagemaker_tuning.parameters import (
    AutoParameter,
    CategoricalParameter,
    ContinuousParameter,
    IntegerParameter,
    ScalingType,
    render_parameter_ranges,
)


def test_every_kind_of_range_renders_into_its_own_list_with_string_values():
    # GIVEN one range of each kind
    ranges = [
        ContinuousParameter("eta", 0.1, 0.5),
        IntegerParameter("max_depth", 3, 10, scaling=ScalingType.LINEAR),
        CategoricalParameter("booster", ["gbtree", "dart"]),
        AutoParameter("alpha", value_hint="0.5"),
    ]
    # WHEN
    rendered = render_parameter_ranges(ranges)
    # THEN
    assert rendered == {
        "IntegerParameterRanges": [
            {"Name": "max_depth", "MinValue": "3", "MaxValue": "10", "ScalingType": "Linear"}
        ],
        "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5"}],
        "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}],
        "AutoParameters": [{"Name": "alpha", "ValueHint": "0.5"}],
    }


def test_empty_lists_are_omitted_and_order_is_kept():
    rendered = render_parameter_ranges([ContinuousParameter("b", 0, 1), ContinuousParameter("a", 1e-5, 2.0)])
    assert rendered == {
        "ContinuousParameterRanges": [
            {"Name": "b", "MinValue": "0", "MaxValue": "1"},
            {"Name": "a", "MinValue": "1e-05", "MaxValue": "2.0"},
        ]
    }
    assert render_parameter_ranges([]) == {}


def test_categorical_numbers_and_booleans_render_as_api_strings():
    assert CategoricalParameter("x", [1, 2.5, True, False])._render() == {
        "Name": "x",
        "Values": ["1", "2.5", "true", "false"],
    }


def test_auto_parameter_number_hint_renders_as_string():
    assert AutoParameter("num_round", value_hint=100)._render() == {"Name": "num_round", "ValueHint": "100"}


def test_every_scaling_type_renders_its_api_name():
    assert [s.value for s in ScalingType] == ["Auto", "Linear", "Logarithmic", "ReverseLogarithmic"]
    assert (
        ContinuousParameter("lr", 0.0, 0.99, scaling=ScalingType.REVERSE_LOGARITHMIC)._render()["ScalingType"]
        == "ReverseLogarithmic"
    )


def test_token_bounds_skip_comparisons_and_render_as_is():
    # GIVEN bounds known only at deploy time
    low = Token.as_string({"Ref": "Low"})
    # WHEN the other bound would be "smaller" as a string
    rendered = IntegerParameter("depth", low, 1)._render()
    # THEN nothing is compared and the token is kept
    assert rendered == {"Name": "depth", "MinValue": low, "MaxValue": "1"}


def test_min_above_max_is_rejected_naming_both_values():
    with pytest.raises(
        ValueError,
        match=r"ContinuousParameter 'eta': 'min_value' \(0.5\) must not be greater than 'max_value' \(0.1\)",
    ):
        ContinuousParameter("eta", 0.5, 0.1)


def test_integer_parameter_rejects_floats_and_bools():
    with pytest.raises(
        ValueError, match=r"IntegerParameter .depth.: .max_value. must be an integer, got 10\.5"
    ):
        IntegerParameter("depth", 3, 10.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'min_value' must be an integer, got True"):
        IntegerParameter("depth", True, 3)


def test_continuous_parameter_rejects_non_finite_and_non_numbers():
    with pytest.raises(ValueError, match="'max_value' must be finite, got inf"):
        ContinuousParameter("eta", 0, float("inf"))
    with pytest.raises(ValueError, match=r"'min_value' must be a number, got '0.1'"):
        ContinuousParameter("eta", "0.1", 0.5)


def test_logarithmic_scaling_needs_positive_range():
    with pytest.raises(ValueError, match="LOGARITHMIC needs 'min_value' above 0, got 0"):
        IntegerParameter("n", 0, 10, scaling=ScalingType.LOGARITHMIC)


def test_reverse_logarithmic_is_for_continuous_ranges_within_zero_and_one():
    with pytest.raises(ValueError, match="continuous parameters only"):
        IntegerParameter("n", 0, 1, scaling=ScalingType.REVERSE_LOGARITHMIC)
    with pytest.raises(ValueError, match=r"within \[0, 1\), got \[0.5, 1.0\]"):
        ContinuousParameter("m", 0.5, 1.0, scaling=ScalingType.REVERSE_LOGARITHMIC)


def test_scaling_must_be_the_enum():
    with pytest.raises(ValueError, match="'scaling' must be a ScalingType, got 'Linear'"):
        ContinuousParameter("eta", 0, 1, scaling="Linear")  # type: ignore[arg-type]


@pytest.mark.parametrize("values", [[], [str(i) for i in range(31)]])
def test_categorical_needs_one_to_thirty_values(values):
    with pytest.raises(ValueError, match=f"'values' must hold 1 to 30 values, got {len(values)}"):
        CategoricalParameter("c", values)


def test_categorical_rejects_a_plain_string_and_duplicates():
    with pytest.raises(ValueError, match="'values' must be a list"):
        CategoricalParameter("c", "gbtree")
    with pytest.raises(ValueError, match=r"duplicates \['1'\]"):
        CategoricalParameter("c", [1, "1"])


@pytest.mark.parametrize("name", ["", "x" * 257, None])
def test_names_must_be_one_to_256_characters(name):
    with pytest.raises(ValueError, match="'name' must be a string of 1 to 256 characters"):
        ContinuousParameter(name, 0, 1)


def test_auto_parameter_rejects_bool_hint():
    with pytest.raises(ValueError, match="'value_hint' must be a string or a number, got True"):
        AutoParameter("a", value_hint=True)  # type: ignore[arg-type]


def test_same_hyperparameter_twice_is_rejected_with_its_index():
    with pytest.raises(ValueError, match=r"'parameter_ranges\[1\]': hyperparameter 'eta' is given twice"):
        render_parameter_ranges([ContinuousParameter("eta", 0, 1), CategoricalParameter("eta", ["a"])])


def test_non_range_items_and_non_lists_are_rejected():
    with pytest.raises(ValueError, match=r"'parameter_ranges\[0\]' must be a ContinuousParameter"):
        render_parameter_ranges([{"Name": "eta"}])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="must be a list of parameter ranges"):
        render_parameter_ranges(ContinuousParameter("eta", 0, 1))  # type: ignore[arg-type]


def test_more_than_thirty_ranges_of_one_kind_is_rejected():
    ranges = [IntegerParameter(f"p{i}", 0, 1) for i in range(31)]
    with pytest.raises(ValueError, match="at most 30 IntegerParameterRanges allowed, got 31"):
        render_parameter_ranges(ranges)


def test_number_token_bounds_render_as_their_reference():
    # GIVEN a bound from a number token (as CfnParameter.value_as_number gives)
    stack = Stack()
    high = Token.as_number({"Ref": "MaxDepth"})
    # WHEN
    rendered = IntegerParameter("depth", 1, high)._render()
    # THEN it is neither compared nor mangled, and resolves to the reference
    assert stack.resolve(rendered["MaxValue"]) == {"Ref": "MaxDepth"}
    assert stack.resolve(ContinuousParameter("eta", high, 0.5)._render()["MinValue"]) == {"Ref": "MaxDepth"}
