"""The training algorithm of a tuning job's training job definition: which image or algorithm runs.

Renders the API's ``HyperParameterAlgorithmSpecification``::

    TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST, version="1.7-1")
    TrainingAlgorithm.from_ecr_repository(repository, "v3", metric_definitions=[MetricDefinition(...)])
    TrainingAlgorithm.from_asset("containers/trainer", metric_definitions=[MetricDefinition(...)])
    TrainingAlgorithm.from_image_uri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/trainer:1")
    TrainingAlgorithm.from_algorithm_name("arn:aws:sagemaker:eu-west-1:123456789012:algorithm/my-algo")
"""

from __future__ import annotations

import abc
import enum
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict, Unpack

from aws_cdk import Stack
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_ecr_assets as ecr_assets
from aws_cdk import aws_iam as iam
from constructs import Construct

from .._core import checks
from .._core.tokens import is_unresolved
from .._data.builtin_images import (
    REGISTRY_MAPPING_ID,
    BuiltInAlgorithm,
    builtin_image_uri,
    checked_version,
)
from ..grants.image_grants import grant_pull_by_uri
from ..grants.permission_gaps import UNGRANTED_IMAGE, PermissionGap
from .prop_types import check_keywords, raise_findings

__all__ = [
    "REGISTRY_MAPPING_ID",
    "BuiltInAlgorithm",
    "InputMode",
    "MetricDefinition",
    "TrainingAlgorithm",
    "builtin_image_uri",
]


class InputMode(enum.Enum):
    """How the training container receives its input data (``TrainingInputMode``)."""

    #: Download the whole data set to the instance's volume before training starts.
    FILE = "File"
    #: Stream the data from S3 into a named pipe.
    PIPE = "Pipe"
    #: Mount S3 as a file system, fetching objects as they are read.
    FAST_FILE = "FastFile"


@dataclass(frozen=True)
class MetricDefinition:
    """A metric that SageMaker extracts from the training container's logs with a regular expression.

    :param name: the metric's name, as used by ``TuningObjective.maximize(name)``.
    :param regex: a regular expression whose first group captures the metric's value, for example
        ``r"validation-auc:([0-9\\.]+)"``.
    """

    name: str
    regex: str

    def _render(self) -> dict[str, str]:
        return {"Name": self.name, "Regex": self.regex}


class AlgorithmOptions(TypedDict, total=False):
    """The options every ``TrainingAlgorithm`` factory takes, declared once.

    :param input_mode: how the container receives its data. :default: InputMode.FILE
    :param metric_definitions: up to 40 ``MetricDefinition`` (name + regex) that SageMaker reads from the
        logs; the tuning objective must be one of them unless the algorithm defines its metrics itself
        (built-in algorithms and algorithm resources do). :default: - no metric definitions
    """

    input_mode: InputMode | None
    metric_definitions: Sequence[MetricDefinition] | None


