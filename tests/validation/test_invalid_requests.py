"""Invalid requests: each mutation of a valid request is an error that names the exact API path."""

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
HYPERBAND = f"{CONFIG}.StrategyConfig.HyperbandStrategyConfig"


def setting(*pairs: tuple[str, Any]) -> Callable[[dict[str, Any]], None]:
    """A mutation that sets each dotted API path to a value (None removes the field)."""

    def mutate(request: dict[str, Any]) -> None:
        for path, value in pairs:
            set_path(request, path, value)

    return mutate


def hyperband(**strategy: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(request: dict[str, Any]) -> None:
        config = request[CONFIG]
        config["Strategy"] = "Hyperband"
        config["TrainingJobEarlyStoppingType"] = "Off"
        if strategy:
            config["StrategyConfig"] = {"HyperbandStrategyConfig": strategy}

    return mutate


def many(kind: str, count: int) -> list[dict[str, Any]]:
    if kind == "CategoricalParameterRanges":
        return [{"Name": f"c{i}", "Values": ["a", "b"]} for i in range(count)]
    return [{"Name": f"{kind[:3]}{i}", "MinValue": "1", "MaxValue": "5"} for i in range(count)]


CASES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    # -- structural: from botocore's service model ----------------------------------------------------
    ("unknown member", setting((f"{LIMITS}.MaxParalelTrainingJobs", 3)), f"{LIMITS}.MaxParalelTrainingJobs"),
    ("unknown top-level member", setting(("TrainingJobDefinitionz", {})), "TrainingJobDefinitionz"),
    ("missing Strategy", setting((f"{CONFIG}.Strategy", None)), f"{CONFIG}.Strategy"),
    ("missing ResourceLimits", setting((f"{CONFIG}.ResourceLimits", None)), LIMITS),
    (
        "missing MaxParallel",
        setting((f"{LIMITS}.MaxParallelTrainingJobs", None)),
        f"{LIMITS}.MaxParallelTrainingJobs",
    ),
    ("Strategy not in enum", setting((f"{CONFIG}.Strategy", "Bayesan")), f"{CONFIG}.Strategy"),
    (
        "objective type not in enum",
        setting((f"{CONFIG}.HyperParameterTuningJobObjective.Type", "Max")),
        f"{CONFIG}.HyperParameterTuningJobObjective.Type",
    ),
    (
        "MaxNumber below 1",
        setting((f"{LIMITS}.MaxNumberOfTrainingJobs", 0)),
        f"{LIMITS}.MaxNumberOfTrainingJobs",
    ),
    (
        "MaxParallel as string",
        setting((f"{LIMITS}.MaxParallelTrainingJobs", "3")),
        f"{LIMITS}.MaxParallelTrainingJobs",
    ),
    (
        "MaxParallel as bool",
        setting((f"{LIMITS}.MaxParallelTrainingJobs", True)),
        f"{LIMITS}.MaxParallelTrainingJobs",
    ),
    (
        "MaxParallel fractional",
        setting((f"{LIMITS}.MaxParallelTrainingJobs", 2.5)),
        f"{LIMITS}.MaxParallelTrainingJobs",
    ),
    (
        "MaxRuntime below 120",
        setting((f"{LIMITS}.MaxRuntimeInSeconds", 119)),
        f"{LIMITS}.MaxRuntimeInSeconds",
    ),
    (
        "MaxRuntime above max",
        setting((f"{LIMITS}.MaxRuntimeInSeconds", 15768001)),
        f"{LIMITS}.MaxRuntimeInSeconds",
    ),
    (
        "MinValue as number",
        setting((f"{RANGES}.ContinuousParameterRanges[0].MinValue", 0.1)),
        f"{RANGES}.ContinuousParameterRanges[0].MinValue",
    ),
    (
        "range Name missing",
        setting((f"{RANGES}.IntegerParameterRanges[0].Name", None)),
        f"{RANGES}.IntegerParameterRanges[0].Name",
    ),
    (
        "ScalingType not in enum",
        setting((f"{RANGES}.IntegerParameterRanges[0].ScalingType", "Log")),
        f"{RANGES}.IntegerParameterRanges[0].ScalingType",
    ),
    (
        "categorical without values",
        setting((f"{RANGES}.CategoricalParameterRanges[0].Values", [])),
        f"{RANGES}.CategoricalParameterRanges[0].Values",
    ),
    (
        "categorical with 31 values",
        setting((f"{RANGES}.CategoricalParameterRanges[0].Values", [f"v{i}" for i in range(31)])),
        f"{RANGES}.CategoricalParameterRanges[0].Values",
    ),
    (
        "31 continuous ranges",
        setting((f"{RANGES}.ContinuousParameterRanges", many("ContinuousParameterRanges", 31))),
        f"{RANGES}.ContinuousParameterRanges",
    ),
    (
        "job name with underscore",
        setting(("HyperParameterTuningJobName", "bad_name")),
        "HyperParameterTuningJobName",
    ),
    (
        "job name of 33 characters",
        setting(("HyperParameterTuningJobName", "a" * 33)),
        "HyperParameterTuningJobName",
    ),
    ("empty job name", setting(("HyperParameterTuningJobName", "")), "HyperParameterTuningJobName"),
    (
        "job name ending in hyphen",
        setting(("HyperParameterTuningJobName", "job-")),
        "HyperParameterTuningJobName",
    ),
    (
        "image longer than 255",
        setting((f"{DEF}.AlgorithmSpecification.TrainingImage", "a" * 256)),
        f"{DEF}.AlgorithmSpecification.TrainingImage",
    ),
    (
        "input mode not in enum",
        setting((f"{DEF}.AlgorithmSpecification.TrainingInputMode", "Stream")),
        f"{DEF}.AlgorithmSpecification.TrainingInputMode",
    ),
    (
        "role ARN malformed",
        setting((f"{DEF}.RoleArn", "arn:aws:iam::123:role/x-too-short")),
        f"{DEF}.RoleArn",
    ),
    (
        "S3 URI without scheme",
        setting((f"{DEF}.InputDataConfig[0].DataSource.S3DataSource.S3Uri", "bucket/data")),
        f"{DEF}.InputDataConfig[0].DataSource.S3DataSource.S3Uri",
    ),
    (
        "output path missing",
        setting((f"{DEF}.OutputDataConfig.S3OutputPath", None)),
        f"{DEF}.OutputDataConfig.S3OutputPath",
    ),
    ("role missing", setting((f"{DEF}.RoleArn", None)), f"{DEF}.RoleArn"),
    ("stopping condition missing", setting((f"{DEF}.StoppingCondition", None)), f"{DEF}.StoppingCondition"),
    (
        "instance type unknown",
        setting((f"{DEF}.ResourceConfig.InstanceType", "ml.m5.huge")),
        f"{DEF}.ResourceConfig.InstanceType",
    ),
    (
        "negative instance count",
        setting((f"{DEF}.ResourceConfig.InstanceCount", -1)),
        f"{DEF}.ResourceConfig.InstanceCount",
    ),
    (
        "static hyperparameter as number",
        setting((f"{DEF}.StaticHyperParameters.num_round", 100)),
        f"{DEF}.StaticHyperParameters.num_round",
    ),
    (
        "101 static hyperparameters",
        setting((f"{DEF}.StaticHyperParameters", {f"p{i}": "1" for i in range(101)})),
        f"{DEF}.StaticHyperParameters",
    ),
    (
        "static value longer than 2500",
        setting((f"{DEF}.StaticHyperParameters.objective", "x" * 2501)),
        f"{DEF}.StaticHyperParameters.objective",
    ),
    ("no input channel", setting((f"{DEF}.InputDataConfig", [])), f"{DEF}.InputDataConfig"),
    (
        "channel name with space",
        setting((f"{DEF}.InputDataConfig[0].ChannelName", "my train")),
        f"{DEF}.InputDataConfig[0].ChannelName",
    ),
    (
        "spot flag as string",
        setting((f"{DEF}.EnableManagedSpotTraining", "true")),
        f"{DEF}.EnableManagedSpotTraining",
    ),
    (
        "49 tags (2 left for the handler)",
        setting(("Tags", [{"Key": f"k{i}", "Value": "v"} for i in range(49)])),
        "Tags",
    ),
    ("empty tag key", setting(("Tags[0].Key", "")), "Tags[0].Key"),
    ("tag without value", setting(("Tags[0].Value", None)), "Tags[0].Value"),
    (
        "warm start without parents",
        setting(
            ("WarmStartConfig", {"ParentHyperParameterTuningJobs": [], "WarmStartType": "TransferLearning"})
        ),
        "WarmStartConfig.ParentHyperParameterTuningJobs",
    ),
    (
        "warm start with 6 parents",
        setting(
            (
                "WarmStartConfig",
                {
                    "ParentHyperParameterTuningJobs": [
                        {"HyperParameterTuningJobName": f"p{i}"} for i in range(6)
                    ],
                    "WarmStartType": "TransferLearning",
                },
            )
        ),
        "WarmStartConfig.ParentHyperParameterTuningJobs",
    ),
    (
        "warm start type not in enum",
        setting(
            (
                "WarmStartConfig",
                {
                    "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "p"}],
                    "WarmStartType": "Same",
                },
            )
        ),
        "WarmStartConfig.WarmStartType",
    ),
    ("environment key malformed", setting((f"{DEF}.Environment", {"1BAD": "x"})), f"{DEF}.Environment.1BAD"),
    (
        "VPC without subnets",
        setting((f"{DEF}.VpcConfig", {"SecurityGroupIds": ["sg-1"], "Subnets": []})),
        f"{DEF}.VpcConfig.Subnets",
    ),
    ("definition not an object", setting((DEF, "xgboost")), DEF),
    ("config a list", setting((CONFIG, [])), CONFIG),
    (
        "metric regex empty",
        setting(
            (f"{DEF}.AlgorithmSpecification.MetricDefinitions", [{"Name": "validation:auc", "Regex": ""}])
        ),
        f"{DEF}.AlgorithmSpecification.MetricDefinitions[0].Regex",
    ),
    # -- semantic: ranges -------------------------------------------------------------------------------
    (
        "integer range with a fraction",
        setting((f"{RANGES}.IntegerParameterRanges[0].MinValue", "1.5")),
        f"{RANGES}.IntegerParameterRanges[0].MinValue",
    ),
    (
        "continuous bound not a number",
        setting((f"{RANGES}.ContinuousParameterRanges[0].MaxValue", "high")),
        f"{RANGES}.ContinuousParameterRanges[0].MaxValue",
    ),
    (
        "MinValue above MaxValue",
        setting(
            (f"{RANGES}.ContinuousParameterRanges[0].MinValue", "0.5"),
            (f"{RANGES}.ContinuousParameterRanges[0].MaxValue", "0.1"),
        ),
        f"{RANGES}.ContinuousParameterRanges[0].MinValue",
    ),
    (
        "MinValue equal to MaxValue",
        setting((f"{RANGES}.IntegerParameterRanges[0].MaxValue", "1")),
        f"{RANGES}.IntegerParameterRanges[0].MinValue",
    ),
    (
        "logarithmic from 0",
        setting(
            (f"{RANGES}.ContinuousParameterRanges[0].MinValue", "0"),
            (f"{RANGES}.ContinuousParameterRanges[0].ScalingType", "Logarithmic"),
        ),
        f"{RANGES}.ContinuousParameterRanges[0].MinValue",
    ),
    (
        "reverse logarithmic on integers",
        setting((f"{RANGES}.IntegerParameterRanges[0].ScalingType", "ReverseLogarithmic")),
        f"{RANGES}.IntegerParameterRanges[0].ScalingType",
    ),
    (
        "reverse logarithmic up to 1",
        setting(
            (f"{RANGES}.ContinuousParameterRanges[0].MaxValue", "1"),
            (f"{RANGES}.ContinuousParameterRanges[0].ScalingType", "ReverseLogarithmic"),
        ),
        f"{RANGES}.ContinuousParameterRanges[0].MaxValue",
    ),
    (
        "reverse logarithmic below 0",
        setting(
            (f"{RANGES}.ContinuousParameterRanges[0].MinValue", "-0.1"),
            (f"{RANGES}.ContinuousParameterRanges[0].ScalingType", "ReverseLogarithmic"),
        ),
        f"{RANGES}.ContinuousParameterRanges[0].MinValue",
    ),
    (
        "categorical duplicates",
        setting((f"{RANGES}.CategoricalParameterRanges[0].Values", ["gbtree", "gbtree"])),
        f"{RANGES}.CategoricalParameterRanges[0].Values",
    ),
    (
        "31 tuned hyperparameters in all",
        setting(
            (f"{RANGES}.IntegerParameterRanges", many("IntegerParameterRanges", 11)),
            (f"{RANGES}.ContinuousParameterRanges", many("ContinuousParameterRanges", 10)),
            (f"{RANGES}.CategoricalParameterRanges", many("CategoricalParameterRanges", 10)),
        ),
        RANGES,
    ),
    (
        "static and tuned",
        setting((f"{DEF}.StaticHyperParameters.eta", "0.2")),
        f"{DEF}.StaticHyperParameters.eta",
    ),
    (
        "101 static plus tuned",
        setting((f"{DEF}.StaticHyperParameters", {f"p{i}": "1" for i in range(98)})),
        f"{DEF}.StaticHyperParameters",
    ),
    # -- semantic: strategies ---------------------------------------------------------------------------
    (
        "grid with an integer range",
        setting((f"{CONFIG}.Strategy", "Grid"), (f"{LIMITS}.MaxNumberOfTrainingJobs", None)),
        f"{RANGES}.IntegerParameterRanges",
    ),
    (
        "strategy config without hyperband",
        setting((f"{CONFIG}.StrategyConfig", {"HyperbandStrategyConfig": {"MaxResource": 10}})),
        f"{CONFIG}.StrategyConfig",
    ),
    (
        "hyperband with early stopping",
        lambda r: (hyperband(MaxResource=10)(r), r[CONFIG].update(TrainingJobEarlyStoppingType="Auto")),
        f"{CONFIG}.TrainingJobEarlyStoppingType",
    ),
    ("hyperband beyond 20000", hyperband(MaxResource=20001), f"{HYPERBAND}.MaxResource"),
    ("hyperband without epochs", hyperband(), f"{HYPERBAND}.MaxResource"),
    # -- semantic: definitions and metrics ----------------------------------------------------------------
    ("no definition", setting((DEF, None)), DEF),
    (
        "both definition kinds",
        lambda r: r.update(TrainingJobDefinitions=multi_request()["TrainingJobDefinitions"]),
        "TrainingJobDefinitions",
    ),
    (
        "objective missing",
        setting((f"{CONFIG}.HyperParameterTuningJobObjective", None)),
        f"{CONFIG}.HyperParameterTuningJobObjective",
    ),
    (
        "image and algorithm name",
        setting((f"{DEF}.AlgorithmSpecification.AlgorithmName", "my-algorithm")),
        f"{DEF}.AlgorithmSpecification.AlgorithmName",
    ),
    (
        "neither image nor algorithm",
        setting((f"{DEF}.AlgorithmSpecification.TrainingImage", None)),
        f"{DEF}.AlgorithmSpecification.TrainingImage",
    ),
    (
        "custom image objective not defined",
        setting(
            (f"{DEF}.AlgorithmSpecification.TrainingImage", CUSTOM_IMAGE),
            (f"{DEF}.AlgorithmSpecification.MetricDefinitions", [{"Name": "loss", "Regex": "loss=(.*)"}]),
        ),
        f"{CONFIG}.HyperParameterTuningJobObjective.MetricName",
    ),
    (
        "max wait without spot",
        setting((f"{DEF}.StoppingCondition.MaxWaitTimeInSeconds", 7200)),
        f"{DEF}.StoppingCondition.MaxWaitTimeInSeconds",
    ),
    (
        "max wait below max runtime",
        setting(
            (f"{DEF}.EnableManagedSpotTraining", True),
            (f"{DEF}.StoppingCondition.MaxWaitTimeInSeconds", 1800),
        ),
        f"{DEF}.StoppingCondition.MaxWaitTimeInSeconds",
    ),
    # -- semantic: unique names and data sources (validation/uniqueness.py, validation/data_sources.py) -----
    (
        "channel name used twice",
        lambda r: r[DEF]["InputDataConfig"].append(dict(r[DEF]["InputDataConfig"][0])),
        f"{DEF}.InputDataConfig[2].ChannelName",
    ),
    (
        "metric name defined twice",
        setting(
            (f"{DEF}.AlgorithmSpecification.TrainingImage", CUSTOM_IMAGE),
            (
                f"{DEF}.AlgorithmSpecification.MetricDefinitions",
                [
                    {"Name": "validation:auc", "Regex": "a=(.*)"},
                    {"Name": "validation:auc", "Regex": "b=(.*)"},
                ],
            ),
        ),
        f"{DEF}.AlgorithmSpecification.MetricDefinitions[1].Name",
    ),
    (
        "warm-start parent named twice",
        setting(
            (
                "WarmStartConfig",
                {
                    "WarmStartType": "TransferLearning",
                    "ParentHyperParameterTuningJobs": [
                        {"HyperParameterTuningJobName": "parent"},
                        {"HyperParameterTuningJobName": "parent"},
                    ],
                },
            ),
        ),
        "WarmStartConfig.ParentHyperParameterTuningJobs[1].HyperParameterTuningJobName",
    ),
    (
        "file system channel without VpcConfig",
        setting(
            (
                f"{DEF}.InputDataConfig[0].DataSource",
                {
                    "FileSystemDataSource": {
                        "FileSystemId": "fs-0123456789abcdef0",
                        "FileSystemType": "EFS",
                        "FileSystemAccessMode": "ro",
                        "DirectoryPath": "/data",
                    }
                },
            ),
        ),
        f"{DEF}.InputDataConfig[0].DataSource.FileSystemDataSource",
    ),
    (
        "attribute names without an augmented manifest",
        setting((f"{DEF}.InputDataConfig[0].DataSource.S3DataSource.AttributeNames", ["source-ref"])),
        f"{DEF}.InputDataConfig[0].DataSource.S3DataSource.AttributeNames",
    ),
    ("tag key with aws: prefix", setting(("Tags[0].Key", "aws:project")), "Tags[0].Key"),
    ("tag key with AWS: prefix", setting(("Tags[0].Key", "AWS:project")), "Tags[0].Key"),
    ("duplicate tag keys", lambda r: r["Tags"].append({"Key": "project", "Value": "other"}), "Tags[1].Key"),
]

