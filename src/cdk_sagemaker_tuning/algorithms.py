"""The training algorithm of a tuning job's training job definition: which image or algorithm runs.

Renders the API's ``HyperParameterAlgorithmSpecification``::

    TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST, version="1.7-1")
    TrainingAlgorithm.from_ecr_repository(repository, "v3", metric_definitions=[MetricDefinition(...)])
    TrainingAlgorithm.from_image_uri("123456789012.dkr.ecr.eu-west-1.amazonaws.com/trainer:1")
    TrainingAlgorithm.from_algorithm_name("arn:aws:sagemaker:eu-west-1:123456789012:algorithm/my-algo")
"""

from __future__ import annotations

import abc
import enum
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aws_cdk import CfnMapping, Stack
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_iam as iam
from aws_cdk.region_info import RegionInfo
from constructs import Construct

from ._image_registries import REGISTRIES
from .tokens import is_unresolved

#: Construct id of the stack-level mapping from region to built-in image registry account.
REGISTRY_MAPPING_ID = "SageMakerBuiltInImageRegistries"

# Only to find the repository to grant pull on; whether the URI is valid is the model's to say.
_ECR_IMAGE = re.compile(
    r"^(?P<account>\d{12})\.dkr\.ecr\.(?P<region>[a-z0-9-]+)\.[a-z0-9.]+/(?P<repository>[a-z0-9._/-]+)"
    r"(?::[\w.-]+)?(?:@sha256:[a-f0-9]{64})?$"
)
_BUILTIN_ACCOUNTS = frozenset(account for r in REGISTRIES.values() for account in r.accounts.values())


class InputMode(enum.Enum):
    """How the training container receives its input data (``TrainingInputMode``)."""

    #: Download the whole data set to the instance's volume before training starts.
    FILE = "File"
    #: Stream the data from S3 into a named pipe.
    PIPE = "Pipe"
    #: Mount S3 as a file system, fetching objects as they are read.
    FAST_FILE = "FastFile"


class BuiltInAlgorithm(enum.Enum):
    """SageMaker built-in algorithms whose training images this library can locate in every region."""

    #: SageMaker XGBoost (repository ``sagemaker-xgboost``); versions 0.90-1 to 1.7-1, default 1.7-1.
    XGBOOST = "xgboost"
    #: Linear Learner (repository ``linear-learner``); version 1.
    LINEAR_LEARNER = "linear-learner"


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