class TrainingAlgorithm(abc.ABC):
    """The algorithm that the tuning job's training jobs run: an image or a SageMaker algorithm resource.

    Create one with a factory method: ``builtin``, ``from_ecr_repository``, ``from_asset``,
    ``from_docker_image_asset``, ``from_image_uri`` or ``from_algorithm_name``. Every factory takes the
    options of ``AlgorithmOptions`` (``input_mode``, ``metric_definitions``) as flat keywords.

    Binding protocol (like ``bind()`` of aws-cdk's ``ContainerImage`` variants): each factory returns a
    small private class for its kind of source; the training definition calls ``_bind(scope, grantee)``
    once per tuning job, which grants ``grantee`` what that source needs (image pull) and returns the
    API's ``AlgorithmSpecification``. A variant only says where its algorithm comes from
    (``_source``); the input mode and metric definitions are rendered here, once.
    """

    def __init__(self, **options: Unpack[AlgorithmOptions]) -> None:
        # What every variant shares; the factories below are the API, each returning its own variant.
        check_keywords("TrainingAlgorithm factory", options, AlgorithmOptions)
        self.input_mode: InputMode = options.get("input_mode") or InputMode.FILE
        self.metric_definitions: tuple[MetricDefinition, ...] = tuple(options.get("metric_definitions") or ())
        raise_findings(_validate_common(self.input_mode, self.metric_definitions))

    # -- factories ------------------------------------------------------------------------------------

    @classmethod
    def builtin(
        cls,
        algorithm: BuiltInAlgorithm,
        version: str | None = None,
        **options: Unpack[AlgorithmOptions],
    ) -> TrainingAlgorithm:
        """A SageMaker built-in algorithm, its image located in the stack's region.

        With a concrete stack region the image URI is a literal; with a region-agnostic stack it is
        looked up at deploy time in a ``CfnMapping`` (one per stack, id
        ``SageMakerBuiltInImageRegistries``) keyed by ``AWS::Region``. No ECR permission is needed:
        SageMaker pulls its own images.

        :param algorithm: the built-in algorithm.
        :param version: the image tag, for example ``"1.7-1"`` for XGBoost.
            :default: - the algorithm's default tag (XGBoost 1.7-1, the others 1)
        """
        version = checked_version(algorithm, version)
        return _BuiltInImage(algorithm, version, **options)

    @classmethod
    def from_ecr_repository(
        cls,
        repository: ecr.IRepository,
        tag: str = "latest",
        **options: Unpack[AlgorithmOptions],
    ) -> TrainingAlgorithm:
        """A training image in an ECR repository; the execution role is granted pull on the repository.

        :param repository: the repository.
        :param tag: the image tag, or a digest ``sha256:...``. :default: "latest"
        """
        return _RepositoryImage(repository, tag, **options)

    @classmethod
    def from_asset(
        cls,
        directory: str,
        *,
        build_args: Mapping[str, str] | None = None,
        file: str | None = None,
        target: str | None = None,
        platform: ecr_assets.Platform | None = None,
        exclude: Sequence[str] | None = None,
        **options: Unpack[AlgorithmOptions],
    ) -> TrainingAlgorithm:
        """A training image built from a local directory with a Dockerfile, like aws-sagemaker-alpha's
        ``ContainerImage.fromAsset``: ``cdk deploy`` builds it and pushes it to the bootstrap ECR
        repository, and the execution role is granted pull on that repository.

        The ``DockerImageAsset`` is created once per stack, in the scope of the first tuning job that uses
        the algorithm. Nothing is built at synth.

        :param directory: the directory holding the Dockerfile (the build context).
        :param build_args: build arguments (``--build-arg``). :default: - none
        :param file: the Dockerfile's path, relative to ``directory``. :default: "Dockerfile"
        :param target: the Dockerfile stage to build (``--target``). :default: - the last stage
        :param platform: the image's platform. :default: Platform.LINUX_AMD64 - SageMaker's training
            instance types are x86-64, whatever machine builds the image (an Apple silicon laptop too)
        :param exclude: file patterns of ``directory`` left out of the build context. :default: - none
        """
        if not isinstance(directory, str):
            raise checks.PROP_TYPE.error(
                f"'directory' must be the path of a directory with a Dockerfile, got {directory!r}"
            )
        dockerfile = Path(directory, file or "Dockerfile")
        if not dockerfile.is_file():
            # Here rather than when a job binds it: the message names the factory's props.
            raise checks.PROP_VALUE.error(
                f"'directory' {directory!r} has no Dockerfile {str(file or 'Dockerfile')!r} "
                f"(looked for {dockerfile.resolve()}); give the build context's directory, and 'file' for "
                "another Dockerfile name",
                value=directory,
            )
        asset_options: dict[str, Any] = {
            "directory": directory,
            "build_args": dict(build_args) if build_args else None,
            "file": file,
            "target": target,
            "platform": platform or ecr_assets.Platform.LINUX_AMD64,
            "exclude": list(exclude) if exclude else None,
        }
        return _AssetImage(asset_options, **options)

    @classmethod
    def from_docker_image_asset(
        cls,
        asset: ecr_assets.DockerImageAsset,
        **options: Unpack[AlgorithmOptions],
    ) -> TrainingAlgorithm:
        """The image of an existing ``DockerImageAsset``; the execution role is granted pull on its repository.

        Use it for an asset built with options ``from_asset`` does not take, or shared with other constructs.

        :param asset: the asset.
        """
        if not isinstance(asset, ecr_assets.DockerImageAsset):
            raise checks.PROP_TYPE.error(f"'asset' must be an aws_ecr_assets.DockerImageAsset, got {asset!r}")
        return _AssetImage(asset, **options)

    @classmethod
    def from_image_uri(
        cls,
        image_uri: str,
        **options: Unpack[AlgorithmOptions],
    ) -> TrainingAlgorithm:
        """A training image by its URI (``TrainingImage``).

        When the URI is a literal ECR image URI of an account other than SageMaker's registries, the
        execution role is granted pull on exactly that repository. A URI that is a token (for example a
        ``DockerImageAsset``'s ``image_uri``) names no repository at synth: nothing is granted, and a
        created role gets a synth warning (acknowledgement id ``cdk-sagemaker-tuning:ungranted-image``).
        Prefer ``from_ecr_repository`` or ``from_docker_image_asset``, which grant pull.

        :param image_uri: the image, for example ``123456789012.dkr.ecr.eu-west-1.amazonaws.com/trainer:1``.
        """
        if not isinstance(image_uri, str):
            raise checks.PROP_TYPE.error(f"'image_uri' must be a string, got {image_uri!r}")
        return _ImageUri(image_uri, **options)

    @classmethod
    def from_algorithm_name(
        cls,
        name_or_arn: str,
        **options: Unpack[AlgorithmOptions],
    ) -> TrainingAlgorithm:
        """A SageMaker algorithm resource (your own or from AWS Marketplace), by name or ARN (``AlgorithmName``).

        :param name_or_arn: the algorithm's name or ARN.
        """
        if not isinstance(name_or_arn, str):
            raise checks.PROP_TYPE.error(
                f"'algorithm_name' must be a string (an algorithm's name or ARN), got {name_or_arn!r}"
            )
        return _AlgorithmResource(name_or_arn, **options)

    # -- what the rest of the library reads -----------------------------------------------------------

    @property
    def is_builtin(self) -> bool:
        """Whether this is a SageMaker built-in algorithm (its metrics are predefined by SageMaker)."""
        return self.builtin_algorithm is not None

    @property
    def builtin_algorithm(self) -> BuiltInAlgorithm | None:
        """The built-in algorithm, when this is one."""
        return None

    def _bind(self, scope: Construct, grantee: iam.IGrantable) -> dict[str, Any]:
        """Grant ``grantee`` what the algorithm needs and render ``AlgorithmSpecification`` for ``scope``."""
        field, value = self._source(scope, grantee)
        spec: dict[str, Any] = {field: value, "TrainingInputMode": self.input_mode.value}
        if self.metric_definitions:
            spec["MetricDefinitions"] = [metric._render() for metric in self.metric_definitions]
        return spec

    def _permission_gap(self) -> PermissionGap | None:
        """What a created execution role would lack for this algorithm, when it cannot be granted."""
        return None

    @abc.abstractmethod
    def _source(self, scope: Construct, grantee: iam.IGrantable) -> tuple[str, str]:
        """``("TrainingImage", uri)`` or ``("AlgorithmName", name)``, after granting what it needs."""


