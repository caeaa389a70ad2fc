"""Sample requests and jobs shared by the tests: one XGBoost request, written once, and its variants.

This module is the one source of the sample request; every other sample derives from it:

- ``xgboost_request`` is the small valid single-algorithm request every test starts from (with a literal
  or token role and output path);
- ``base_request`` is its richer variant that the validation tests mutate field by field;
- ``multi_request`` is the multi-algorithm form;
- ``deployed_request`` is the request as the example stack deploys it, which the handler tests and the
  lifecycle scenarios send (``tests/support/cfn_events.py`` and ``tests/harness/sample.py`` take it from
  here);
- ``typed_job`` declares a minimal job with the typed API, for tests of job-level props.
"""

from __future__ import annotations

import copy
from typing import Any

from aws_cdk import App, Environment, Stack
from aws_cdk import aws_s3 as s3

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    HyperParameterTuningJob,
    IntegerParameter,
    MetricDefinition,
    TrainingAlgorithm,
    TrainingJobDefinition,
    TrainingOutput,
    TuningJobValidationError,
    TuningObjective,
)
from cdk_sagemaker_tuning._data.builtin_specs import SPECS
from cdk_sagemaker_tuning._data.builtin_specs.types import Hyperparameter

# An image URI of SageMaker's built-in XGBoost in us-east-1 (sagemaker-python-sdk image_uri_config).
XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
CUSTOM_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:latest"
ROLE_ARN = "arn:aws:iam::123456789012:role/TrainingRole"
OUTPUT_PATH = "s3://example-bucket/output"


def xgboost_request(
    role_arn: str = ROLE_ARN, output_path: str = OUTPUT_PATH, **overrides: Any
) -> dict[str, Any]:
    """A small, valid CreateHyperParameterTuningJob request; ``overrides`` replace top-level keys."""
    request: dict[str, Any] = {
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 4, "MaxParallelTrainingJobs": 2},
            "ParameterRanges": {
                "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "3", "MaxValue": "10"}],
            },
        },
        "TrainingJobDefinition": {
            "AlgorithmSpecification": {"TrainingImage": XGBOOST_IMAGE, "TrainingInputMode": "File"},
            "RoleArn": role_arn,
            "StaticHyperParameters": {"objective": "binary:logistic", "num_round": "50"},
            "OutputDataConfig": {"S3OutputPath": output_path},
            "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        },
    }
    request.update(copy.deepcopy(overrides))
    return request


def base_request() -> dict[str, Any]:
    """The XGBoost request with a name, one range of each kind, train and validation channels, early stopping
    and a tag."""
    request = xgboost_request(
        HyperParameterTuningJobName="xgb-tuning-1", Tags=[{"Key": "project", "Value": "xgboost"}]
    )
    config = request["HyperParameterTuningJobConfig"]
    config["ResourceLimits"] = {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 3}
    config["ParameterRanges"] = {
        "ContinuousParameterRanges": [
            {"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5", "ScalingType": "Auto"}
        ],
        "IntegerParameterRanges": [
            {"Name": "max_depth", "MinValue": "1", "MaxValue": "10", "ScalingType": "Auto"}
        ],
        "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}],
    }
    config["TrainingJobEarlyStoppingType"] = "Auto"
    definition = request["TrainingJobDefinition"]
    definition["StaticHyperParameters"] = {"num_round": "100", "objective": "binary:logistic"}
    definition["InputDataConfig"] = [
        {
            "ChannelName": channel,
            "DataSource": {
                "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://bucket/data/{channel}"}
            },
        }
        for channel in ("train", "validation")  # the objective, validation:auc, is the validation channel's
    ]
    definition["OutputDataConfig"] = {"S3OutputPath": "s3://bucket/output"}
    return request


#: The example stack's names, as ``deployed_request`` carries them (the handler tests read them back).
DEPLOYED_ROLE_ARN = "arn:aws:iam::123456789012:role/XgboostTuningExample-TrainingRole"
DEPLOYED_BUCKET = "example-data"
DEPLOYED_PROJECT_TAG = "xgboost-tuning-example"


def deployed_request(**overrides: Any) -> dict[str, Any]:
    """``base_request`` as the example stack deploys it: no fixed name (the handler generates one), a
    continuous and an integer range, the example's role, bucket and tag, network isolation.

    Typed as a template holds it, before CloudFormation stringifies it (``cfn_events.cfn_stringify``);
    ``overrides`` replace top-level keys (as given, not copied).
    """
    request = base_request()
    del request["HyperParameterTuningJobName"]
    del request["HyperParameterTuningJobConfig"]["ParameterRanges"]["CategoricalParameterRanges"]
    definition = request["TrainingJobDefinition"]
    definition["RoleArn"] = DEPLOYED_ROLE_ARN
    definition["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"] = (
        f"s3://{DEPLOYED_BUCKET}/data/train"
    )
    definition["OutputDataConfig"] = {"S3OutputPath": f"s3://{DEPLOYED_BUCKET}/output"}
    definition["EnableNetworkIsolation"] = True
    request["Tags"] = [{"Key": "project", "Value": DEPLOYED_PROJECT_TAG}]
    request.update(overrides)
    return request


