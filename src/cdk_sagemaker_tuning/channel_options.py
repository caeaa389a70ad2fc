"""The options of an input channel that are API enums: what an S3 URI points at, how data is spread,
compressed and wrapped, and how a file system is mounted. Used by ``channels.TrainingInput``."""

from __future__ import annotations

import enum

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
