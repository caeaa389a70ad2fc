"""Restoring the types CloudFormation stringified, from botocore's SageMaker model (no mocks)."""

from typing import Any

import pytest

from cdk_sagemaker_tuning._handler import request_types
from tests.support.cfn_events import cfn_stringify, xgboost_request


def test_integers_floats_and_booleans_come_back_from_strings() -> None:
    # GIVEN a request as CloudFormation delivers it: every scalar a string
    delivered = cfn_stringify(xgboost_request())
    assert delivered["TrainingJobDefinition"]["ResourceConfig"]["InstanceCount"] == "1"

    # WHEN the handler restores it
    restored = request_types.restore_request(delivered)

    # THEN integers and booleans are typed again, strings stay strings
    definition = restored["TrainingJobDefinition"]
    assert restored["HyperParameterTuningJobConfig"]["ResourceLimits"] == {
        "MaxNumberOfTrainingJobs": 20,
        "MaxParallelTrainingJobs": 3,
    }
    assert definition["ResourceConfig"]["InstanceCount"] == 1
    assert definition["StoppingCondition"]["MaxRuntimeInSeconds"] == 3600
    assert definition["EnableNetworkIsolation"] is True
    # ParameterRanges bounds are strings in the API: they must not become numbers
    ranges = restored["HyperParameterTuningJobConfig"]["ParameterRanges"]
    assert ranges["IntegerParameterRanges"][0]["MinValue"] == "1"
    assert definition["StaticHyperParameters"]["num_round"] == "100"


def test_floats_longs_and_booleans_deep_in_lists() -> None:
    # GIVEN a float (TuningJobCompletionCriteria.TargetObjectiveMetricValue), integers and booleans in the
    # items of TrainingJobDefinitions
    delivered = cfn_stringify(
        {
            "HyperParameterTuningJobConfig": {
                "Strategy": "Random",
                "ResourceLimits": {"MaxParallelTrainingJobs": 2, "MaxRuntimeInSeconds": 7200},
                "TuningJobCompletionCriteria": {"TargetObjectiveMetricValue": 0.875},
                "RandomSeed": 7,
            },
            "TrainingJobDefinitions": [
                {"EnableManagedSpotTraining": False, "ResourceConfig": {"InstanceCount": 2}},
                {"EnableManagedSpotTraining": True, "ResourceConfig": {"KeepAlivePeriodInSeconds": 60}},
            ],
        }
    )

    # WHEN
    restored = request_types.restore_request(delivered)

    # THEN
    config = restored["HyperParameterTuningJobConfig"]
    assert config["TuningJobCompletionCriteria"]["TargetObjectiveMetricValue"] == pytest.approx(0.875)
    assert isinstance(config["TuningJobCompletionCriteria"]["TargetObjectiveMetricValue"], float)
    assert config["RandomSeed"] == 7
    assert config["ResourceLimits"]["MaxRuntimeInSeconds"] == 7200
    definitions = restored["TrainingJobDefinitions"]
    assert definitions[0]["EnableManagedSpotTraining"] is False
    assert definitions[1]["EnableManagedSpotTraining"] is True
    assert definitions[1]["ResourceConfig"]["KeepAlivePeriodInSeconds"] == 60


def test_long_and_nested_boolean_in_a_list_item() -> None:
    # GIVEN a 'long' (ShuffleConfig.Seed, beyond 32 bits) and a boolean three levels inside a list item
    delivered = cfn_stringify(
        {
            "TrainingJobDefinition": {
                "InputDataConfig": [
                    {
                        "ChannelName": "train",
                        "ShuffleConfig": {"Seed": 2**40 + 1},
                        "DataSource": {"S3DataSource": {"ModelAccessConfig": {"AcceptEula": True}}},
                    }
                ]
            }
        }
    )

    # WHEN
    channel = request_types.restore_request(delivered)["TrainingJobDefinition"]["InputDataConfig"][0]

    # THEN
    assert channel["ShuffleConfig"]["Seed"] == 2**40 + 1
    assert channel["DataSource"]["S3DataSource"]["ModelAccessConfig"]["AcceptEula"] is True


def test_values_already_typed_are_kept() -> None:
    # GIVEN a request whose numbers are already numbers
    request = {"HyperParameterTuningJobConfig": {"ResourceLimits": {"MaxParallelTrainingJobs": 3}}}

    # WHEN / THEN
    assert request_types.restore_request(request) == request


def test_integral_float_text_is_an_integer() -> None:
    # GIVEN a number written as 10.0 somewhere upstream
    delivered = {"TrainingJobDefinition": {"ResourceConfig": {"VolumeSizeInGB": "10.0"}}}

    # WHEN / THEN
    restored = request_types.restore_request(delivered)
    assert restored["TrainingJobDefinition"]["ResourceConfig"]["VolumeSizeInGB"] == 10


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (
            {"HyperParameterTuningJobConfig": {"ResourceLimits": {"MaxParallelTrainingJobs": "three"}}},
            "Request.HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs: expected an "
            "integer, got 'three'",
        ),
        (
            {"TrainingJobDefinitions": [{}, {"EnableNetworkIsolation": "yes"}]},
            "Request.TrainingJobDefinitions[1].EnableNetworkIsolation: expected 'true' or 'false', got 'yes'",
        ),
        (
            {
                "HyperParameterTuningJobConfig": {
                    "TuningJobCompletionCriteria": {"TargetObjectiveMetricValue": "nan"}
                }
            },
            "Request.HyperParameterTuningJobConfig.TuningJobCompletionCriteria.TargetObjectiveMetricValue: "
            "expected a finite number, got 'nan'",
        ),
        (
            {"TrainingJobDefinition": {"ResourceConfig": {"InstanceCount": "1.5"}}},
            "Request.TrainingJobDefinition.ResourceConfig.InstanceCount: expected an integer, got '1.5'",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_named_by_its_path(request_: dict[str, Any], message: str) -> None:
    # WHEN / THEN the error names the field's API path, the value and what is allowed
    with pytest.raises(request_types.RequestTypeError) as raised:
        request_types.restore_request(request_)
    assert str(raised.value) == message


def test_unknown_fields_and_map_values_pass_through() -> None:
    # GIVEN a field the model does not know and a map of strings
    delivered = {
        "NotAField": {"Nested": "1"},
        "TrainingJobDefinition": {"Environment": {"THREADS": "4"}, "StaticHyperParameters": {"eta": "0.2"}},
    }

    # WHEN
    restored = request_types.restore_request(delivered)

    # THEN nothing is guessed: botocore's validation will name the unknown field when the request is sent
    assert restored == delivered
