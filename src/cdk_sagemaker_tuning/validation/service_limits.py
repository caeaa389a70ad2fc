"""Limits of the service that botocore's model does not carry: runtime, volume keys, S3 locations.

The facts, each with its page, are ``_data/service_limits.py``. Where a page is ambiguous the rule is a
warning and its message says which page; every value that is an unresolved CDK token is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from .._data.service_limits import (
    LOCAL_STORAGE_FAMILIES,
    MAX_TRAINING_SECONDS,
    S3_BUCKET_NAMING,
    S3_SCHEME,
    has_local_storage,
)
from . import tokens
from .errors import Problem, show
from .registry import ERROR, WARNING, rule
from .request_parts import definitions

_MAX_SECONDS: int = MAX_TRAINING_SECONDS.value  # type: ignore[assignment]
# The API fields that hold an S3 location of the training jobs (in any definition, at any depth).
_S3_FIELDS = frozenset({"S3Uri", "S3OutputPath"})
_SCHEME_PAGES = dict(zip(("S3Uri", "S3OutputPath"), S3_SCHEME.source.split("; "), strict=True))
# A name every bucket ever created can have: letters, digits, periods, hyphens, underscores.
_LEGACY_BUCKET = re.compile(r"[A-Za-z0-9._-]+")
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]*[a-z0-9]")
_IP_ADDRESS = re.compile(r"\d+\.\d+\.\d+\.\d+")


@rule("runtime-within-28-days", level=ERROR, source=MAX_TRAINING_SECONDS.source)
def runtime_within_28_days(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A training job's MaxRuntimeInSeconds and MaxWaitTimeInSeconds are at most 28 days (2,419,200 s).

    API_StoppingCondition: "The maximum value is 28 days"; botocore's model has no maximum for them.
    """
    for definition in definitions(request):
        condition = tokens.mapping(definition.value.get("StoppingCondition")) or {}
        for field in ("MaxRuntimeInSeconds", "MaxWaitTimeInSeconds"):
            seconds = tokens.integer(condition.get(field))
            if seconds is not None and seconds > _MAX_SECONDS:
                yield Problem(
                    f"{definition.path}.StoppingCondition.{field}",
                    f"{seconds} is more than SageMaker's maximum of {_MAX_SECONDS:,} seconds (28 days) for a "
                    "training job",
                    seconds,
                )


def _instance_types(resources: Mapping[str, Any], path: str) -> Iterator[tuple[str, str]]:
    """(path, instance type) of every known instance type a resource config names."""
    single = tokens.string(resources.get("InstanceType"))
    if single is not None:
        yield f"{path}.InstanceType", single
    for list_field in ("InstanceGroups", "InstanceConfigs"):
        for index, item in enumerate(tokens.items(resources.get(list_field)) or []):
            instance_type = tokens.string(tokens.get(item, "InstanceType"))
            if instance_type is not None:
                yield f"{path}.{list_field}[{index}].InstanceType", instance_type


@rule("volume-key-with-local-storage", level=ERROR, source=LOCAL_STORAGE_FAMILIES.source)
def volume_key_with_local_storage(request: Mapping[str, Any]) -> Iterator[Problem]:
    """No VolumeKmsKeyId with an instance type whose storage is local NVMe (ml.g4dn, ml.p3dn, ml.g5, ...).

    API_ResourceConfig, VolumeKmsKeyId, and the developer guide's "Key management": local storage volumes
    "are encrypted using a hardware module on the instance. You can't request a VolumeKmsKeyId when using
    an instance type with local storage." API_HyperParameterTuningResourceConfig "supports the
    capabilities of ResourceConfig", so its VolumeKmsKeyId is held to the same.
    """
    for definition in definitions(request):
        for field in ("ResourceConfig", "HyperParameterTuningResourceConfig"):
            resources = tokens.mapping(definition.value.get(field))
            if resources is None or resources.get("VolumeKmsKeyId") is None:
                continue
            path = f"{definition.path}.{field}"
            local = [(p, t) for p, t in _instance_types(resources, path) if has_local_storage(t)]
            if local:
                named = ", ".join(sorted({t for _, t in local}))
                yield Problem(
                    f"{path}.VolumeKmsKeyId",
                    f"is given with {named}, whose storage is local NVMe that the instance encrypts itself; "
                    "SageMaker refuses a volume key for it: remove VolumeKmsKeyId (volume_encryption_key) or "
                    "choose an instance type with EBS storage",
                    resources.get("VolumeKmsKeyId"),
                )


