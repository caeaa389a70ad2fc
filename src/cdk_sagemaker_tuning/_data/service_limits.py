"""Limits of SageMaker training that botocore's service model does not carry, each with the page it is from.

Written by hand (the pages are prose, not a model): each fact names its page, and the rules of
``validation/service_limits.py`` cite the same. Update a fact together with its source.
"""

from __future__ import annotations

from typing import NamedTuple


class Fact(NamedTuple):
    """A documented fact and the page that states it."""

    value: object
    source: str


_API = "https://docs.aws.amazon.com/sagemaker/latest/APIReference/"

#: API_StoppingCondition, MaxRuntimeInSeconds: "The default value is 1 day. The maximum value is 28 days."
#: MaxWaitTimeInSeconds, at least MaxRuntimeInSeconds, has the same maximum. botocore's model gives only
#: ``min: 1`` for both.
MAX_TRAINING_SECONDS = Fact(28 * 24 * 60 * 60, _API + "API_StoppingCondition.html")

#: API_ResourceConfig, VolumeKmsKeyId (HyperParameterTuningResourceConfig "supports the capabilities of
#: ResourceConfig"): "Certain Nitro-based
#: instances include local storage ... You can't request a VolumeKmsKeyId when using an instance type with
#: local storage"; the developer guide's "Key management" says the same. Which types have local storage
#: is EC2's table "Instance store volumes"; the families here are the SageMaker training families with
#: NVMe instance store volumes (the developer guide's "Storage folders for training" names ml.p4d,
#: ml.g4dn and ml.g5 as examples). A family missing here is not judged, never wrongly refused.
LOCAL_STORAGE_FAMILIES = Fact(
    frozenset(
        {
            "c5d",
            "g4dn",
            "g5",
            "g6",
            "g6e",
            "m5d",
            "p3dn",
            "p4d",
            "p4de",
            "p5",
            "p5e",
            "p5en",
            "r5d",
            "trn1",
            "trn1n",
            "trn2",
        }
    ),
    _API + "API_ResourceConfig.html; https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/"
    "InstanceStorage.html#instance-store-volumes",
)

#: Amazon S3 User Guide, "General purpose bucket naming rules". Every bucket, even one created before
#: the current rules (legacy buckets of us-east-1 may have upper-case letters and underscores, up to 255
#: characters), is named with letters, digits, periods, hyphens and underscores only.
S3_BUCKET_NAMING = Fact(
    {"min_length": 3, "max_length": 63, "legacy_max_length": 255},
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
)

#: The S3 locations of a training job are ``s3://bucket/prefix`` in every example of the API reference
#: (API_S3DataSource S3Uri, API_OutputDataConfig S3OutputPath, API_CheckpointConfig S3Uri); the model's
#: pattern ``(https|s3)://([^/]+)/?(.*)`` admits ``https://`` too, which the pages never show for them.
S3_SCHEME = Fact(
    "s3://",
    _API + "API_S3DataSource.html; " + _API + "API_OutputDataConfig.html",
)


def instance_family(instance_type: str) -> str:
    """``ml.g4dn.xlarge`` -> ``g4dn``; the text unchanged when it is not an ``ml.`` instance type."""
    parts = instance_type.split(".")
    return parts[1] if len(parts) == 3 and parts[0] == "ml" else instance_type


def has_local_storage(instance_type: str) -> bool:
    """Whether an instance type's storage is local NVMe, encrypted by the instance, not by a KMS key."""
    return instance_family(instance_type) in LOCAL_STORAGE_FAMILIES.value  # type: ignore[operator]
