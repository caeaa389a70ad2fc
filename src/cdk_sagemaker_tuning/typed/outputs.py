"""Where a training job writes its model (``OutputDataConfig``) and keeps its checkpoints (``CheckpointConfig``)::

TrainingOutput(bucket, "models/", encryption_key=key)
TrainingCheckpoint(bucket, "checkpoints/")
"""

from __future__ import annotations

import enum
from typing import Any

from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from .._core import checks
from .._core.runtime_text import literal_prefix
from .._core.tokens import is_unresolved
from ..grants.s3_grants import grant_read_prefix
from .prop_types import Finding, enum_error, raise_findings


def prefix_error(prop: str, prefix: Any) -> Finding | None:
    """The finding of a key prefix that is not a string (``prop-type``) or starts with '/' (``prop-value``)."""
    message = f"'{prop}' should be a key prefix not starting with '/', got {prefix!r}"
    if not isinstance(prefix, str):
        return message
    if not is_unresolved(prefix) and prefix.startswith("/"):
        return checks.PROP_VALUE.problem(message, value=prefix)
    return None


class OutputCompression(enum.Enum):
    """Compression of the model artifacts SageMaker uploads (``OutputDataConfig.CompressionType``)."""

    GZIP = "GZIP"
    NONE = "NONE"


def s3_url(bucket: s3.IBucket, prefix: str) -> str:
    """The S3 URI of ``prefix`` in ``bucket`` (the bucket itself for an empty prefix).

    A prefix with a run-time value (a Step Functions task's JSONPath or JSONata) is granted up to that
    value only: ``literal_prefix``.
    """
    return bucket.s3_url_for_object(prefix) if prefix else bucket.s3_url_for_object()


class TrainingOutput:
    """Where SageMaker writes the model artifacts (``OutputDataConfig``); the role may write ``prefix*``.

    :param bucket: the bucket.
    :param prefix: the key prefix of the artifacts. :default: "" - the bucket's root
    :param encryption_key: KMS key that encrypts the artifacts (``KmsKeyId``); the role may encrypt with it
        (and decrypt, which S3 needs to complete multipart uploads).
        :default: - the bucket's default encryption
    :param compression: compression of the artifacts. :default: - SageMaker's default, OutputCompression.GZIP
    """

    def __init__(
        self,
        bucket: s3.IBucket,
        prefix: str = "",
        *,
        encryption_key: kms.IKey | None = None,
        compression: OutputCompression | None = None,
    ) -> None:
        errors: list[Finding | None] = [prefix_error("output.prefix", prefix)]
        if compression is not None and not isinstance(compression, OutputCompression):
            errors.append(enum_error("output.compression", compression, OutputCompression))
        raise_findings(error for error in errors if error)
        self.bucket = bucket
        self.prefix = prefix
        self.encryption_key = encryption_key
        self.compression = compression

    def _bind(self, grantee: iam.IGrantable) -> dict[str, Any]:
        self.bucket.grant_put(grantee, f"{literal_prefix(self.prefix)}*")
        config: dict[str, Any] = {"S3OutputPath": s3_url(self.bucket, self.prefix)}
        if self.encryption_key is not None:
            # Encrypt for the upload; Decrypt too because S3 needs it to complete a multipart upload
            # under SSE-KMS, and model artifacts are often large enough to be uploaded in parts.
            self.encryption_key.grant_encrypt_decrypt(grantee)
            config["KmsKeyId"] = self.encryption_key.key_arn
        if self.compression is not None:
            config["CompressionType"] = self.compression.value
        return config


class TrainingCheckpoint:
    """Where training jobs keep checkpoints (``CheckpointConfig``); the role may read and write ``prefix*``.

    Checkpoints let managed spot training resume an interrupted job.

    :param bucket: the bucket.
    :param prefix: the key prefix of the checkpoints. :default: "" - the bucket's root
    :param local_path: the directory in the container that SageMaker syncs.
        :default: - SageMaker's default, /opt/ml/checkpoints
    """

    def __init__(self, bucket: s3.IBucket, prefix: str = "", *, local_path: str | None = None) -> None:
        errors: list[Finding | None] = [prefix_error("checkpoint.prefix", prefix)]
        if local_path is not None and not is_unresolved(local_path) and not str(local_path).startswith("/"):
            message = f"'checkpoint.local_path' should be an absolute path, got {local_path!r}"
            errors.append(checks.PROP_VALUE.problem(message, value=local_path))
        raise_findings(error for error in errors if error)
        self.bucket = bucket
        self.prefix = prefix
        self.local_path = local_path

    def _bind(self, grantee: iam.IGrantable) -> dict[str, Any]:
        # Read to resume from a checkpoint, put to save one; never delete.
        grant_read_prefix(self.bucket, grantee, literal_prefix(self.prefix))
        self.bucket.grant_put(grantee, f"{literal_prefix(self.prefix)}*")
        config: dict[str, Any] = {"S3Uri": s3_url(self.bucket, self.prefix)}
        if self.local_path is not None:
            config["LocalPath"] = self.local_path
        return config