def _s3_locations(value: Any, path: str) -> Iterator[tuple[str, str, bool]]:
    """(path, text, whole) of every S3 location field under ``value``: a token's text is its literal
    start, and ``whole`` says the text is the entire value."""
    if isinstance(value, Mapping) and not tokens.is_unresolved(value):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if key in _S3_FIELDS and isinstance(item, str):
                whole = not tokens.is_unresolved(item)
                text = item if whole else (tokens.literal_parts(item) or [""])[0]
                if text:
                    yield child, text, whole
            else:
                yield from _s3_locations(item, child)
    elif isinstance(value, list) and not tokens.is_unresolved(value):
        for index, item in enumerate(value):
            yield from _s3_locations(item, f"{path}[{index}]")


def _locations(request: Mapping[str, Any]) -> Iterator[tuple[str, str, bool]]:
    for definition in definitions(request):
        yield from _s3_locations(definition.value, definition.path)


@rule("s3-scheme", level=WARNING, source=S3_SCHEME.source)
def s3_scheme(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A training job's S3 locations (S3Uri, S3OutputPath) start with s3://.

    The model's pattern admits https:// too, but the API reference shows only s3:// for these fields
    (API_S3DataSource, API_OutputDataConfig, API_CheckpointConfig): ambiguous, so a warning.
    """
    for path, text, _ in _locations(request):
        if text.lower().startswith("https://"):
            yield Problem(
                path,
                f"{show(text)} is an https:// URL; SageMaker documents s3://bucket/prefix for this field "
                f"({_SCHEME_PAGES[path.rsplit('.', 1)[-1]]}): write it as s3://",
                text,
            )


def _bucket_of(text: str, whole: bool) -> str | None:
    scheme, separator, rest = text.partition("://")
    if not separator or scheme.lower() not in ("s3", "https"):
        return None
    bucket, slash, _ = rest.partition("/")
    return bucket if (slash or whole) and bucket else None


@rule("s3-bucket-characters", level=ERROR, source=S3_BUCKET_NAMING.source)
def s3_bucket_characters(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A bucket name in an S3 location has only letters, digits, periods, hyphens and underscores.

    Amazon S3 User Guide, "General purpose bucket naming rules": no bucket, even a legacy one, has other
    characters, so no such location exists.
    """
    for path, text, whole in _locations(request):
        bucket = _bucket_of(text, whole)
        if bucket is not None and not _LEGACY_BUCKET.fullmatch(bucket):
            yield Problem(
                path,
                f"{show(text)} names the bucket {show(bucket)}, which no bucket can be named: bucket names "
                "have lower-case letters, digits, periods and hyphens (legacy ones also capitals and "
                "underscores)",
                text,
            )


@rule("s3-bucket-name", level=WARNING, source=S3_BUCKET_NAMING.source)
def s3_bucket_name(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A bucket name in an S3 location follows the current naming rules (3-63 lower-case letters, ...).

    Amazon S3 User Guide, "General purpose bucket naming rules": 3 to 63 characters, lower-case letters,
    digits, periods and hyphens, beginning and ending with a letter or digit, no two adjacent periods, not
    an IP address. A warning: legacy buckets of us-east-1 may have upper-case letters and underscores.
    """
    limits: Mapping[str, int] = S3_BUCKET_NAMING.value  # type: ignore[assignment]
    for path, text, whole in _locations(request):
        bucket = _bucket_of(text, whole)
        if bucket is None or not _LEGACY_BUCKET.fullmatch(bucket):
            continue  # not a bucket name at all: s3-bucket-characters says so
        reason = None
        if not limits["min_length"] <= len(bucket) <= limits["max_length"]:
            reason = f"has {len(bucket)} characters, not {limits['min_length']} to {limits['max_length']}"
        elif not _BUCKET.fullmatch(bucket):
            reason = (
                "is not lower-case letters, digits, periods and hyphens beginning and ending with a letter "
                "or digit"
            )
        elif ".." in bucket or _IP_ADDRESS.fullmatch(bucket):
            reason = "has two adjacent periods" if ".." in bucket else "is an IP address"
        if reason:
            yield Problem(
                path,
                f"{show(text)}: the bucket name {show(bucket)} {reason}, against S3's bucket naming rules "
                f"({S3_BUCKET_NAMING.source}); only a legacy bucket of us-east-1 can be named so",
                text,
            )
