"""One mistake in a numeric range reads the same from the typed API and from a raw request."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from cdk_sagemaker_tuning import (
    ContinuousParameter,
    IntegerParameter,
    ScalingType,
    TuningJobValidationError,
    validate_request,
)
from tests.samples import custom_algorithm_request, custom_training, findings

RANGES = "HyperParameterTuningJobConfig.ParameterRanges"


def raw_errors(kind: str, bounds: dict[str, str]) -> list[str]:
    request = copy.deepcopy(custom_algorithm_request())
    request["HyperParameterTuningJobConfig"]["ParameterRanges"] = {kind: [{"Name": "x", **bounds}]}
    return [str(problem) for problem in validate_request(request).errors]


@pytest.mark.parametrize(
    ("typed", "kind", "raw", "sentence"),
    [
        (
            IntegerParameter("x", 10, 3),
            "IntegerParameterRanges",
            {"MinValue": "10", "MaxValue": "3"},
            "'10' must be less than MaxValue '3'",
        ),
        (
            ContinuousParameter("x", 0.5, 0.1),
            "ContinuousParameterRanges",
            {"MinValue": "0.5", "MaxValue": "0.1"},
            "'0.5' must be less than MaxValue '0.1'",
        ),
        (
            ContinuousParameter("x", 0, 1, scaling=ScalingType.LOGARITHMIC),
            "ContinuousParameterRanges",
            {"MinValue": "0", "MaxValue": "1", "ScalingType": "Logarithmic"},
            "'0' is not greater than 0: Logarithmic scaling needs values > 0",
        ),
    ],
)
def test_bounds_in_the_wrong_order_or_scale_read_the_same(
    typed: Any, kind: str, raw: dict[str, str], sentence: str
) -> None:
    # WHEN the same range is declared with the typed API and in a raw request
    typed_message = findings(parameter_ranges=[typed], training_props=custom_training())
    [raw_message] = raw_errors(kind, raw)

    # THEN both say the same sentence about MinValue; the typed one also names the argument, min_value
    assert raw_message == f"{RANGES}.{kind}[0].MinValue: {sentence}"
    assert f"{RANGES}.{kind}[0].MinValue (parameter_ranges[0].min_value): {sentence}" in typed_message


@pytest.mark.parametrize(
    ("make", "kind", "raw", "typed_words", "raw_words"),
    [
        (
            lambda: IntegerParameter("x", 1, 2.5),
            "IntegerParameterRanges",
            {"MinValue": "1", "MaxValue": "2.5"},
            "IntegerParameter 'x': 'max_value' 2.5 is not an integer",
            "IntegerParameterRanges[0].MaxValue: '2.5' is not an integer; give an integer as a string",
        ),
        (
            lambda: ContinuousParameter("x", float("inf"), 2),
            "ContinuousParameterRanges",
            {"MinValue": "inf", "MaxValue": "2"},
            "ContinuousParameter 'x': 'min_value' inf is not a finite number",
            "ContinuousParameterRanges[0].MinValue: 'inf' is not a finite number; give a number as a string",
        ),
    ],
)
def test_a_bound_of_the_wrong_kind_reads_the_same(
    make: Any, kind: str, raw: dict[str, str], typed_words: str, raw_words: str
) -> None:
    # WHEN the typed range is created, and the raw request validated
    with pytest.raises(TuningJobValidationError) as typed_error:
        make()
    [raw_message] = raw_errors(kind, raw)

    # THEN the typed error names the argument and the raw one the API field: "<value> is not <kind>"
    [typed_problem] = typed_error.value.problems
    assert str(typed_problem) == typed_words
    assert raw_message == f"{RANGES}.{raw_words}"