MULTI_CASES: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    (
        "definition without name",
        setting(("TrainingJobDefinitions[1].DefinitionName", None)),
        "TrainingJobDefinitions[1].DefinitionName",
    ),
    (
        "duplicate definition names",
        setting(("TrainingJobDefinitions[1].DefinitionName", "xgb-a")),
        "TrainingJobDefinitions[1].DefinitionName",
    ),
    (
        "definition without objective",
        setting(("TrainingJobDefinitions[0].TuningObjective", None)),
        "TrainingJobDefinitions[0].TuningObjective",
    ),
    (
        "definition name malformed",
        setting(("TrainingJobDefinitions[0].DefinitionName", "xgb_a")),
        "TrainingJobDefinitions[0].DefinitionName",
    ),
    (
        "static and tuned in one definition",
        setting(("TrainingJobDefinitions[1].StaticHyperParameters.max_depth", "3")),
        "TrainingJobDefinitions[1].StaticHyperParameters.max_depth",
    ),
]


def test_the_table_is_large_enough() -> None:
    assert len(CASES) + len(MULTI_CASES) >= 60


def test_base_requests_are_valid() -> None:
    # GIVEN the unmutated requests WHEN validated THEN no error: every error below comes from the mutation
    assert validate_request(base_request()).errors == []
    assert validate_request(multi_request()).errors == []


@pytest.mark.parametrize(("mutate", "path"), [pytest.param(m, p, id=i) for i, m, p in CASES])
def test_invalid_single_algorithm_request(mutate: Callable[[dict[str, Any]], None], path: str) -> None:
    # GIVEN a valid request with one mistake
    request = base_request()
    mutate(request)
    # WHEN it is validated
    report = validate_request(request)
    # THEN an error names the exact field
    assert path in [problem.path for problem in report.errors], "\n".join(map(str, report.errors))


@pytest.mark.parametrize(("mutate", "path"), [pytest.param(m, p, id=i) for i, m, p in MULTI_CASES])
def test_invalid_multi_algorithm_request(mutate: Callable[[dict[str, Any]], None], path: str) -> None:
    request = multi_request()
    mutate(request)
    report = validate_request(request)
    assert path in [problem.path for problem in report.errors], "\n".join(map(str, report.errors))
