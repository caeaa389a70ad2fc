"""Warnings: findings that may not stop SageMaker (quotas, undocumented relations) never block synth."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from validation_helpers import CUSTOM_IMAGE, base_request, multi_request

from cdk_sagemaker_tuning._core.request_paths import set_path
from cdk_sagemaker_tuning.validation import validate_request

CONFIG = "HyperParameterTuningJobConfig"
LIMITS = f"{CONFIG}.ResourceLimits"
RANGES = f"{CONFIG}.ParameterRanges"
DEF = "TrainingJobDefinition"


def setting(*pairs: tuple[str, Any]) -> Callable[[dict[str, Any]], None]:
    def mutate(request: dict[str, Any]) -> None:
        for path, value in pairs:
            set_path(request, path, value)

    return mutate


def grid_of_two_with(jobs: int) -> Callable[[dict[str, Any]], None]:
    def mutate(request: dict[str, Any]) -> None:
        config = request[CONFIG]
        config["Strategy"] = "Grid"
        config["ParameterRanges"] = {
            "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}]
        }
        config["ResourceLimits"] = {"MaxNumberOfTrainingJobs": jobs, "MaxParallelTrainingJobs": 1}

    return mutate


def hyperband(min_resource: int, max_resource: int) -> Callable[[dict[str, Any]], None]:
    def mutate(request: dict[str, Any]) -> None:
        config = request[CONFIG]
        config.update(Strategy="Hyperband", TrainingJobEarlyStoppingType="Off")
        config["StrategyConfig"] = {
            "HyperbandStrategyConfig": {"MinResource": min_resource, "MaxResource": max_resource}
        }

    return mutate


SINGLE: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "parallel above total",
        setting((f"{LIMITS}.MaxParallelTrainingJobs", 5), (f"{LIMITS}.MaxNumberOfTrainingJobs", 4)),
        f"{LIMITS}.MaxParallelTrainingJobs",
    ),
    (
        "parallel above default quota",
        setting((f"{LIMITS}.MaxParallelTrainingJobs", 11)),
        f"{LIMITS}.MaxParallelTrainingJobs",
    ),
    (
        "total above default quota",
        setting((f"{LIMITS}.MaxNumberOfTrainingJobs", 751)),
        f"{LIMITS}.MaxNumberOfTrainingJobs",
    ),
    (
        "custom image without metrics",
        setting((f"{DEF}.AlgorithmSpecification.TrainingImage", CUSTOM_IMAGE)),
        f"{DEF}.AlgorithmSpecification.MetricDefinitions",
    ),
    (
        "built-in image with metrics lacking the objective",
        setting(
            (f"{DEF}.AlgorithmSpecification.MetricDefinitions", [{"Name": "loss", "Regex": "loss=(.*)"}])
        ),
        f"{CONFIG}.HyperParameterTuningJobObjective.MetricName",
    ),
    (
        "hyperband min above max",
        hyperband(50, 10),
        f"{CONFIG}.StrategyConfig.HyperbandStrategyConfig.MinResource",
    ),
    ("grid count differs", grid_of_two_with(3), f"{LIMITS}.MaxNumberOfTrainingJobs"),
    (
        "name tuned twice",
        # as an integer range and as a continuous one: XGBoost itself would refuse max_depth='0.1'
        setting(
            (f"{RANGES}.ContinuousParameterRanges[0].Name", "max_depth"),
            (f"{RANGES}.ContinuousParameterRanges[0].MinValue", "1"),
            (f"{RANGES}.ContinuousParameterRanges[0].MaxValue", "5"),
        ),
        f"{RANGES}.ContinuousParameterRanges[0].Name",
    ),
]

MULTI: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "warm start with several algorithms",
        setting(
            (
                "WarmStartConfig",
                {
                    "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "p"}],
                    "WarmStartType": "TransferLearning",
                },
            )
        ),
        "WarmStartConfig",
    ),
    (
        "early stopping with several algorithms",
        setting((f"{CONFIG}.TrainingJobEarlyStoppingType", "Auto")),
        f"{CONFIG}.TrainingJobEarlyStoppingType",
    ),
]


@pytest.mark.parametrize(
    ("make", "mutate", "path"),
    [pytest.param(base_request, m, p, id=i) for i, m, p in SINGLE]
    + [pytest.param(multi_request, m, p, id=i) for i, m, p in MULTI],
)
def test_warning_without_error(
    make: Callable[[], dict[str, Any]], mutate: Callable[[dict[str, Any]], None], path: str
) -> None:
    # GIVEN a request SageMaker may accept but that likely does not do what was meant
    request = make()
    mutate(request)
    # WHEN validated THEN it warns about the exact field and does not block
    report = validate_request(request)
    assert report.errors == [], "\n".join(map(str, report.errors))
    assert path in [w.path for w in report.warnings], "\n".join(map(str, report.warnings))
