"""render_tuning_request: the typed props assembled into the API's request, with prop names for messages."""

from typing import Any

import pytest
from aws_cdk import Duration

from cdk_sagemaker_tuning.completion import TuningJobCompletionCriteria
from cdk_sagemaker_tuning.job_request import render_tuning_request
from cdk_sagemaker_tuning.objective import TuningObjective
from cdk_sagemaker_tuning.parameters import CategoricalParameter, ContinuousParameter, IntegerParameter
from cdk_sagemaker_tuning.strategy import TuningStrategy
from cdk_sagemaker_tuning.warm_start import WarmStart

DEFINITION = ({"RoleArn": "arn:aws:iam::111122223333:role/r"}, {"RoleArn": "role"})


def render(**overrides: Any) -> tuple[dict[str, Any], dict[str, str]]:
    props: dict[str, Any] = {
        "objective": None,
        "parameter_ranges": None,
        "strategy": None,
        "max_training_jobs": None,
        "max_parallel_training_jobs": None,
        "max_runtime": None,
        "early_stopping": None,
        "completion_criteria": None,
        "random_seed": None,
        "autotune": None,
        "warm_start": None,
        "tuning_job_name": None,
        "definitions": [DEFINITION],
        "multi": False,
    }
    props.update(overrides)
    return render_tuning_request(**props)


def test_defaults_are_bayesian_and_one_job_at_a_time():
    # GIVEN only a training definition
    request, _ = render()
    # THEN the API's required fields get the SDK's defaults, nothing else is set
    assert request == {
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "ResourceLimits": {"MaxParallelTrainingJobs": 1},
        },
        "TrainingJobDefinition": {"RoleArn": "arn:aws:iam::111122223333:role/r"},
    }


def test_every_job_level_prop_reaches_its_api_field():
    # GIVEN every job-level prop
    request, _ = render(
        objective=TuningObjective.minimize("validation:rmse"),
        parameter_ranges=[IntegerParameter("max_depth", 3, 10)],
        strategy=TuningStrategy.random(),
        max_training_jobs=50,
        max_parallel_training_jobs=5,
        max_runtime=Duration.hours(6),
        early_stopping=True,
        completion_criteria=TuningJobCompletionCriteria(target_objective_value=0.1),
        random_seed=7,
        autotune=True,
        warm_start=WarmStart.transfer_learning("parent"),
        tuning_job_name="my-job",
    )
    # THEN
    assert request == {
        "HyperParameterTuningJobName": "my-job",
        "HyperParameterTuningJobConfig": {
            "Strategy": "Random",
            "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "validation:rmse"},
            "ResourceLimits": {
                "MaxNumberOfTrainingJobs": 50,
                "MaxParallelTrainingJobs": 5,
                "MaxRuntimeInSeconds": 21600,
            },
            "ParameterRanges": {
                "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "3", "MaxValue": "10"}]
            },
            "TrainingJobEarlyStoppingType": "Auto",
            "TuningJobCompletionCriteria": {"TargetObjectiveMetricValue": 0.1},
            "RandomSeed": 7,
        },
        "TrainingJobDefinition": {"RoleArn": "arn:aws:iam::111122223333:role/r"},
        "WarmStartConfig": {
            "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "parent"}],
            "WarmStartType": "TransferLearning",
        },
        "Autotune": {"Mode": "Enabled"},
    }
    assert isinstance(request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxRuntimeInSeconds"], int)


def test_early_stopping_false_is_off_and_autotune_false_is_omitted():
    request, _ = render(early_stopping=False, autotune=False)
    assert request["HyperParameterTuningJobConfig"]["TrainingJobEarlyStoppingType"] == "Off"
    assert "Autotune" not in request


def test_hyperband_renders_strategy_config():
    request, names = render(strategy=TuningStrategy.hyperband(min_resource=1, max_resource=81))
    config = request["HyperParameterTuningJobConfig"]
    assert config["Strategy"] == "Hyperband"
    assert config["StrategyConfig"] == {"HyperbandStrategyConfig": {"MinResource": 1, "MaxResource": 81}}
    assert names["HyperParameterTuningJobConfig.StrategyConfig.HyperbandStrategyConfig.MinResource"] == (
        "strategy.min_resource"
    )


def test_prop_names_map_api_paths_to_typed_props():
    # GIVEN ranges of two kinds, interleaved
    _, names = render(
        parameter_ranges=[
            ContinuousParameter("eta", 0.1, 0.5),
            CategoricalParameter("booster", ["gbtree"]),
            ContinuousParameter("alpha", 0, 2),
        ],
        max_runtime=Duration.hours(1),
        tuning_job_name="n",
    )
    # THEN each API path names the prop (and list index) the user wrote
    ranges = "HyperParameterTuningJobConfig.ParameterRanges"
    assert names[f"{ranges}.ContinuousParameterRanges[1]"] == "parameter_ranges[2]"
    assert names[f"{ranges}.CategoricalParameterRanges[0]"] == "parameter_ranges[1]"
    assert names["HyperParameterTuningJobConfig.ResourceLimits.MaxRuntimeInSeconds"] == "max_runtime"
    assert names["HyperParameterTuningJobName"] == "tuning_job_name"
    assert names["TrainingJobDefinition.RoleArn"] == "training.role"
    assert names["TrainingJobDefinition"] == "training"


def test_multi_definition_requests_use_the_list_and_indexed_prop_names():
    # GIVEN two bound definitions
    second = ({"DefinitionName": "b"}, {"DefinitionName": "definition_name"})
    # WHEN rendered as a multi-algorithm job
    request, names = render(definitions=[DEFINITION, second], multi=True)
    # THEN
    assert "TrainingJobDefinition" not in request
    assert request["TrainingJobDefinitions"] == [DEFINITION[0], second[0]]
    assert names["TrainingJobDefinitions[1].DefinitionName"] == "training_definitions[1].definition_name"
    assert names["TrainingJobDefinitions[0]"] == "training_definitions[0]"


@pytest.mark.parametrize(
    ("prop", "value", "message"),
    [
        ("strategy", "Bayesian", "'strategy' must be a TuningStrategy"),
        ("objective", "validation:auc", "'objective' must be a TuningObjective"),
        ("max_runtime", 3600, r"'max_runtime' must be a Duration \(Duration.hours\(6\)\), got 3600"),
        ("early_stopping", "Auto", "'early_stopping' must be True or False, got 'Auto'"),
        ("completion_criteria", {"TargetObjectiveMetricValue": 1}, "'completion_criteria' must be a"),
        ("warm_start", ["parent"], "'warm_start' must be a WarmStart"),
        ("autotune", "Enabled", "'autotune' must be True or False, got 'Enabled'"),
    ],
)
def test_props_of_the_wrong_type_are_rejected_by_name(prop, value, message):
    with pytest.raises(ValueError, match=message):
        render(**{prop: value})
