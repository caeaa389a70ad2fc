"""Service limits the API model does not carry (issue 20, item 3), and metric regexes (item 2).

Each rule has a compliant and a non-compliant case, on raw requests and on the typed API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from aws_cdk import App, Duration, Environment, Stack
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template
from validation_helpers import base_request

from cdk_sagemaker_tuning import (
    MetricDefinition,
    TrainingAlgorithm,
    TuningJobValidationError,
)
from cdk_sagemaker_tuning._core.request_paths import set_path
from cdk_sagemaker_tuning.validation import validate_request
from tests.samples import CUSTOM_IMAGE, typed_job

DEF = "TrainingJobDefinition"
CHANNEL_URI = f"{DEF}.InputDataConfig[0].DataSource.S3DataSource.S3Uri"
KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def setting(*pairs: tuple[str, Any]) -> Callable[[dict[str, Any]], None]:
    def mutate(request: dict[str, Any]) -> None:
        for path, value in pairs:
            set_path(request, path, value)

    return mutate


def custom_metrics(*regexes: str) -> Callable[[dict[str, Any]], None]:
    def mutate(request: dict[str, Any]) -> None:
        request[DEF]["AlgorithmSpecification"] = {
            "TrainingImage": CUSTOM_IMAGE,
            "TrainingInputMode": "File",
            "MetricDefinitions": [{"Name": f"m{i}", "Regex": r} for i, r in enumerate(regexes)],
        }
        request["HyperParameterTuningJobConfig"]["HyperParameterTuningJobObjective"]["MetricName"] = "m0"
        request[DEF]["StaticHyperParameters"] = {}
        request["HyperParameterTuningJobConfig"]["ParameterRanges"] = {
            "IntegerParameterRanges": [{"Name": "depth", "MinValue": "1", "MaxValue": "5"}]
        }

    return mutate


ERRORS = [
    (
        "runtime over 28 days",
        setting((f"{DEF}.StoppingCondition.MaxRuntimeInSeconds", 2_419_201)),
        f"{DEF}.StoppingCondition.MaxRuntimeInSeconds",
        "runtime-within-28-days",
    ),
    (
        "spot wait over 28 days",
        setting(
            (f"{DEF}.EnableManagedSpotTraining", True),
            (f"{DEF}.StoppingCondition.MaxWaitTimeInSeconds", 2_500_000),
        ),
        f"{DEF}.StoppingCondition.MaxWaitTimeInSeconds",
        "runtime-within-28-days",
    ),
    (
        "volume key on ml.g4dn",
        setting(
            (f"{DEF}.ResourceConfig.InstanceType", "ml.g4dn.xlarge"),
            (f"{DEF}.ResourceConfig.VolumeKmsKeyId", KEY_ARN),
        ),
        f"{DEF}.ResourceConfig.VolumeKmsKeyId",
        "volume-key-with-local-storage",
    ),
    (
        "volume key on an ml.p3dn tuning instance config",
        setting(
            (f"{DEF}.ResourceConfig", None),
            (
                f"{DEF}.HyperParameterTuningResourceConfig",
                {
                    "InstanceConfigs": [
                        {"InstanceType": "ml.p3dn.24xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10}
                    ],
                    "VolumeKmsKeyId": KEY_ARN,
                },
            ),
        ),
        f"{DEF}.HyperParameterTuningResourceConfig.VolumeKmsKeyId",
        "volume-key-with-local-storage",
    ),
    (
        "bucket with a space",
        setting((CHANNEL_URI, "s3://my bucket/data")),
        CHANNEL_URI,
        "s3-bucket-characters",
    ),
    (
        "regex that cannot compile",
        custom_metrics("loss=([0-9.]+"),
        f"{DEF}.AlgorithmSpecification.MetricDefinitions[0].Regex",
        "metric-regex",
    ),
    (
        "regex without a capture group",
        custom_metrics("loss=[0-9.]+"),
        f"{DEF}.AlgorithmSpecification.MetricDefinitions[0].Regex",
        "metric-regex",
    ),
]

WARNINGS = [
    (
        "upper case and underscore",
        setting((CHANNEL_URI, "s3://My_Bucket/data")),
        CHANNEL_URI,
        "s3-bucket-name",
    ),
    ("adjacent periods", setting((CHANNEL_URI, "s3://my..bucket/data")), CHANNEL_URI, "s3-bucket-name"),
    ("too short", setting((CHANNEL_URI, "s3://ab/data")), CHANNEL_URI, "s3-bucket-name"),
    (
        "https output path",
        setting((f"{DEF}.OutputDataConfig.S3OutputPath", "https://bucket/output")),
        f"{DEF}.OutputDataConfig.S3OutputPath",
        "s3-scheme",
    ),
]

COMPLIANT = [
    ("runtime of exactly 28 days", setting((f"{DEF}.StoppingCondition.MaxRuntimeInSeconds", 2_419_200))),
    (
        "volume key on ml.m5",
        setting((f"{DEF}.ResourceConfig.VolumeKmsKeyId", KEY_ARN)),
    ),
    ("local storage without a key", setting((f"{DEF}.ResourceConfig.InstanceType", "ml.g5.xlarge"))),
    ("dotted bucket", setting((CHANNEL_URI, "s3://data.example-1/train/"))),
    ("bucket only", setting((CHANNEL_URI, "s3://example-bucket"))),
    ("regex with a group", custom_metrics(r"loss=([0-9\.]+)", r"(?P<acc>\d+)%")),
]


@pytest.mark.parametrize(("mutate", "path", "rule"), [pytest.param(*c[1:], id=c[0]) for c in ERRORS])
def test_refused(mutate: Callable[[dict[str, Any]], None], path: str, rule: str) -> None:
    # GIVEN a valid request with one mistake the service refuses
    request = base_request()
    mutate(request)
    # WHEN validated
    errors = validate_request(request).errors
    # THEN the rule names the field
    assert (path, rule) in [(e.path, e.rule) for e in errors], "\n".join(map(str, errors))


@pytest.mark.parametrize(("mutate", "path", "rule"), [pytest.param(*c[1:], id=c[0]) for c in WARNINGS])
def test_warned(mutate: Callable[[dict[str, Any]], None], path: str, rule: str) -> None:
    # GIVEN a request the documentation leaves in doubt
    request = base_request()
    mutate(request)
    # WHEN validated
    report = validate_request(request)
    # THEN a warning names the field and the page, and nothing is refused
    assert report.errors == []
    [warning] = [w for w in report.warnings if w.rule == rule]
    assert warning.path == path and "https://docs.aws.amazon.com/" in warning.message


@pytest.mark.parametrize("mutate", [pytest.param(c[1], id=c[0]) for c in COMPLIANT])
def test_compliant(mutate: Callable[[dict[str, Any]], None]) -> None:
    request = base_request()
    mutate(request)
    report = validate_request(request)
    assert report.errors == []
    assert not [w for w in report.warnings if w.rule.startswith(("s3-", "volume-", "runtime-", "metric-"))]


def test_token_bucket_is_not_judged_but_its_literal_scheme_is() -> None:
    # GIVEN locations whose bucket is a token
    stack = Stack(App(), "S")
    bucket = s3.Bucket(stack, "B")
    request = base_request()
    set_path(request, CHANNEL_URI, bucket.s3_url_for_object("data"))
    set_path(request, f"{DEF}.OutputDataConfig.S3OutputPath", f"https://{bucket.bucket_name}/out")
    # WHEN validated
    report = validate_request(request)
    # THEN the bucket names are skipped, the https:// scheme is still seen
    assert report.errors == []
    assert [w.rule for w in report.warnings if w.rule.startswith("s3-")] == ["s3-scheme"]


# -- the typed API ----------------------------------------------------------------------------------------


def _stack() -> Stack:
    return Stack(App(), "Typed", env=Environment(account="123456789012", region="us-east-1"))


def test_typed_runtime_over_28_days_is_refused() -> None:
    with pytest.raises(TuningJobValidationError, match=r"MaxRuntimeInSeconds \(.*\): 2592000 is more"):
        typed_job(_stack(), training_props={"max_runtime": Duration.days(30)})


def test_typed_regex_without_group_is_refused() -> None:
    with pytest.raises(TuningJobValidationError, match="has no capture group"):
        typed_job(
            _stack(),
            training_props={
                "algorithm": TrainingAlgorithm.from_image_uri(
                    CUSTOM_IMAGE, metric_definitions=[MetricDefinition("validation:auc", "auc=[0-9.]+")]
                )
            },
        )


def test_typed_volume_key_on_local_storage_is_refused() -> None:
    stack = _stack()
    with pytest.raises(TuningJobValidationError, match="volume-key-with-local-storage"):
        typed_job(
            stack,
            training_props={
                "instance_type": "ml.g4dn.xlarge",
                "volume_encryption_key": kms.Key(stack, "Key"),
            },
        )


def _kms_grants(template: Template) -> list[Any]:
    return [
        statement
        for policy in template.find_resources("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if "kms:CreateGrant" in statement["Action"]
    ]


@pytest.mark.parametrize(("instance_type", "grants"), [("ml.m5.xlarge", 1), ("ml.g5.xlarge", 0)])
def test_typed_api_grants_a_volume_key_only_where_sagemaker_uses_it(instance_type: str, grants: int) -> None:
    # GIVEN a typed job on one instance type with a volume key (refused on local storage)
    stack = _stack()
    try:
        typed_job(
            stack,
            training_props={"instance_type": instance_type, "volume_encryption_key": kms.Key(stack, "Key")},
        )
    except TuningJobValidationError as error:
        assert "volume-key-with-local-storage" in str(error)
    # WHEN the stack's policies are read
    statements = [
        statement
        for policy in Template.from_stack(stack).find_resources("AWS::IAM::Policy").values()
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
        if "kms:CreateGrant" in statement["Action"]
    ]
    # THEN the role may create a grant for the key only where SageMaker uses it
    assert len(statements) == grants