class _BuiltInImage(TrainingAlgorithm):
    """A built-in algorithm's image, located in the stack's region; SageMaker pulls its own images."""

    def __init__(self, algorithm: BuiltInAlgorithm, version: str, **common: Unpack[AlgorithmOptions]) -> None:
        super().__init__(**common)
        self._algorithm = algorithm
        self._version = version

    @property
    def builtin_algorithm(self) -> BuiltInAlgorithm | None:
        return self._algorithm

    def _source(self, scope: Construct, grantee: iam.IGrantable) -> tuple[str, str]:
        return "TrainingImage", builtin_image_uri(scope, self._algorithm, self._version)


class _RepositoryImage(TrainingAlgorithm):
    """An image in an ECR repository of the app; the role may pull from the repository."""

    def __init__(self, repository: ecr.IRepository, tag: str, **common: Unpack[AlgorithmOptions]) -> None:
        super().__init__(**common)
        self._repository = repository
        self._tag = tag

    def _source(self, scope: Construct, grantee: iam.IGrantable) -> tuple[str, str]:
        self._repository.grant_pull(grantee)
        if self._tag.startswith("sha256:"):
            return "TrainingImage", self._repository.repository_uri_for_digest(self._tag)
        return "TrainingImage", self._repository.repository_uri_for_tag(self._tag)


