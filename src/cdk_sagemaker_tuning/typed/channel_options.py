"""The options of an input channel that are API enums: what an S3 URI points at, how data is spread,
compressed and wrapped, and how a file system is mounted; and the options every ``TrainingInput`` factory
takes (``ChannelOptions``), declared once. Used by ``channels.TrainingInput``."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from .algorithms import InputMode
from .prop_types import enum_error

# The API's enums, one class each (same shape by nature: a docstring naming the API's type, then values).


class S3DataType(enum.Enum):
    """What an S3 URI of an input channel points at (``S3DataType``)."""

    #: Every object under the key prefix.
    S3_PREFIX = "S3Prefix"
    #: A manifest file listing the objects to use.
    MANIFEST_FILE = "ManifestFile"
    #: An augmented manifest (JSON lines) whose attributes are streamed in Pipe mode.
    AUGMENTED_MANIFEST_FILE = "AugmentedManifestFile"


class S3DataDistribution(enum.Enum):
    """How a channel's S3 data is spread across the training instances (``S3DataDistributionType``)."""

    #: Every instance gets the whole data set.
    FULLY_REPLICATED = "FullyReplicated"
    #: Each instance gets a share of the objects.
    SHARDED_BY_S3_KEY = "ShardedByS3Key"


class CompressionType(enum.Enum):
    """Compression of a channel's input data (``CompressionType``)."""

    NONE = "None"
    GZIP = "Gzip"


class RecordWrapper(enum.Enum):
    """Record wrapping of a channel's input data (``RecordWrapperType``)."""

    NONE = "None"
    RECORD_IO = "RecordIO"


class FileSystemAccessMode(enum.Enum):
    """How the training container mounts a file-system channel (``FileSystemAccessMode``)."""

    READ_ONLY = "ro"
    READ_WRITE = "rw"


class FileSystemType(enum.Enum):
    """The file system behind a file-system channel (``FileSystemType``)."""

    EFS = "EFS"
    FSX_LUSTRE = "FSxLustre"


class ChannelOptions(TypedDict, total=False):
    """The options every ``TrainingInput`` factory takes, declared once (each omitted from the request when
    not given, so SageMaker's default applies).

    :param content_type: the data's MIME type, for example ``text/csv`` (``ContentType``). :default: - none
    :param compression: ``CompressionType.GZIP`` or ``NONE`` (``CompressionType``). :default: - none
    :param record_wrapper: ``RecordWrapper.RECORD_IO`` or ``NONE`` (``RecordWrapperType``). :default: - none
    :param input_mode: this channel's ``InputMode``, overriding the algorithm's (``InputMode``).
        :default: - the algorithm's
    :param shuffle_seed: shuffle the S3 objects (or manifest lines) with this seed (``ShuffleConfig.Seed``).
        :default: - not shuffled
    """

    content_type: str | None
    compression: CompressionType | None
    record_wrapper: RecordWrapper | None
    input_mode: InputMode | None
    shuffle_seed: int | None


@dataclass(frozen=True)
class ChannelSettings:
    """The ``ChannelOptions`` of one channel as a value: its type errors and its render.

    :param options: the options as given to the factory.
    """

    options: ChannelOptions

    def errors(self) -> list[str]:
        """The message of each option of the wrong Python type."""
        options = self.options
        problems: list[str] = []
        for prop, kind in (
            ("compression", CompressionType),
            ("record_wrapper", RecordWrapper),
            ("input_mode", InputMode),
        ):
            value = options.get(prop)
            if value is not None and not isinstance(value, kind):
                problems.append(enum_error(prop, value, kind))
        seed = options.get("shuffle_seed")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            problems.append(f"'shuffle_seed' should be an integer, got {seed!r}")
        content_type = options.get("content_type")
        if content_type is not None and not isinstance(content_type, str):
            problems.append(f"'content_type' must be a string, got {content_type!r}")
        return problems

    def render(self, channel: dict[str, Any]) -> None:
        """Write the options given into the API's ``Channel``."""
        options = self.options
        content_type = options.get("content_type")
        if content_type is not None:
            channel["ContentType"] = content_type
        compression = options.get("compression")
        if compression is not None:
            channel["CompressionType"] = compression.value
        record_wrapper = options.get("record_wrapper")
        if record_wrapper is not None:
            channel["RecordWrapperType"] = record_wrapper.value
        input_mode = options.get("input_mode")
        if input_mode is not None:
            channel["InputMode"] = input_mode.value
        shuffle_seed = options.get("shuffle_seed")
        if shuffle_seed is not None:
            channel["ShuffleConfig"] = {"Seed": shuffle_seed}


