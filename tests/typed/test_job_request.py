"""Job-level typed props through the public API: each lands in its API field of ``job.request``, and a
finding on a field names the prop the user wrote."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Duration, Environment, Stack
from aws_cdk import aws_s3 as s3

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    TrainingAlgorithm,
    TrainingJobDefinition,
    TrainingOutput,
    TuningJobValidationError,
)
from cdk_sagemaker_tuning.typed.completion import TuningJobCompletionCriteria
from cdk_sagemaker_tuning.typed.objective import TuningObjective
from cdk_sagemaker_tuning.typed.parameters import CategoricalParameter, ContinuousParameter, IntegerParameter
from cdk_sagemaker_tuning.typed.strategy import TuningStrategy
from cdk_sagemaker_tuning.typed.warm_start import WarmStart
from tests.problems import raises_problem
from tests.samples import typed_job, typed_request

CONFIG = "HyperParameterTuningJobConfig"


def finding_after_override(path: str, value: Any, **job_props: Any) -> str:
    """The error of overriding ``path`` with ``value`` on the sample typed job declared with ``job_props``."""
    stack = Stack(App(), "Typed", env=Environment(account="123456789012", region="us-east-1"))
    job = typed_job(stack, **job_props)
    with pytest.raises(TuningJobValidationError) as error:
        job.add_request_override(path, value)
    return str(error.value)


def test_defaults_are_bayesian_and_one_job_at_a_time():
    # GIVEN a job with only an objective, ranges and a training definition
    config = typed_request(max_training_jobs=None)[CONFIG]
    # THEN the API's required fields get the SDK's defaults, and nothing else is set
    assert config == {
        "Strategy": "Bayesian",
        "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
        "ResourceLimits": {"MaxParallelTrainingJobs": 1},
        "ParameterRanges": {
            "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "3", "MaxValue": "10"}]
        },
    }


def test_every_job_level_prop_reaches_its_api_field():
    # GIVEN every job-level prop
    request = typed_request(
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
    # THEN each lands in its API field, the runtime in whole seconds
    request.pop("TrainingJobDefinition")
    assert request == {
        "HyperParameterTuningJobName": "my-job",
        CONFIG: {
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
        "WarmStartConfig": {
            "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "parent"}],
            "WarmStartType": "TransferLearning",
        },
        "Autotune": {"Mode": "Enabled"},
    }
    assert isinstance(request[CONFIG]["ResourceLimits"]["MaxRuntimeInSeconds"], int)


def test_early_stopping_false_is_off_and_autotune_false_is_omitted():
    request = typed_request(early_stopping=False, autotune=False)
    assert request[CONFIG]["TrainingJobEarlyStoppingType"] == "Off"
    assert "Autotune" not in request


def test_hyperband_renders_strategy_config_and_names_its_props():
    # GIVEN the Hyperband strategy
    strategy = TuningStrategy.hyperband(min_resource=1, max_resource=81)
    config = typed_request(strategy=strategy)[CONFIG]
    # THEN it renders its StrategyConfig
    assert config["Strategy"] == "Hyperband"
    assert config["StrategyConfig"] == {"HyperbandStrategyConfig": {"MinResource": 1, "MaxResource": 81}}
    # AND a finding on MinResource names strategy.min_resource
    path = f"{CONFIG}.StrategyConfig.HyperbandStrategyConfig.MinResource"
    assert f"{path} (strategy.min_resource):" in finding_after_override(path, 0, strategy=strategy)


RANGES = f"{CONFIG}.ParameterRanges"


@pytest.mark.parametrize(
    ("path", "value", "prop"),
    [
        (f"{RANGES}.ContinuousParameterRanges[1].Name", "x" * 257, "parameter_ranges[2]"),
        (f"{RANGES}.CategoricalParameterRanges[0].Values", [], "parameter_ranges[1]"),
        (f"{CONFIG}.ResourceLimits.MaxRuntimeInSeconds", 1, "max_runtime"),
        ("HyperParameterTuningJobName", "bad_name", "tuning_job_name"),
        ("TrainingJobDefinition.RoleArn", "not-an-arn", "training.role"),
    ],
)
def test_findings_name_the_prop_and_list_index_the_user_wrote(path, value, prop):
    # GIVEN ranges of two kinds, interleaved, a runtime and a name
    props = {
        "parameter_ranges": [
            ContinuousParameter("eta", 0.1, 0.5),
            CategoricalParameter("booster", ["gbtree"]),
            ContinuousParameter("alpha", 0, 2),
        ],
        "max_runtime": Duration.hours(1),
        "tuning_job_name": "n",
    }
    # WHEN a field is overridden with a value SageMaker refuses, THEN the finding names the prop
    assert f"{path} ({prop}):" in finding_after_override(path, value, **props)


def test_multi_definition_requests_use_the_list_and_indexed_prop_names():
    # GIVEN two definitions with their own names, objectives and ranges
    stack = Stack(App(), "Multi", env=Environment(account="123456789012", region="us-east-1"))
    output = TrainingOutput(s3.Bucket.from_bucket_name(stack, "Out", "example-bucket"), "output/")
    definitions = [
        TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            output=output,
            definition_name=name,
            objective=TuningObjective.maximize("validation:auc"),
            parameter_ranges=[IntegerParameter("max_depth", 3, 10)],
            static_hyperparameters={"num_round": 10},
        )
        for name in ("a", "b")
    ]
    # WHEN a job declares both
    job = typed_job(
        stack, objective=None, parameter_ranges=None, training=None, training_definitions=definitions
    )
    request = stack.resolve(job.request)
    # THEN they render as the list, and findings name the indexed prop
    assert "TrainingJobDefinition" not in request
    assert [d["DefinitionName"] for d in request["TrainingJobDefinitions"]] == ["a", "b"]
    with pytest.raises(TuningJobValidationError) as error:
        job.add_request_override("TrainingJobDefinitions[1].DefinitionName", "-bad")
    assert "TrainingJobDefinitions[1].DefinitionName (training_definitions[1].definition_name):" in str(
        error.value
    )


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
    with raises_problem("prop-type", message) as raised:
        typed_request(**{prop: value})
    assert [problem.prop for problem in raised.value.problems] == [prop]