def multi_request() -> dict[str, Any]:
    """A valid multi-algorithm request: two definitions with their own names, objectives and ranges."""
    request = base_request()
    config = request["HyperParameterTuningJobConfig"]
    objective = config.pop("HyperParameterTuningJobObjective")
    ranges = config.pop("ParameterRanges")
    config["TrainingJobEarlyStoppingType"] = "Off"
    single = request.pop("TrainingJobDefinition")
    definitions = []
    for name in ("xgb-a", "xgb-b"):
        definition = copy.deepcopy(single)
        definition["DefinitionName"] = name
        definition["TuningObjective"] = dict(objective)
        definition["HyperParameterRanges"] = copy.deepcopy(ranges)
        definitions.append(definition)
    request["TrainingJobDefinitions"] = definitions
    return request


def typed_job(
    stack: Stack, id: str = "Job", *, training_props: dict[str, Any] | None = None, **job_props: Any
) -> HyperParameterTuningJob:
    """A typed XGBoost job over ``max_depth``; ``job_props`` replace or add the job's props, and
    ``training_props`` those of its TrainingJobDefinition."""
    bucket = s3.Bucket.from_bucket_name(stack, f"{id}Bucket", "example-bucket")
    definition: dict[str, Any] = {
        "algorithm": TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
        "output": TrainingOutput(bucket, "output/"),
        "static_hyperparameters": {"objective": "binary:logistic", "num_round": 50},
        **(training_props or {}),
    }
    props: dict[str, Any] = {
        "objective": TuningObjective.maximize("validation:auc"),
        "parameter_ranges": [IntegerParameter("max_depth", 3, 10)],
        "max_training_jobs": 4,
        "training": TrainingJobDefinition(**definition),
    }
    props.update(job_props)
    return HyperParameterTuningJob(stack, id, **props)


def custom_training() -> dict[str, Any]:
    """``training_props`` of :func:`typed_job` for a custom container that defines ``validation:auc``: for
    tests of generic hyperparameter names, which a built-in algorithm would refuse."""
    return {
        "algorithm": TrainingAlgorithm.from_image_uri(
            CUSTOM_IMAGE, metric_definitions=[MetricDefinition("validation:auc", r"auc=([0-9.]+)")]
        ),
        "static_hyperparameters": {},
    }


def custom_algorithm_request() -> dict[str, Any]:
    """:func:`xgboost_request` on a custom container that defines ``validation:auc``, without static
    hyperparameters: for tests of generic hyperparameter names."""
    request = xgboost_request()
    definition = request["TrainingJobDefinition"]
    definition["AlgorithmSpecification"] = {
        "TrainingImage": CUSTOM_IMAGE,
        "TrainingInputMode": "File",
        "MetricDefinitions": [{"Name": "validation:auc", "Regex": r"auc=([0-9.]+)"}],
    }
    del definition["StaticHyperParameters"]
    return request


def typed_request(**job_props: Any) -> dict[str, Any]:
    """The resolved request of :func:`typed_job` in a fresh stack (through the public ``request``)."""
    stack = Stack(App(), "Typed", env=Environment(account="123456789012", region="us-east-1"))
    return stack.resolve(typed_job(stack, **job_props).request)


def findings(**job_props: Any) -> str:
    """The message of the ``TuningJobValidationError`` that :func:`typed_job` raises with these props."""
    stack = Stack(App(), "Typed", env=Environment(account="123456789012", region="us-east-1"))
    try:
        typed_job(stack, **job_props)
    except TuningJobValidationError as error:
        return str(error)
    raise AssertionError("the job was declared without a validation error")


def valid_hyperparameters(repository: str) -> tuple[dict[str, str], IntegerParameter]:
    """Static hyperparameters a built-in algorithm accepts (every required one, with an allowed value), and
    a range over an integer hyperparameter it declares (the first not given statically)."""
    spec = SPECS[repository]

    def allowed(name: str, hyperparameter: Hyperparameter) -> int | str:
        if hyperparameter.values:
            return hyperparameter.values[0]
        low, high = hyperparameter.minimum, hyperparameter.maximum
        if hyperparameter.kind == "integer" and low is not None and high is not None:
            return int((low + high) // 2) or int(high)
        if hyperparameter.kind in ("integer", "continuous") and low is not None:
            return int(low) + 1
        return 1

    static = {n: str(allowed(n, h)) for n, h in spec.hyperparameters.items() if h.required}
    integers = [
        n
        for n, h in spec.hyperparameters.items()
        if h.kind in ("integer", "text") and n not in static and not n.startswith("_")
    ]
    name = integers[0]
    first = int(allowed(name, spec.hyperparameters[name]))
    high = spec.hyperparameters[name].maximum
    low_value, high_value = (
        (first - 1, first) if high is not None and first + 1 > high else (first, first + 1)
    )
    return static, IntegerParameter(name, low_value, high_value)
