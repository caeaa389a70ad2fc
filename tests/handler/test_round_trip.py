"""Round trip: the Request a synthesized template holds survives CloudFormation's stringification.

CloudFormation hands a custom resource every scalar as a string. The handler's shape-driven restoration
must give back exactly the typed request the construct rendered, and that request must pass botocore's own
parameter validation for CreateHyperParameterTuningJob.
"""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template
from botocore.validate import validate_parameters

from cdk_sagemaker_tuning import RESOURCE_TYPE, HyperParameterTuningJob
from cdk_sagemaker_tuning._handler import create_plan, lifecycle, request_types
from tests.support.cfn_events import cfn_event, cfn_stringify

# Literal stand-ins for what CloudFormation resolves at deploy time.
_PSEUDO = {
    "AWS::Region": "us-east-1",
    "AWS::AccountId": "123456789012",
    "AWS::Partition": "aws",
    "AWS::URLSuffix": "amazonaws.com",
    "AWS::StackName": "RoundTrip",
}


def _definition(
    name: str, role: iam.IRole, bucket: s3.IBucket, vpc: ec2.IVpc, sg: ec2.ISecurityGroup
) -> dict[str, Any]:
    image = f"683313688378.dkr.ecr.{cdk.Aws.REGION}.{cdk.Aws.URL_SUFFIX}/sagemaker-xgboost:1.7-1"
    return {
        "DefinitionName": name,
        "TuningObjective": {"Type": "Minimize", "MetricName": "validation:rmse"},
        "HyperParameterRanges": {
            "ContinuousParameterRanges": [
                {"Name": "eta", "MinValue": "0.01", "MaxValue": "0.3", "ScalingType": "Logarithmic"}
            ],
            "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "2", "MaxValue": "12"}],
            "CategoricalParameterRanges": [{"Name": "booster", "Values": ["gbtree", "dart"]}],
        },
        "StaticHyperParameters": {"objective": "reg:squarederror", "num_round": "200"},
        "AlgorithmSpecification": {
            "TrainingImage": image,
            "TrainingInputMode": "File",
            "MetricDefinitions": [{"Name": "validation:rmse", "Regex": "validation-rmse:([0-9\\.]+)"}],
        },
        "RoleArn": role.role_arn,
        "InputDataConfig": [
            {
                "ChannelName": "train",
                "ContentType": "text/csv",
                "DataSource": {
                    "S3DataSource": {
                        "S3DataType": "S3Prefix",
                        "S3Uri": bucket.s3_url_for_object("data/train"),
                        "S3DataDistributionType": "ShardedByS3Key",
                    }
                },
                "ShuffleConfig": {"Seed": 4294967301},
            }
        ],
        "VpcConfig": {
            "SecurityGroupIds": [sg.security_group_id],
            "Subnets": vpc.select_subnets(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED).subnet_ids,
        },
        "OutputDataConfig": {"S3OutputPath": bucket.s3_url_for_object("output")},
        "ResourceConfig": {"InstanceType": "ml.m5.2xlarge", "InstanceCount": 2, "VolumeSizeInGB": 30},
        "StoppingCondition": {"MaxRuntimeInSeconds": 7200, "MaxWaitTimeInSeconds": 10800},
        "EnableNetworkIsolation": True,
        "EnableInterContainerTrafficEncryption": False,
        "EnableManagedSpotTraining": True,
        "CheckpointConfig": {"S3Uri": bucket.s3_url_for_object(f"checkpoints/{name}")},
        "RetryStrategy": {"MaximumRetryAttempts": 2},
        "Environment": {"OMP_NUM_THREADS": "4"},
    }


@pytest.fixture(scope="module")
def rendered_request() -> dict[str, Any]:
    # GIVEN a stack with a rich multi-algorithm request full of tokens, numbers, floats and booleans
    app = cdk.App()
    stack = cdk.Stack(app, "RoundTrip")
    bucket = s3.Bucket(stack, "Data")
    role = iam.Role(stack, "TrainingRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    vpc = ec2.Vpc(
        stack,
        "Vpc",
        max_azs=2,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="isolated", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
    )
    sg = ec2.SecurityGroup(stack, "TrainingSg", vpc=vpc)
    HyperParameterTuningJob.from_request(
        stack,
        "Tuning",
        request={
            "HyperParameterTuningJobConfig": {
                "Strategy": "Bayesian",
                "ResourceLimits": {
                    "MaxNumberOfTrainingJobs": 50,
                    "MaxParallelTrainingJobs": 4,
                    "MaxRuntimeInSeconds": 86400,
                },
                "TrainingJobEarlyStoppingType": "Off",
                "TuningJobCompletionCriteria": {
                    "TargetObjectiveMetricValue": 0.125,
                    "BestObjectiveNotImproving": {"MaxNumberOfTrainingJobsNotImproving": 10},
                    "ConvergenceDetected": {"CompleteOnConvergence": "Enabled"},
                },
                "RandomSeed": 42,
            },
            "TrainingJobDefinitions": [
                _definition(name, role, bucket, vpc, sg) for name in ("xgb-small", "xgb-large")
            ],
            "WarmStartConfig": {
                "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": "previous-tuning"}],
                "WarmStartType": "IdenticalDataAndAlgorithm",
            },
            "Tags": [{"Key": "team", "Value": "ml"}],
        },
    )
    cdk.Tags.of(stack).add("cost-center", "1234")

    # WHEN the template is synthesized
    resources = Template.from_stack(stack).find_resources(RESOURCE_TYPE)
    (resource,) = resources.values()
    request: dict[str, Any] = _resolve(resource["Properties"]["Request"])
    return request