class S3SourceOptions(TypedDict, total=False):
    """The options of a channel's S3 data (``S3DataSource``), declared once for ``TrainingInput.from_bucket``
    and ``from_s3_uri``.

    :param s3_data_type: what the location is. :default: S3DataType.S3_PREFIX
    :param distribution: how the data is spread across instances.
        :default: - SageMaker's default, S3DataDistribution.FULLY_REPLICATED
    :param attribute_names: for an augmented manifest, the attributes to read (up to 16). :default: - none
    :param instance_group_names: the instance groups (``InstanceGroup.instance_group_name``) that read this
        channel, in a heterogeneous cluster (up to 5). :default: - every instance
    :param accept_eula: accept the end-user license of the model these S3 objects hold
        (``ModelAccessConfig.AcceptEula``), for gated JumpStart models. :default: - not given
    :param hub_content_arn: the SageMaker hub content the objects belong to
        (``HubAccessConfig.HubContentArn``). :default: - none
    """

    s3_data_type: S3DataType | None
    distribution: S3DataDistribution | None
    attribute_names: Sequence[str] | None
    instance_group_names: Sequence[str] | None
    accept_eula: bool | None
    hub_content_arn: str | None


class S3InputOptions(S3SourceOptions, ChannelOptions, total=False):
    """Every flat keyword of ``TrainingInput.from_bucket`` and ``from_s3_uri`` after ``channel_name``."""


@dataclass(frozen=True)
class S3Source:
    """The ``S3SourceOptions`` of one channel as a value: its type errors and its ``S3DataSource``.

    :param options: the options as given to the factory.
    """

    options: S3SourceOptions

    def errors(self) -> list[str]:
        """The message of each option of the wrong Python type."""
        options = self.options
        errors: list[str] = []
        s3_data_type = options.get("s3_data_type")
        if s3_data_type is not None and not isinstance(s3_data_type, S3DataType):
            errors.append(enum_error("s3_data_type", s3_data_type, S3DataType))
        distribution = options.get("distribution")
        if distribution is not None and not isinstance(distribution, S3DataDistribution):
            errors.append(enum_error("distribution", distribution, S3DataDistribution))
        # Attribute names without an augmented manifest: validation/data_sources.py, for raw requests too.
        for prop in ("attribute_names", "instance_group_names"):
            value = options.get(prop)
            if isinstance(value, str):
                errors.append(f"'{prop}' should be a list of names, got the string {value!r}")
        return errors

    def render(self, uri: str) -> dict[str, Any]:
        """The channel's ``DataSource`` for the S3 location ``uri``."""
        options = self.options
        s3_data_type = options.get("s3_data_type")
        source: dict[str, Any] = {
            "S3DataType": (
                s3_data_type if isinstance(s3_data_type, S3DataType) else S3DataType.S3_PREFIX
            ).value,
            "S3Uri": uri,
        }
        distribution = options.get("distribution")
        if isinstance(distribution, S3DataDistribution):
            source["S3DataDistributionType"] = distribution.value
        attribute_names = options.get("attribute_names")
        if attribute_names and not isinstance(attribute_names, str):
            source["AttributeNames"] = list(attribute_names)
        groups = options.get("instance_group_names")
        if groups and not isinstance(groups, str):
            source["InstanceGroupNames"] = list(groups)
        accept_eula = options.get("accept_eula")
        if accept_eula is not None:
            source["ModelAccessConfig"] = {"AcceptEula": accept_eula}
        hub_content_arn = options.get("hub_content_arn")
        if hub_content_arn is not None:
            source["HubAccessConfig"] = {"HubContentArn": hub_content_arn}
        return {"S3DataSource": source}