class TrainingAlgorithm(abc.ABC):
    """The algorithm that the tuning job's training jobs run: an image or a SageMaker algorithm resource.

    Create one with a factory method: ``builtin``, ``from_ecr_repository``, ``from_image_uri`` or
    ``from_algorithm_name``. Every factory takes:

    - ``input_mode``: how the container receives its data. :default: InputMode.FILE
    - ``metric_definitions``: up to 40 ``MetricDefinition`` (name + regex) that SageMaker reads from the
      logs; the tuning objective must be one of them unless the algorithm defines its metrics itself
      (built-in algorithms and algorithm resources do). :default: - no metric definitions

    Binding protocol (like ``bind()`` of aws-cdk's ``ContainerImage`` variants): each factory returns a
    small private class for its kind of source; the training definition calls ``_bind(scope, grantee)``
    once per tuning job, which grants ``grantee`` what that source needs (image pull) and returns the
    API's ``AlgorithmSpecification``. A variant only says where its algorithm comes from
    (``_source``); the input mode and metric definitions are rendered here, once.
    """

    def __init__(
        self,
        *,
        input_mode: InputMode | None = None,
        metric_definitions: Sequence[MetricDefinition] | None = None,
    ) -> None:
        # What every variant shares; the factories below are the API, each returning its own variant.
        self.input_mode: InputMode = input_mode or InputMode.FILE
        self.metric_definitions: tuple[MetricDefinition, ...] = tuple(metric_definitions or ())
        errors = _validate_common(self.input_mode, self.metric_definitions)
        if errors:
            raise ValueError("; ".join(errors))

    # -- factories ------------------------------------------------------------------------------------

    @classmethod
    def builtin(
        cls,
        algorithm: BuiltInAlgorithm,
        version: str | None = None,
        *,
        input_mode: InputMode | None = None,
        metric_definitions: Sequence[MetricDefinition] | None = None,
    ) -> TrainingAlgorithm:
        """A SageMaker built-in algorithm, its image located in the stack's region.

        With a concrete stack region the image URI is a literal; with a region-agnostic stack it is
        looked up at deploy time in a ``CfnMapping`` (one per stack, id
        ``SageMakerBuiltInImageRegistries``) keyed by ``AWS::Region``. No ECR permission is needed:
        SageMaker pulls its own images.

        :param algorithm: the built-in algorithm.
        :param version: the image tag, for example ``"1.7-1"`` for XGBoost.
            :default: - the newest version known to this library (XGBoost 1.7-1, Linear Learner 1)
        """
        version = _checked_version(algorithm, version)
        return _BuiltInImage(algorithm, version, input_mode=input_mode, metric_definitions=metric_definitions)

    @classmethod
    def from_ecr_repository(
        cls,
        repository: ecr.IRepository,
        tag: str = "latest",
        *,
        input_mode: InputMode | None = None,
        metric_definitions: Sequence[MetricDefinition] | None = None,
    ) -> TrainingAlgorithm:
        """A training image in an ECR repository; the execution role is granted pull on the repository.

        :param repository: the repository.
        :param tag: the image tag, or a digest ``sha256:...``. :default: "latest"
        """
        return _RepositoryImage(repository, tag, input_mode=input_mode, metric_definitions=metric_definitions)

    @classmethod
    def from_image_uri(
        cls,
        image_uri: str,
        *,
        input_mode: InputMode | None = None,
        metric_definitions: Sequence[MetricDefinition] | None = None,
    ) -> TrainingAlgorithm:
        """A training image by its URI (``TrainingImage``).

        When the URI is a literal ECR image URI of an account other than SageMaker's registries, the
        execution role is granted pull on exactly that repository.

        :param image_uri: the image, for example ``123456789012.dkr.ecr.eu-west-1.amazonaws.com/trainer:1``.
        """
        if not isinstance(image_uri, str):
            raise ValueError(f"'image_uri' must be a string, got {image_uri!r}")
        return _ImageUri(image_uri, input_mode=input_mode, metric_definitions=metric_definitions)

    @classmethod
    def from_algorithm_name(
        cls,
        name_or_arn: str,
        *,
        input_mode: InputMode | None = None,
        metric_definitions: Sequence[MetricDefinition] | None = None,
    ) -> TrainingAlgorithm:
        """A SageMaker algorithm resource (your own or from AWS Marketplace), by name or ARN (``AlgorithmName``).

        :param name_or_arn: the algorithm's name or ARN.
        """
        if not isinstance(name_or_arn, str):
            raise ValueError(
                f"'algorithm_name' must be a string (an algorithm's name or ARN), got {name_or_arn!r}"
            )
        return _AlgorithmResource(name_or_arn, input_mode=input_mode, metric_definitions=metric_definitions)

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

    @abc.abstractmethod
    def _source(self, scope: Construct, grantee: iam.IGrantable) -> tuple[str, str]:
        """``("TrainingImage", uri)`` or ``("AlgorithmName", name)``, after granting what it needs."""


class _BuiltInImage(TrainingAlgorithm):
    """A built-in algorithm's image, located in the stack's region; SageMaker pulls its own images."""

    def __init__(self, algorithm: BuiltInAlgorithm, version: str, **common: Any) -> None:
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

    def __init__(self, repository: ecr.IRepository, tag: str, **common: Any) -> None:
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

    def __init__(self, image_uri: str, **common: Any) -> None:
        super().__init__(**common)
        self._image_uri = image_uri

    def _source(self, scope: Construct, grantee: iam.IGrantable) -> tuple[str, str]:
        _grant_pull_by_uri(scope, grantee, self._image_uri)
        return "TrainingImage", self._image_uri


class _AlgorithmResource(TrainingAlgorithm):
    """A SageMaker algorithm resource by name or ARN; SageMaker runs its image."""

    def __init__(self, name_or_arn: str, **common: Any) -> None:
        super().__init__(**common)
        self._name_or_arn = name_or_arn

    def _source(self, scope: Construct, grantee: iam.IGrantable) -> tuple[str, str]:
        return "AlgorithmName", self._name_or_arn


def _checked_version(algorithm: BuiltInAlgorithm, version: str | None) -> str:
    if not isinstance(algorithm, BuiltInAlgorithm):
        raise TypeError(f"'algorithm' must be a BuiltInAlgorithm, got {algorithm!r}")
    registry = REGISTRIES[algorithm.value]
    version = registry.versions[0] if version is None else version
    if version not in registry.versions:
        raise ValueError(
            f"'version' of BuiltInAlgorithm.{algorithm.name} should be one of "
            f"{', '.join(registry.versions)}, got {version!r} (for another image use "
            "TrainingAlgorithm.from_image_uri)"
        )
    return version