class _ImageUri(TrainingAlgorithm):
    """An image by URI; a literal ECR URI outside SageMaker's registries is granted pull."""

    def __init__(self, image_uri: str, **common: Unpack[AlgorithmOptions]) -> None:
        super().__init__(**common)
        self._image_uri = image_uri

    def _source(self, scope: Construct, grantee: iam.IGrantable) -> tuple[str, str]:
        grant_pull_by_uri(scope, grantee, self._image_uri)
        return "TrainingImage", self._image_uri

    def _permission_gap(self) -> PermissionGap | None:
        if not is_unresolved(self._image_uri):
            return None
        return PermissionGap(
            UNGRANTED_IMAGE,
            "the training image is a URI known only at deploy time (TrainingAlgorithm.from_image_uri with a "
            "token): the created execution role is granted no ECR pull on it. Use "
            "TrainingAlgorithm.from_ecr_repository(repository, tag) or from_docker_image_asset(asset), which "
            "grant it, or grant it yourself with repository.grant_pull(job)",
        )


class _AssetImage(TrainingAlgorithm):
    """An image built from a Dockerfile by ``cdk deploy`` (a ``DockerImageAsset``); the role may pull it."""

    def __init__(
        self, asset: ecr_assets.DockerImageAsset | dict[str, Any], **common: Unpack[AlgorithmOptions]
    ) -> None:
        super().__init__(**common)
        self._given = asset if isinstance(asset, ecr_assets.DockerImageAsset) else None
        self._options = asset if isinstance(asset, dict) else {}
        # One asset per stack: a second job of the stack reuses it (one build, one push).
        self._assets: dict[str, ecr_assets.DockerImageAsset] = {}

    def _asset(self, scope: Construct) -> ecr_assets.DockerImageAsset:
        if self._given is not None:
            return self._given
        stack_path = Stack.of(scope).node.path
        if stack_path not in self._assets:
            # The id depends on the build's inputs (like aws-sagemaker-alpha's ModelImage<hash>), so two
            # algorithms of one job built from different directories do not collide.
            fingerprint = json.dumps(
                self._options, sort_keys=True, default=lambda value: getattr(value, "platform", repr(value))
            )
            digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:8]
            self._assets[stack_path] = ecr_assets.DockerImageAsset(
                scope, f"TrainingImage{digest}", **self._options
            )
        return self._assets[stack_path]

    def _source(self, scope: Construct, grantee: iam.IGrantable) -> tuple[str, str]:
        asset = self._asset(scope)
        asset.repository.grant_pull(grantee)
        return "TrainingImage", asset.image_uri


class _AlgorithmResource(TrainingAlgorithm):
    """A SageMaker algorithm resource by name or ARN; SageMaker runs its image."""

    def __init__(self, name_or_arn: str, **common: Unpack[AlgorithmOptions]) -> None:
        super().__init__(**common)
        self._name_or_arn = name_or_arn

    def _source(self, scope: Construct, grantee: iam.IGrantable) -> tuple[str, str]:
        return "AlgorithmName", self._name_or_arn


def _validate_common(input_mode: Any, metric_definitions: Sequence[Any]) -> list[str]:
    errors: list[str] = []
    if not isinstance(input_mode, InputMode):
        errors.append(f"'input_mode' should be an InputMode (FILE, PIPE, FAST_FILE), got {input_mode!r}")
    # Unique metric names are a rule of the request (validation/uniqueness.py): raw requests get it too.
    for index, metric in enumerate(metric_definitions):
        if not isinstance(metric, MetricDefinition):
            errors.append(f"'metric_definitions[{index}]' should be a MetricDefinition, got {metric!r}")
        elif not isinstance(metric.name, str) or not isinstance(metric.regex, str):
            errors.append(f"'metric_definitions[{index}]' name and regex must be strings, got {metric!r}")
    return errors
