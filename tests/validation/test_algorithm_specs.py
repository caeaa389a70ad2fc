"""What each built-in algorithm accepts, checked at synth (issue 20, item 1): the mistakes of the issue's
"Why", each refused (or warned) on raw requests and on the typed API, and their compliant twins.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_s3 as s3
from validation_helpers import CUSTOM_IMAGE, base_request

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    ContinuousParameter,
    HyperParameterTuningJob,
    IntegerParameter,
    TrainingAlgorithm,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningJobValidationError,
    TuningObjective,
)
from cdk_sagemaker_tuning._core.request_paths import set_path
from cdk_sagemaker_tuning.validation import validate_request

CONFIG = "HyperParameterTuningJobConfig"
OBJECTIVE = f"{CONFIG}.HyperParameterTuningJobObjective"
RANGES = f"{CONFIG}.ParameterRanges"
DEF = "TrainingJobDefinition"
STATIC = f"{DEF}.StaticHyperParameters"
KMEANS_IMAGE = "382416733822.dkr.ecr.us-east-1.amazonaws.com/kmeans:1"
BLAZINGTEXT_IMAGE = "811284229777.dkr.ecr.us-east-1.amazonaws.com/blazingtext:1"


def setting(*pairs: tuple[str, Any]) -> Callable[[dict[str, Any]], None]:
    def mutate(request: dict[str, Any]) -> None:
        for path, value in pairs:
            set_path(request, path, value)

    return mutate


def kmeans(static: dict[str, str], metric: str = "test:msd") -> Callable[[dict[str, Any]], None]:
    """The request moved to k-means with ``static``, tuning its ``epochs``, on train and test channels."""

    def mutate(request: dict[str, Any]) -> None:
        request[DEF]["AlgorithmSpecification"]["TrainingImage"] = KMEANS_IMAGE
        request[DEF]["StaticHyperParameters"] = static
        request[DEF]["InputDataConfig"][1]["ChannelName"] = "test"
        request[CONFIG]["HyperParameterTuningJobObjective"] = {"Type": "Minimize", "MetricName": metric}
        request[CONFIG]["ParameterRanges"] = {
            "IntegerParameterRanges": [{"Name": "epochs", "MinValue": "1", "MaxValue": "10"}]
        }

    return mutate


def without_channel(name: str) -> Callable[[dict[str, Any]], None]:
    def mutate(request: dict[str, Any]) -> None:
        request[DEF]["InputDataConfig"] = [
            c for c in request[DEF]["InputDataConfig"] if c["ChannelName"] != name
        ]

    return mutate


# (id, mutation of base_request, the path named, the rule)
ERRORS = [
    (
        "misspelt XGBoost hyperparameter",
        setting((f"{STATIC}.num_rounds", "50"), (f"{STATIC}.num_round", None)),
        f"{STATIC}.num_rounds",
        "builtin-hyperparameter-names",
    ),
    (
        "misspelt tuned hyperparameter",
        setting((f"{RANGES}.IntegerParameterRanges[0].Name", "max_dept")),
        f"{RANGES}.IntegerParameterRanges[0].Name",
        "builtin-hyperparameter-names",
    ),
    (
        "XGBoost without num_round",
        setting((f"{STATIC}.num_round", None)),
        STATIC,
        "builtin-required-hyperparameters",
    ),
    ("k-means without k and feature_dim", kmeans({}), STATIC, "builtin-required-hyperparameters"),
    (
        "eta tuned up to 2",
        setting((f"{RANGES}.ContinuousParameterRanges[0].MaxValue", "2")),
        f"{RANGES}.ContinuousParameterRanges[0].MaxValue",
        "builtin-hyperparameter-values",
    ),
    (
        "static value outside the allowed ones",
        setting((f"{STATIC}.objective", "binary:logistics")),
        f"{STATIC}.objective",
        "builtin-hyperparameter-values",
    ),
    (
        "categorical value the algorithm does not take",
        setting((f"{RANGES}.CategoricalParameterRanges[0].Values", ["gbtree", "gbforest"])),
        f"{RANGES}.CategoricalParameterRanges[0].Values[1]",
        "builtin-hyperparameter-values",
    ),
    (
        "k of 1 for k-means (k > 1)",
        kmeans({"k": "1", "feature_dim": "10"}),
        f"{STATIC}.k",
        "builtin-hyperparameter-values",
    ),
]

WARNINGS = [
    (
        "Minimize on AUC",
        setting((f"{OBJECTIVE}.Type", "Minimize")),
        f"{OBJECTIVE}.Type",
        "builtin-objective-direction",
    ),
    (
        "validation:auc without a validation channel",
        without_channel("validation"),
        f"{OBJECTIVE}.MetricName",
        "builtin-objective-channel",
    ),
    (
        "a name BlazingText's page does not list",
        setting(
            (f"{DEF}.AlgorithmSpecification.TrainingImage", BLAZINGTEXT_IMAGE),
            (STATIC, {"mode": "supervised", "epoch": "5"}),
            (OBJECTIVE, {"Type": "Maximize", "MetricName": "validation:accuracy"}),
            (RANGES, {"IntegerParameterRanges": [{"Name": "epochs", "MinValue": "1", "MaxValue": "9"}]}),
        ),
        f"{STATIC}.epoch",
        "builtin-hyperparameter-names-listed",
    ),
]

COMPLIANT = [
    ("the base XGBoost request", lambda r: None),
    ("an alias of a declared name", setting((f"{STATIC}.learning_rate", "0.3"))),
    (
        "a word some algorithms take for a number",
        kmeans({"k": "3", "feature_dim": "10", "extra_center_factor": "auto"}),
    ),
    ("k-means with what it requires", kmeans({"k": "3", "feature_dim": "10"})),
    (
        "a required one tuned instead of static",
        setting(
            (f"{STATIC}.num_round", None),
            (
                f"{RANGES}.IntegerParameterRanges",
                [{"Name": "num_round", "MinValue": "10", "MaxValue": "100"}],
            ),
        ),
    ),
    (
        "eta tuned over all it accepts",
        setting(
            (f"{RANGES}.ContinuousParameterRanges[0].MinValue", "0"),
            (f"{RANGES}.ContinuousParameterRanges[0].MaxValue", "1"),
        ),
    ),
    (
        "script mode",
        setting(
            (f"{STATIC}.sagemaker_program", "train.py"),
            (f"{STATIC}.num_rounds", "5"),
            (f"{STATIC}.num_round", None),
        ),
    ),
    (
        "a custom image is never judged",
        setting(
            (f"{DEF}.AlgorithmSpecification.TrainingImage", CUSTOM_IMAGE),
            (
                f"{DEF}.AlgorithmSpecification.MetricDefinitions",
                [{"Name": "validation:auc", "Regex": "auc=([0-9.]+)"}],
            ),
            (f"{STATIC}.num_rounds", "5"),
            (f"{STATIC}.num_round", None),
            (f"{OBJECTIVE}.Type", "Minimize"),
        ),
    ),
]


@pytest.mark.parametrize(("mutate", "path", "rule"), [pytest.param(*c[1:], id=c[0]) for c in ERRORS])
def test_refused_on_a_raw_request(mutate: Callable[[dict[str, Any]], None], path: str, rule: str) -> None:
    # GIVEN a valid request with one mistake the algorithm refuses
    request = base_request()
    mutate(request)
    # WHEN validated
    errors = validate_request(request).errors
    # THEN an error of the rule names the field
    assert (path, rule) in [(e.path, e.rule) for e in errors], "\n".join(map(str, errors))


@pytest.mark.parametrize(("mutate", "path", "rule"), [pytest.param(*c[1:], id=c[0]) for c in WARNINGS])
def test_warned_on_a_raw_request(mutate: Callable[[dict[str, Any]], None], path: str, rule: str) -> None:
    request = base_request()
    mutate(request)
    report = validate_request(request)
    assert report.errors == [], "\n".join(map(str, report.errors))
    assert (path, rule) in [(w.path, w.rule) for w in report.warnings], "\n".join(map(str, report.warnings))


@pytest.mark.parametrize("mutate", [pytest.param(c[1], id=c[0]) for c in COMPLIANT])
def test_compliant_raw_request(mutate: Callable[[dict[str, Any]], None]) -> None:
    request = base_request()
    mutate(request)
    report = validate_request(request)
    assert report.errors == [], "\n".join(map(str, report.errors))
    assert not [w for w in report.warnings if w.rule.startswith("builtin-")], report.warnings


def test_the_messages_say_what_to_change() -> None:
    # GIVEN the XGBoost mistakes together
    request = base_request()
    setting(
        (f"{STATIC}.num_rounds", "50"),
        (f"{STATIC}.num_round", None),
        (f"{RANGES}.ContinuousParameterRanges[0].MaxValue", "2"),
    )(request)
    # WHEN validated
    messages = "\n".join(map(str, validate_request(request).errors))
    # THEN each names the field, the value and what is allowed
    assert (
        "StaticHyperParameters.num_rounds: 'num_rounds' is not a hyperparameter of the built-in algorithm 'sagemaker-xgboost'; did you mean 'num_round'?"
        in messages
    )
    assert "lacks 'num_round', which the built-in algorithm 'sagemaker-xgboost' requires" in messages
    assert (
        "MaxValue: '2' is outside what 'eta' of 'sagemaker-xgboost' accepts: the range must lie within a number >= 0 and <= 1"
        in messages
    )


# -- the typed API ----------------------------------------------------------------------------------------


def _typed(stack: Stack, **props: Any) -> HyperParameterTuningJob:
    bucket = s3.Bucket.from_bucket_name(stack, "Data", "example-bucket")
    definition: dict[str, Any] = {
        "algorithm": TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
        "inputs": [
            TrainingInput.from_bucket(bucket, f"{c}/", channel_name=c, content_type="text/csv")
            for c in ("train", "validation")
        ],
        "output": TrainingOutput(bucket, "out/"),
        "static_hyperparameters": {"objective": "binary:logistic", "num_round": 100},
    }
    definition.update(props.pop("training", {}))
    return HyperParameterTuningJob(
        stack,
        "Job",
        **{
            "objective": TuningObjective.maximize("validation:auc"),
            "parameter_ranges": [ContinuousParameter("eta", 0.1, 0.5), IntegerParameter("max_depth", 3, 10)],
            "max_training_jobs": 4,
            "training": TrainingJobDefinition(**definition),
            **props,
        },
    )


def _stack() -> Stack:
    return Stack(App(), "Typed", env=Environment(account="123456789012", region="us-east-1"))


@pytest.mark.parametrize(
    ("props", "words"),
    [
        (
            {"training": {"static_hyperparameters": {"num_rounds": 100}}},
            "StaticHyperParameters.num_rounds (training.static_hyperparameters['num_rounds']): 'num_rounds' is "
            "not a hyperparameter of the built-in algorithm 'sagemaker-xgboost'; did you mean 'num_round'?",
        ),
        (
            {"training": {"static_hyperparameters": {"objective": "binary:logistic"}}},
            "lacks 'num_round', which the built-in algorithm 'sagemaker-xgboost' requires",
        ),
        (
            {"parameter_ranges": [ContinuousParameter("eta", 0.1, 2)]},
            "ContinuousParameterRanges[0].MaxValue (parameter_ranges[0].max_value): '2' is outside what 'eta'",
        ),
        (
            {
                "training": {"algorithm": TrainingAlgorithm.builtin(BuiltInAlgorithm.KMEANS)},
                "objective": TuningObjective.minimize("test:msd"),
                "parameter_ranges": [IntegerParameter("epochs", 1, 5)],
            },
            "lacks 'feature_dim', 'k', which the built-in algorithm 'kmeans' requires",
        ),
    ],
)
def test_refused_on_the_typed_api(props: dict[str, Any], words: str) -> None:
    with pytest.raises(TuningJobValidationError) as error:
        _typed(_stack(), **props)
    assert words in str(error.value)


def test_warned_on_the_typed_api() -> None:
    # GIVEN a typed job minimizing AUC, without its validation channel
    stack = _stack()
    bucket = s3.Bucket.from_bucket_name(stack, "Train", "example-bucket")
    job = _typed(
        stack,
        objective=TuningObjective.minimize("validation:auc"),
        training={"inputs": [TrainingInput.from_bucket(bucket, "train/", channel_name="train")]},
    )
    # WHEN the warnings are read
    warnings = [entry.data for entry in job.node.metadata if entry.type == "aws:cdk:warning"]
    # THEN both mistakes are named, with the typed prop, and the synth is not refused
    assert any(
        "HyperParameterTuningJobObjective.Type (objective)" in str(w) and "use 'Maximize'" in str(w)
        for w in warnings
    ), warnings
    assert any("computed on the 'validation' channel" in str(w) for w in warnings), warnings


def test_a_compliant_typed_job_has_no_finding() -> None:
    stack = _stack()
    job = _typed(stack)
    assert [entry for entry in job.node.metadata if entry.type == "aws:cdk:warning"] == []
