"""Valid edge cases: boundaries the API allows, and CDK tokens in every position that takes them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsii
import pytest
from aws_cdk import (
    Aws,
    Fn,
    IStableAnyProducer,
    IStableNumberProducer,
    IStableStringProducer,
    Lazy,
    Token,
)
from validation_helpers import CUSTOM_IMAGE, base_request, multi_request

from cdk_sagemaker_tuning._core.request_paths import set_path
from cdk_sagemaker_tuning._handler import contract
from cdk_sagemaker_tuning.validation import validate_request

CONFIG = "HyperParameterTuningJobConfig"
LIMITS = f"{CONFIG}.ResourceLimits"
RANGES = f"{CONFIG}.ParameterRanges"
DEF = "TrainingJobDefinition"


@jsii.implements(IStableAnyProducer)
class _Any:
    def __init__(self, value: Any) -> None:
        self.value = value

    def produce(self, context: Any) -> Any:
        return self.value


@jsii.implements(IStableNumberProducer)
class _Number:
    def __init__(self, value: float) -> None:
        self.value = value

    def produce(self, context: Any) -> float:
        return self.value


@jsii.implements(IStableStringProducer)
class _String:
    def __init__(self, value: str) -> None:
        self.value = value

    def produce(self, context: Any) -> str:
        return self.value


def setting(*pairs: tuple[str, Any]) -> Callable[[dict[str, Any]], None]:
    def mutate(request: dict[str, Any]) -> None:
        for path, value in pairs:
            set_path(request, path, value)

    return mutate


def _hyperband(
    strategy: dict[str, Any] | None, static: dict[str, str] | None = None
) -> Callable[[dict[str, Any]], None]:
    def mutate(request: dict[str, Any]) -> None:
        config = request[CONFIG]
        config["Strategy"] = "Hyperband"
        config["TrainingJobEarlyStoppingType"] = "Off"
        if strategy is not None:
            config["StrategyConfig"] = {"HyperbandStrategyConfig": strategy}
        if static is not None:
            request[DEF]["StaticHyperParameters"].update(static)

    return mutate


def _grid(with_max: bool) -> Callable[[dict[str, Any]], None]:
    def mutate(request: dict[str, Any]) -> None:
        config = request[CONFIG]
        config["Strategy"] = "Grid"
        config["ParameterRanges"] = {
            "CategoricalParameterRanges": [
                {"Name": "booster", "Values": ["gbtree", "dart"]},
                {"Name": "tree_method", "Values": ["auto", "exact", "hist"]},
            ]
        }
        if with_max:
            config["ResourceLimits"]["MaxNumberOfTrainingJobs"] = 6
        else:
            config["ResourceLimits"].pop("MaxNumberOfTrainingJobs")

    return mutate


def on_custom_image(mutate: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    """``mutate`` on the request moved to a custom container (defining validation:auc): for names and values
    the built-in XGBoost would refuse, where the boundary under test is the API's, not the algorithm's."""

    def on_custom(request: dict[str, Any]) -> None:
        request[DEF]["AlgorithmSpecification"] = {
            "TrainingImage": CUSTOM_IMAGE,
            "TrainingInputMode": "File",
            "MetricDefinitions": [{"Name": "validation:auc", "Regex": r"auc=([0-9.]+)"}],
        }
        mutate(request)

    return on_custom


def _tuned(count: int) -> dict[str, Any]:
    return {
        "IntegerParameterRanges": [{"Name": f"p{i}", "MinValue": "1", "MaxValue": "9"} for i in range(count)]
    }


BOUNDARIES: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("unchanged", lambda r: None),
    ("MaxRuntime at its minimum", setting((f"{LIMITS}.MaxRuntimeInSeconds", 120))),
    ("MaxRuntime at its maximum", setting((f"{LIMITS}.MaxRuntimeInSeconds", 15768000))),
    ("MaxRuntime as integral float", setting((f"{LIMITS}.MaxRuntimeInSeconds", 3600.0))),
    ("job name of 32 characters", setting(("HyperParameterTuningJobName", "a" * 32))),
    ("job name with double hyphen", setting(("HyperParameterTuningJobName", "a--b"))),
    ("no job name (generated at deploy)", setting(("HyperParameterTuningJobName", None))),
    ("30 tuned hyperparameters", on_custom_image(setting((RANGES, _tuned(30))))),
    (
        "100 static plus tuned",
        on_custom_image(setting((f"{DEF}.StaticHyperParameters", {f"s{i}": "1" for i in range(97)}))),
    ),
    (
        "30 categorical values",
        on_custom_image(
            setting((f"{RANGES}.CategoricalParameterRanges[0].Values", [f"v{i}" for i in range(30)]))
        ),
    ),
    (
        "MaxParallel equals MaxNumber",
        setting((f"{LIMITS}.MaxParallelTrainingJobs", 10), (f"{LIMITS}.MaxNumberOfTrainingJobs", 10)),
    ),
    (
        "negative integer range",
        on_custom_image(setting((f"{RANGES}.IntegerParameterRanges[0].MinValue", "-5"))),
    ),
    ("scientific notation", setting((f"{RANGES}.ContinuousParameterRanges[0].MinValue", "1e-3"))),
    (
        "logarithmic above 0",
        setting(
            (f"{RANGES}.ContinuousParameterRanges[0].MinValue", "0.0001"),
            (f"{RANGES}.ContinuousParameterRanges[0].ScalingType", "Logarithmic"),
        ),
    ),
    (
        "reverse logarithmic from 0 to below 1",
        setting(
            (f"{RANGES}.ContinuousParameterRanges[0].MinValue", "0"),
            (f"{RANGES}.ContinuousParameterRanges[0].MaxValue", "0.999"),
            (f"{RANGES}.ContinuousParameterRanges[0].ScalingType", "ReverseLogarithmic"),
        ),
    ),
    ("hyperband at 20000", _hyperband({"MinResource": 1, "MaxResource": 20000})),
    ("hyperband inferring from epochs", on_custom_image(_hyperband(None, {"epochs": "50"}))),
    (
        "hyperband inferring from num_epochs",
        on_custom_image(_hyperband({"MinResource": 2}, {"num_epochs": "50"})),
    ),
    ("grid with the exact number of jobs", _grid(with_max=True)),
    ("grid without a number of jobs", _grid(with_max=False)),
    (
        f"{contract.MAX_USER_TAGS} tags ({len(contract.RESERVED_TAG_KEYS)} left for the handler)",
        setting(("Tags", [{"Key": f"k{i}", "Value": ""} for i in range(contract.MAX_USER_TAGS)])),
    ),
    ("tag value with aws: prefix", setting(("Tags[0].Value", "aws:allowed-in-values"))),
    (
        "warm start with 5 parents",
        setting(
            (
                "WarmStartConfig",
                {
                    "ParentHyperParameterTuningJobs": [
                        {"HyperParameterTuningJobName": f"p{i}"} for i in range(5)
                    ],
                    "WarmStartType": "IdenticalDataAndAlgorithm",
                },
            )
        ),
    ),
    (
        "spot with MaxWait equal to MaxRuntime",
        setting(
            (f"{DEF}.EnableManagedSpotTraining", True),
            (f"{DEF}.StoppingCondition.MaxWaitTimeInSeconds", 3600),
        ),
    ),
    (
        "resource algorithm instead of an image",
        setting(
            (f"{DEF}.AlgorithmSpecification.TrainingImage", None),
            (f"{DEF}.AlgorithmSpecification.AlgorithmName", "my-marketplace-algorithm"),
        ),
    ),
    (
        "custom image with the objective among its metrics",
        setting(
            (f"{DEF}.AlgorithmSpecification.TrainingImage", CUSTOM_IMAGE),
            (
                f"{DEF}.AlgorithmSpecification.MetricDefinitions",
                [{"Name": "validation:auc", "Regex": "auc=([0-9.]+)"}],
            ),
        ),
    ),
    (
        "objective on the definition only",
        lambda r: r[DEF].update(TuningObjective=r[CONFIG].pop("HyperParameterTuningJobObjective")),
    ),
]

TOKENS: list[tuple[str, Callable[[dict[str, Any]], None]]] = [
    ("role ARN", setting((f"{DEF}.RoleArn", Fn.import_value("TrainingRoleArn")))),
    (
        "image built from pseudo parameters",
        setting(
            (
                f"{DEF}.AlgorithmSpecification.TrainingImage",
                f"{Aws.ACCOUNT_ID}.dkr.ecr.{Aws.REGION}.{Aws.URL_SUFFIX}/sagemaker-xgboost:1.7-1",
            )
        ),
    ),
    (
        "image from Fn.join",
        setting(
            (
                f"{DEF}.AlgorithmSpecification.TrainingImage",
                Fn.join(
                    "", [Aws.ACCOUNT_ID, ".dkr.ecr.", Aws.REGION, ".amazonaws.com/sagemaker-xgboost:1.7-1"]
                ),
            )
        ),
    ),
    (
        "image from Lazy.string",
        setting((f"{DEF}.AlgorithmSpecification.TrainingImage", Lazy.string(_String(CUSTOM_IMAGE)))),
    ),
    (
        "S3 URIs with a bucket token",
        setting(
            (
                f"{DEF}.InputDataConfig[0].DataSource.S3DataSource.S3Uri",
                f"s3://{Fn.import_value('Bucket')}/train",
            ),
            (f"{DEF}.OutputDataConfig.S3OutputPath", f"s3://{Fn.import_value('Bucket')}/output"),
        ),
    ),
    (
        "MaxParallel via Token.as_number",
        setting((f"{LIMITS}.MaxParallelTrainingJobs", Token.as_number(Fn.import_value("P")))),
    ),
    ("MaxNumber via Lazy.number", setting((f"{LIMITS}.MaxNumberOfTrainingJobs", Lazy.number(_Number(20))))),
    (
        "MaxRuntime via Token.as_number",
        setting((f"{DEF}.StoppingCondition.MaxRuntimeInSeconds", Token.as_number(Fn.import_value("T")))),
    ),
    (
        "instance count via Token.as_number",
        setting((f"{DEF}.ResourceConfig.InstanceCount", Token.as_number(Fn.import_value("N")))),
    ),
    (
        "range bound token",
        setting((f"{RANGES}.IntegerParameterRanges[0].MaxValue", Fn.import_value("Depth"))),
    ),
    (
        "whole range list via Token.as_list",
        setting((f"{RANGES}.IntegerParameterRanges", Token.as_list(Fn.import_value("Ranges")))),
    ),
    (
        "categorical values via Fn.split",
        setting((f"{RANGES}.CategoricalParameterRanges[0].Values", Fn.split(",", Fn.import_value("Values")))),
    ),
    ("whole ranges object via Lazy.any", setting((RANGES, Lazy.any(_Any({}))))),
    (
        "static hyperparameters via Lazy.any",
        setting((f"{DEF}.StaticHyperParameters", Lazy.any(_Any({"eta": "0.1"})))),
    ),
    ("static value token", setting((f"{DEF}.StaticHyperParameters.objective", Fn.import_value("Objective")))),
    ("job name token", setting(("HyperParameterTuningJobName", Fn.import_value("JobName")))),
    ("strategy token", setting((f"{CONFIG}.Strategy", Fn.import_value("Strategy")))),
    (
        "tag key and value tokens",
        setting(("Tags[0].Key", Fn.import_value("K")), ("Tags[0].Value", Fn.import_value("V"))),
    ),
    ("tags via Token.as_list", setting(("Tags", Token.as_list(Fn.import_value("Tags"))))),
    (
        "spot flag as IResolvable with MaxWait",
        setting(
            (f"{DEF}.EnableManagedSpotTraining", Lazy.any(_Any(True))),
            (f"{DEF}.StoppingCondition.MaxWaitTimeInSeconds", 7200),
        ),
    ),
    ("whole definition via Lazy.any", setting((DEF, Lazy.any(_Any({}))))),
    (
        "metric definitions via Lazy.any",
        setting((f"{DEF}.AlgorithmSpecification.MetricDefinitions", Lazy.any(_Any([])))),
    ),
]


@pytest.mark.parametrize("mutate", [pytest.param(m, id=i) for i, m in BOUNDARIES])
def test_boundary_is_valid(mutate: Callable[[dict[str, Any]], None]) -> None:
    # GIVEN a valid request at one of the API's boundaries
    request = base_request()
    mutate(request)
    # WHEN validated THEN there is no error
    assert validate_request(request).errors == []


@pytest.mark.parametrize("mutate", [pytest.param(m, id=i) for i, m in TOKENS])
def test_tokens_are_skipped(mutate: Callable[[dict[str, Any]], None]) -> None:
    # GIVEN a request with a value known only at deploy time
    request = base_request()
    mutate(request)
    # WHEN validated THEN nothing is reported and nothing crashes
    report = validate_request(request)
    assert report.errors == []
    assert report.warnings == []


def test_multi_algorithm_request_is_valid() -> None:
    assert validate_request(multi_request()).errors == []


def test_a_token_skips_only_the_checks_that_need_it() -> None:
    # GIVEN a token MaxParallelTrainingJobs and a literal mistake elsewhere
    request = base_request()
    set_path(request, f"{LIMITS}.MaxParallelTrainingJobs", Token.as_number(Fn.import_value("P")))
    set_path(request, f"{LIMITS}.MaxNumberOfTrainingJobs", 0)
    # WHEN validated
    report = validate_request(request)
    # THEN the literal mistake is still reported, and the token compared with nothing
    assert [p.path for p in report.errors] == [f"{LIMITS}.MaxNumberOfTrainingJobs"]
    assert report.warnings == []


def test_token_image_with_a_built_in_repository_needs_no_metric_definitions() -> None:
    # GIVEN a custom image token and no metric definitions
    custom = base_request()
    set_path(
        custom,
        f"{DEF}.AlgorithmSpecification.TrainingImage",
        f"{Aws.ACCOUNT_ID}.dkr.ecr.{Aws.REGION}.amazonaws.com/mine:1",
    )
    # WHEN validated THEN the missing metric definitions are a warning (the literal part names no built-in)
    assert [w.path for w in validate_request(custom).warnings] == [
        f"{DEF}.AlgorithmSpecification.MetricDefinitions"
    ]


def test_a_joined_custom_image_still_needs_metric_definitions() -> None:
    # GIVEN an Fn.join image whose literal parts name a custom repository
    request = base_request()
    image = Fn.join("", [Aws.ACCOUNT_ID, ".dkr.ecr.", Aws.REGION, ".amazonaws.com/mine:1"])
    set_path(request, f"{DEF}.AlgorithmSpecification.TrainingImage", image)
    # WHEN validated THEN the missing metric definitions are a warning
    assert [w.path for w in validate_request(request).warnings] == [
        f"{DEF}.AlgorithmSpecification.MetricDefinitions"
    ]
