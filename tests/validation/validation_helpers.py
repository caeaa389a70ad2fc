"""Shared by the validation tests: a valid base request, and the CloudFormation string round trip."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from botocore.model import Shape

from cdk_sagemaker_tuning.validation.structural import input_shape

XGBOOST_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
CUSTOM_IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/my-trainer:latest"
ROLE_ARN = "arn:aws:iam::123456789012:role/TrainingRole"


def base_request() -> dict[str, Any]:
    """A valid single-algorithm Bayesian request over SageMaker's built-in XGBoost."""
    return {
        "HyperParameterTuningJobName": "xgb-tuning-1",
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 3},
            "ParameterRanges": {
                "ContinuousParameterRanges": [
                    {"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5", "ScalingType": "Auto"},
                ],
                "IntegerParameterRanges": [
                    {"Name": "max_depth", "MinValue": "1", "MaxValue": "10", "ScalingType": "Auto"},
                ],
                "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}],
            },
            "TrainingJobEarlyStoppingType": "Auto",
        },
        "TrainingJobDefinition": {
            "AlgorithmSpecification": {"TrainingImage": XGBOOST_IMAGE, "TrainingInputMode": "File"},
            "RoleArn": ROLE_ARN,
            "StaticHyperParameters": {"num_round": "100", "objective": "binary:logistic"},
            "InputDataConfig": [
                {
                    "ChannelName": "train",
                    "DataSource": {
                        "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/data/train"}
                    },
                }
            ],
            "OutputDataConfig": {"S3OutputPath": "s3://bucket/output"},
            "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
        },
        "Tags": [{"Key": "project", "Value": "xgboost"}],
    }


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


# -- the CloudFormation round trip ------------------------------------------------------------------------
# CloudFormation hands every scalar of a custom resource's properties to the handler as a string. This
# restorer converts them back by the service model, as the handler must. It is written here rather than
# imported because the handler's restorer (lambda/tuning_job/) is being written in parallel.


def stringify(value: Any) -> Any:
    """What CloudFormation delivers: every scalar as a string (booleans as "true"/"false")."""
    if isinstance(value, Mapping):
        return {key: stringify(item) for key, item in value.items()}
    if isinstance(value, list):
        return [stringify(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def restore(value: Any, shape: Shape | None = None) -> Any:
    """The request with each string converted back to the type the service model gives its field."""
    shape = shape or input_shape()
    kind = shape.type_name
    if kind == "structure":
        return {key: restore(item, shape.members[key]) for key, item in value.items()}
    if kind == "list":
        return [restore(item, shape.member) for item in value]
    if kind == "map":
        return {key: restore(item, shape.value) for key, item in value.items()}
    if kind in ("integer", "long"):
        return int(value)
    if kind in ("float", "double"):
        return float(value)
    if kind == "boolean":
        return value == "true"
    return value
