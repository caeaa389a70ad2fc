"""The options of an input channel that are API enums: what an S3 URI points at, how data is spread,
compressed and wrapped, and how a file system is mounted; and the options every ``TrainingInput`` factory
takes (``ChannelOptions``), declared once. Used by ``channels.TrainingInput``."""

from __future__ import annotations

import enum
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