def builtin_image_uri(scope: Construct, algorithm: BuiltInAlgorithm, version: str | None = None) -> str:
    """The training image URI of a built-in algorithm for the region of ``scope``'s stack.

    A literal when the stack's region is concrete, else ``Fn::FindInMap`` on the stack's shared mapping
    (id ``SageMakerBuiltInImageRegistries``) keyed by ``AWS::Region``, so one template serves every
    region the data lists. Useful with ``HyperParameterTuningJob.from_request``; the typed API calls it
    through ``TrainingAlgorithm.builtin``.

    :param scope: any construct of the stack.
    :param algorithm: the built-in algorithm.
    :param version: the image tag. :default: - the newest version known to this library
    """
    version = _checked_version(algorithm, version)
    registry = REGISTRIES[algorithm.value]
    stack = Stack.of(scope)
    region = stack.region
    if not is_unresolved(region):
        account = registry.accounts.get(region)
        if account is None:
            raise ValueError(
                f"BuiltInAlgorithm.{algorithm.name} has no known image registry in region {region!r} "
                f"(known: {', '.join(sorted(registry.accounts))}); use TrainingAlgorithm.from_image_uri"
            )
        suffix = RegionInfo.get(region).domain_suffix or stack.url_suffix
        return f"{account}.dkr.ecr.{region}.{suffix}/{registry.repository}:{version}"

    mapping = stack.node.try_find_child(REGISTRY_MAPPING_ID)
    if mapping is None:
        mapping = CfnMapping(stack, REGISTRY_MAPPING_ID)
    assert isinstance(mapping, CfnMapping)
    key = _mapping_key(algorithm)
    # Filled once per stack and algorithm, not once per job: each set_value is a call into Node.js.
    filled = _FILLED_MAPPING_KEYS.setdefault(mapping, set())
    if key not in filled:
        for region_name, account in registry.accounts.items():
            mapping.set_value(region_name, key, account)
        filled.add(key)
    account_token = mapping.find_in_map(stack.region, key)
    return f"{account_token}.dkr.ecr.{stack.region}.{stack.url_suffix}/{registry.repository}:{version}"


#: The algorithm keys already in each stack's registry mapping.
_FILLED_MAPPING_KEYS: weakref.WeakKeyDictionary[CfnMapping, set[str]] = weakref.WeakKeyDictionary()


def _mapping_key(algorithm: BuiltInAlgorithm) -> str:
    # CloudFormation mapping attribute names must be alphanumeric.
    return re.sub(r"[^A-Za-z0-9]", "", algorithm.value)


def _grant_pull_by_uri(scope: Construct, grantee: iam.IGrantable, image_uri: str) -> None:
    """Grant pull on the ECR repository a literal image URI names (not SageMaker's own registries)."""
    if is_unresolved(image_uri):
        return
    match = _ECR_IMAGE.match(image_uri)
    if match is None or match["account"] in _BUILTIN_ACCOUNTS:
        return
    stack = Stack.of(scope)
    repository_arn = stack.format_arn(
        service="ecr",
        account=match["account"],
        region=match["region"],
        resource="repository",
        resource_name=match["repository"],
    )
    iam.Grant.add_to_principal(
        grantee=grantee,
        actions=["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        resource_arns=[repository_arn],
    )
    # GetAuthorizationToken cannot be scoped to a repository.
    iam.Grant.add_to_principal(grantee=grantee, actions=["ecr:GetAuthorizationToken"], resource_arns=["*"])


def _validate_common(input_mode: Any, metric_definitions: Sequence[Any]) -> list[str]:
    errors: list[str] = []
    if not isinstance(input_mode, InputMode):
        errors.append(f"'input_mode' should be an InputMode (FILE, PIPE, FAST_FILE), got {input_mode!r}")
    names: set[str] = set()
    for index, metric in enumerate(metric_definitions):
        if not isinstance(metric, MetricDefinition):
            errors.append(f"'metric_definitions[{index}]' should be a MetricDefinition, got {metric!r}")
            continue
        if not isinstance(metric.name, str) or not isinstance(metric.regex, str):
            errors.append(f"'metric_definitions[{index}]' name and regex must be strings, got {metric!r}")
        elif not is_unresolved(metric.name):
            # Names and regexes' lengths are the model's; a name defined twice would be ambiguous.
            if metric.name in names:
                errors.append(f"'metric_definitions[{index}].name' {metric.name!r} is defined twice")
            names.add(metric.name)
    return errors