def _resolve(node: Any) -> Any:
    """The template value with CloudFormation's intrinsics replaced by plausible literal strings."""
    if isinstance(node, list):
        return [_resolve(item) for item in node]
    if not isinstance(node, dict):
        return node
    if len(node) == 1:
        ((key, value),) = node.items()
        if key == "Ref":
            return _PSEUDO.get(value, f"{value.lower()}-0a1b2c3d")
        if key == "Fn::GetAtt":
            logical_id, attribute = value
            if attribute == "Arn":
                return f"arn:aws:iam::123456789012:role/RoundTrip-{logical_id}-0A1B2C3D"
            return f"{logical_id.lower()}-{attribute.lower()}"
        if key == "Fn::Join":
            separator, parts = value
            return separator.join(str(_resolve(part)) for part in parts)
        if key.startswith("Fn::"):
            raise AssertionError(f"the round trip does not model {key}: add it to _resolve")
    return {key: _resolve(value) for key, value in node.items()}


def test_the_request_survives_cloudformation_stringification(rendered_request: dict[str, Any]) -> None:
    # GIVEN CloudFormation's rendering of the Request: every scalar a string
    delivered = cfn_stringify(rendered_request)
    assert delivered["HyperParameterTuningJobConfig"]["RandomSeed"] == "42"
    assert delivered["TrainingJobDefinitions"][0]["EnableNetworkIsolation"] == "true"

    # WHEN the handler restores the types
    restored = request_types.restore_request(delivered)

    # THEN it is exactly the typed request the construct rendered
    assert restored == rendered_request
    assert (
        restored["HyperParameterTuningJobConfig"]["TuningJobCompletionCriteria"]["TargetObjectiveMetricValue"]
        == 0.125
    )
    assert restored["TrainingJobDefinitions"][1]["InputDataConfig"][0]["ShuffleConfig"]["Seed"] == 4294967301
    # (the tokens became literals: the role ARN, the bucket's S3 URIs, the regional image)
    definition = restored["TrainingJobDefinitions"][0]
    assert definition["RoleArn"].startswith("arn:aws:iam::123456789012:role/RoundTrip-TrainingRole")
    assert definition["InputDataConfig"][0]["DataSource"]["S3DataSource"]["S3Uri"].startswith("s3://data")
    assert ".dkr.ecr.us-east-1.amazonaws.com/" in definition["AlgorithmSpecification"]["TrainingImage"]
    assert len(definition["VpcConfig"]["Subnets"]) == 2
    # and the stack-wide tag reached the request through Tags.of
    assert {"Key": "cost-center", "Value": "1234"} in restored["Tags"]


def test_what_the_handler_sends_passes_botocores_validation(rendered_request: dict[str, Any]) -> None:
    # GIVEN the create event CloudFormation would send for this resource
    event = lifecycle.ResourceEvent.from_cfn(cfn_event("Create", rendered_request))

    # WHEN the handler plans the CreateHyperParameterTuningJob call (name and tags added)
    plan = create_plan.plan_create(event)

    # THEN botocore accepts it against the operation's input shape (raises ParamValidationError otherwise)
    shape = request_types.sagemaker_model().operation_model("CreateHyperParameterTuningJob").input_shape
    assert shape is not None
    validate_parameters(plan.params, shape)


def test_botocore_validation_would_catch_a_stringified_request(rendered_request: dict[str, Any]) -> None:
    # GIVEN the same request without restoration (what a naive handler would send)
    shape = request_types.sagemaker_model().operation_model("CreateHyperParameterTuningJob").input_shape
    assert shape is not None
    unrestored = {**cfn_stringify(rendered_request), "HyperParameterTuningJobName": "round-trip"}

    # THEN the validation this round trip relies on does reject it
    from botocore.exceptions import ParamValidationError

    with pytest.raises(ParamValidationError, match="RandomSeed"):
        validate_parameters(unrestored, shape)
