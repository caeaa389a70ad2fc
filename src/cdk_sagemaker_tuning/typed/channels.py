"""Where a training job reads its data: input channels (the API's ``Channel``, items of ``InputDataConfig``).

Where it writes its model and keeps its checkpoints is ``outputs.py``::

    TrainingInput.from_bucket(bucket, "data/train/", channel_name="train", content_type="text/csv")
    TrainingInput.from_s3_uri("s3://shared/manifest.json", channel_name="train",
                              s3_data_type=S3DataType.AUGMENTED_MANIFEST_FILE,
                              attribute_names=["source-ref", "label"])
    TrainingInput.from_efs("fs-0123456789abcdef0", "/data/train", channel_name="train")
    TrainingOutput(bucket, "models/", encryption_key=key)
    TrainingCheckpoint(bucket, "checkpoints/")
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Unpack, cast

from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3

from .._core import checks
from .._core.runtime_text import literal_prefix
from .._core.tokens import is_unresolved
from ..grants.permission_gaps import UNGRANTED_S3_INPUT, PermissionGap
from ..grants.s3_grants import grant_read_prefix
from .channel_options import (
    ChannelOptions,
    ChannelSettings,
    FileSystemAccessMode,
    FileSystemType,
    S3InputOptions,
    S3Source,
    S3SourceOptions,
)
from .outputs import prefix_error
from .outputs import s3_url as _s3_url
from .prop_types import Finding, check_keywords, enum_error, pick, raise_findings

# Names, lengths and patterns (ChannelName, S3Uri, FileSystemId, AttributeNames...) are checked on the
# rendered request against botocore's model; the classes check Python types and prop combinations.


class TrainingInput:
    """An input channel of the training jobs (an item of ``InputDataConfig``).

    Create one with ``from_bucket``, ``from_s3_uri``, ``from_dataset``, ``from_efs`` or ``from_fsx_lustre``. Every
    factory takes the channel's name (``channel_name``, as the algorithm expects it: ``train``,
    ``validation``...) and the options of ``ChannelOptions`` as flat keywords (``content_type``,
    ``compression``, ``record_wrapper``, ``input_mode``, ``shuffle_seed``), declared once there.
    """

    def __init__(
        self,
        *,
        channel_name: str,
        data_source: dict[str, Any],
        bucket: s3.IBucket | None = None,
        read_prefix: str | None = None,
        errors: Sequence[Finding | None] = (),
        options: ChannelOptions | None = None,
    ) -> None:
        # Private: the factories are the API.
        check_keywords("TrainingInput factory", options or {}, ChannelOptions)
        settings = ChannelSettings(options or ChannelOptions())
        problems = [error for error in errors if error]
        if not isinstance(channel_name, str):
            problems.append(f"'channel_name' must be a string, got {channel_name!r}")
        problems += settings.errors()
        raise_findings(problems, context=f"input channel {channel_name!r}: ")

        self.channel_name = channel_name
        self._data_source = data_source
        self._bucket = bucket
        self._read_prefix = read_prefix
        self._settings = settings

    @property
    def uses_file_system(self) -> bool:
        """Whether the channel reads from EFS or FSx for Lustre (which needs a VPC)."""
        return "FileSystemDataSource" in self._data_source

    # -- factories: each takes its own source's props and the shared ChannelOptions (**options) ----------

    @classmethod
    def from_bucket(
        cls,
        bucket: s3.IBucket,
        prefix: str = "",
        *,
        channel_name: str,
        **options: Unpack[S3InputOptions],
    ) -> TrainingInput:
        """S3 data in a bucket under a key prefix; the execution role may list and read ``prefix*``.

        For a manifest, only the manifest's own key is granted: grant the objects it lists yourself,
        for example ``bucket.grant_read(job, "images/*")``.

        :param bucket: the bucket.
        :param prefix: the key prefix (or, for a manifest, the manifest's key). :default: "" - the whole bucket
        :param channel_name: the channel's name as the algorithm expects it.
        :param options: the S3 options (``S3SourceOptions``: ``s3_data_type``, ``distribution``,
            ``attribute_names``, ``instance_group_names``, ``accept_eula``, ``hub_content_arn``) and the
            channel options (``ChannelOptions``), as flat keywords.
        """
        check_keywords("TrainingInput.from_bucket()", options, S3InputOptions)
        source = S3Source(cast(S3SourceOptions, pick(options, S3SourceOptions)))
        errors: list[Finding | None] = [*source.errors(), prefix_error("prefix", prefix)]
        return cls(
            channel_name=channel_name,
            data_source=source.render(_s3_url(bucket, prefix)),
            bucket=bucket,
            # A run-time part of the prefix (Step Functions) cannot be granted on: the grant stops before it.
            read_prefix=literal_prefix(prefix),
            errors=errors,
            options=cast(ChannelOptions, pick(options, ChannelOptions)),
        )

    @classmethod
    def from_s3_uri(
        cls,
        s3_uri: str,
        *,
        channel_name: str,
        **options: Unpack[S3InputOptions],
    ) -> TrainingInput:
        """S3 data by URI (``s3://bucket/prefix``); no permission is granted: the role must already read it.

        With a created execution role, the tuning job gets a synth warning saying so (acknowledgement id
        ``cdk-sagemaker-tuning:ungranted-s3-input``); ``from_bucket`` grants the read instead.

        :param s3_uri: the S3 URI of the prefix or manifest.
        :param channel_name: the channel's name as the algorithm expects it.
        :param options: the S3 options (``S3SourceOptions``) and the channel options (``ChannelOptions``), as
            flat keywords.
        """
        check_keywords("TrainingInput.from_s3_uri()", options, S3InputOptions)
        source = S3Source(cast(S3SourceOptions, pick(options, S3SourceOptions)))
        errors: list[Finding | None] = [*source.errors()]
        if not isinstance(s3_uri, str):
            errors.append(f"'s3_uri' must be a string such as s3://bucket/prefix, got {s3_uri!r}")
        return cls(
            channel_name=channel_name,
            data_source=source.render(s3_uri),
            errors=errors,
            options=cast(ChannelOptions, pick(options, ChannelOptions)),
        )

    @classmethod
    def from_dataset(
        cls,
        dataset_arn: str,
        *,
        channel_name: str,
        **options: Unpack[ChannelOptions],
    ) -> TrainingInput:
        """A data set of a SageMaker hub, by the ARN of its hub content (``DataSource.DatasetSource``).

        :param dataset_arn: the hub content ARN of the data set
            (``arn:aws:sagemaker:<region>:<account>:hub-content/<hub>/DataSet/<name>``).
        """
        errors: list[Finding | None] = (
            [] if isinstance(dataset_arn, str) else [f"'dataset_arn' must be a string, got {dataset_arn!r}"]
        )
        return cls(
            channel_name=channel_name,
            data_source={"DatasetSource": {"DatasetArn": dataset_arn}},
            errors=errors,
            options=options,
        )

    @classmethod
    def from_efs(
        cls,
        file_system_id: str,
        directory_path: str,
        *,
        channel_name: str,
        access_mode: FileSystemAccessMode = FileSystemAccessMode.READ_ONLY,
        **options: Unpack[ChannelOptions],
    ) -> TrainingInput:
        """Data on an Amazon EFS file system; the definition then needs a ``vpc`` that reaches it.

        :param file_system_id: the file system's id (``fs-...``), for example ``file_system.file_system_id``.
        :param directory_path: the directory to mount, for example ``/data/train``.
        :param access_mode: :default: FileSystemAccessMode.READ_ONLY
        """
        return cls._file_system(
            FileSystemType.EFS, file_system_id, directory_path, channel_name, access_mode, options
        )

    @classmethod
    def from_fsx_lustre(
        cls,
        file_system_id: str,
        directory_path: str,
        *,
        channel_name: str,
        access_mode: FileSystemAccessMode = FileSystemAccessMode.READ_ONLY,
        **options: Unpack[ChannelOptions],
    ) -> TrainingInput:
        """Data on an FSx for Lustre file system; the definition then needs a ``vpc`` that reaches it.

        :param file_system_id: the file system's id (``fs-...``).
        :param directory_path: the path to mount, starting with the file system's mount name, for
            example ``/abcdefgh/data/train``.
        :param access_mode: :default: FileSystemAccessMode.READ_ONLY
        """
        return cls._file_system(
            FileSystemType.FSX_LUSTRE, file_system_id, directory_path, channel_name, access_mode, options
        )

    @classmethod
    def _file_system(
        cls,
        kind: FileSystemType,
        file_system_id: str,
        directory_path: str,
        channel_name: str,
        access_mode: FileSystemAccessMode,
        options: ChannelOptions,
    ) -> TrainingInput:
        errors: list[Finding | None] = []
        if not isinstance(file_system_id, str):
            errors.append(
                f"'file_system_id' must be a string such as fs-0123456789abcdef0, got {file_system_id!r}"
            )
        if not is_unresolved(directory_path) and not str(directory_path or "").startswith("/"):
            message = f"'directory_path' should be an absolute path, got {directory_path!r}"
            errors.append(checks.PROP_VALUE.problem(message, value=directory_path))
        if not isinstance(access_mode, FileSystemAccessMode):
            errors.append(enum_error("access_mode", access_mode, FileSystemAccessMode))
            access_mode = FileSystemAccessMode.READ_ONLY
        return cls(
            channel_name=channel_name,
            data_source={
                "FileSystemDataSource": {
                    "FileSystemId": file_system_id,
                    "FileSystemAccessMode": access_mode.value,
                    "FileSystemType": kind.value,
                    "DirectoryPath": directory_path,
                }
            },
            errors=errors,
            options=options,
        )

    # -- binding --------------------------------------------------------------------------------------

    def _permission_gap(self) -> PermissionGap | None:
        """For S3 data given by URI: a created execution role is granted no read on it."""
        source = self._data_source.get("S3DataSource")
        if self._bucket is not None or source is None:
            return None
        return PermissionGap(
            UNGRANTED_S3_INPUT,
            f"input channel {self.channel_name!r} reads {source['S3Uri']!r} by URI (TrainingInput.from_s3_uri): "
            "the created execution role is granted no read on it. Use TrainingInput.from_bucket(bucket, prefix, "
            "...), which grants it, or grant it yourself with bucket.grant_read(job, 'prefix*')",
        )

    def _bind(self, grantee: iam.IGrantable) -> dict[str, Any]:
        """Grant ``grantee`` read on the channel's bucket prefix and render the ``Channel``."""
        if self._bucket is not None and self._read_prefix is not None:
            grant_read_prefix(self._bucket, grantee, self._read_prefix)
        channel: dict[str, Any] = {"ChannelName": self.channel_name, "DataSource": _copy(self._data_source)}
        self._settings.render(channel)
        return channel


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
