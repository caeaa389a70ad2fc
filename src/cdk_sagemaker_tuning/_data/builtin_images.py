"""SageMaker's built-in algorithms and where their training images are, per region.

The data is ``image_registries.py``, generated from the SageMaker Python SDK. ``TrainingAlgorithm.builtin``
renders through :func:`builtin_image_uri`, which ``HyperParameterTuningJob.from_request`` users may call too.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping

from aws_cdk import CfnMapping, Stack
from aws_cdk.region_info import RegionInfo
from constructs import Construct

from .._core import checks
from .._core.tokens import is_unresolved
from .image_registries import REGISTRIES

#: Construct id of the stack-level mapping from region to built-in image registry account.
REGISTRY_MAPPING_ID = "SageMakerBuiltInImageRegistries"
#: The accounts of SageMaker's built-in image registries: images SageMaker pulls itself.
BUILTIN_ACCOUNTS = frozenset(account for r in REGISTRIES.values() for account in r.accounts.values())


class BuiltInAlgorithm(enum.Enum):
    """SageMaker's built-in training algorithms, each with its image in every region the SageMaker Python
    SDK lists (``image_registries.py``, generated from the SDK). The value is the SDK's name.

    Each algorithm's objective metrics are checked at synth (``validation/metrics.py``), and its
    hyperparameters, their values, the objective's direction and channel (``validation/algorithm_specs.py``,
    from the generated ``_data/builtin_specs/``).
    """

    #: BlazingText (Word2Vec and text classification), repository ``blazingtext``; version 1.
    BLAZINGTEXT = "blazingtext"
    #: DeepAR forecasting, repository ``forecasting-deepar``; version 1.
    DEEPAR = "forecasting-deepar"
    #: Factorization Machines, repository ``factorization-machines``; version 1.
    FACTORIZATION_MACHINES = "factorization-machines"
    #: Image Classification (MXNet), repository ``image-classification``; version 1.
    IMAGE_CLASSIFICATION = "image-classification"
    #: IP Insights, repository ``ipinsights``; version 1.
    IP_INSIGHTS = "ipinsights"
    #: k-means, repository ``kmeans``; version 1.
    KMEANS = "kmeans"
    #: k-nearest neighbors, repository ``knn``; version 1.
    KNN = "knn"
    #: Latent Dirichlet Allocation, repository ``lda``; version 1 (fewer regions than the others).
    LDA = "lda"
    #: Linear Learner, repository ``linear-learner``; version 1.
    LINEAR_LEARNER = "linear-learner"
    #: Neural Topic Model, repository ``ntm``; version 1.
    NTM = "ntm"
    #: Object Detection (MXNet), repository ``object-detection``; version 1.
    OBJECT_DETECTION = "object-detection"
    #: Object2Vec, repository ``object2vec``; version 1.
    OBJECT2VEC = "object2vec"
    #: Principal Component Analysis, repository ``pca``; version 1 (documents no tuning metrics).
    PCA = "pca"
    #: Random Cut Forest, repository ``randomcutforest``; version 1.
    RANDOM_CUT_FOREST = "randomcutforest"
    #: Semantic Segmentation, repository ``semantic-segmentation``; version 1.
    SEMANTIC_SEGMENTATION = "semantic-segmentation"
    #: Sequence-to-Sequence, repository ``seq2seq``; version 1.
    SEQ2SEQ = "seq2seq"
    #: SageMaker XGBoost, repository ``sagemaker-xgboost``; versions 0.90-1 to 3.2-0, default 1.7-1.
    XGBOOST = "xgboost"


def checked_version(algorithm: BuiltInAlgorithm, version: str | None) -> str:
    """``version``, or the algorithm's default; a version the SDK does not list is ``builtin-image-version``."""
    if not isinstance(algorithm, BuiltInAlgorithm):
        raise TypeError(f"'algorithm' must be a BuiltInAlgorithm, got {algorithm!r}")
    registry = REGISTRIES[algorithm.value]
    version = registry.versions[0] if version is None else version
    if version not in registry.versions:
        raise checks.BUILTIN_IMAGE_VERSION.error(
            f"'version' of BuiltInAlgorithm.{algorithm.name} should be one of "
            f"{', '.join(registry.versions)}, got {version!r} (for another image use "
            "TrainingAlgorithm.from_image_uri)",
            value=version,
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
    :param version: the image tag. :default: - the algorithm's default tag
    """
    version = checked_version(algorithm, version)
    registry = REGISTRIES[algorithm.value]
    stack = Stack.of(scope)
    region = stack.region
    if not is_unresolved(region):
        account = registry.accounts.get(region)
        if account is None:
            raise checks.BUILTIN_IMAGE_REGION.error(
                f"BuiltInAlgorithm.{algorithm.name} has no known image registry in region {region!r} "
                f"(known: {', '.join(sorted(registry.accounts))}); use TrainingAlgorithm.from_image_uri",
                prop="algorithm",
                value=region,
            )
        suffix = RegionInfo.get(region).domain_suffix or stack.url_suffix
        return f"{account}.dkr.ecr.{region}.{suffix}/{registry.repository}:{version}"

    mapping = stack.node.try_find_child(REGISTRY_MAPPING_ID)
    if mapping is None:
        mapping = _RegistryMapping(stack, REGISTRY_MAPPING_ID)
    if not isinstance(mapping, _RegistryMapping):
        raise checks.CONSTRUCT_ID_TAKEN.error(
            f"{stack.node.path}/{REGISTRY_MAPPING_ID} exists and is not this library's mapping"
        )
    key = _mapping_key(algorithm)
    mapping.fill(key, registry.accounts)
    account_token = mapping.find_in_map(stack.region, key)
    return f"{account_token}.dkr.ecr.{stack.region}.{stack.url_suffix}/{registry.repository}:{version}"


class _RegistryMapping(CfnMapping):
    """The stack's mapping from region to registry account, one attribute per built-in algorithm used.

    Each algorithm's accounts are written once per stack, by its first job; later jobs only read.
    """

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self.filled: set[str] = set()

    def fill(self, key: str, accounts: Mapping[str, str]) -> None:
        if key in self.filled:
            return
        for region_name, account in accounts.items():
            self.set_value(region_name, key, account)
        self.filled.add(key)


def _mapping_key(algorithm: BuiltInAlgorithm) -> str:
    # CloudFormation mapping attribute names must be alphanumeric.
    return re.sub(r"[^A-Za-z0-9]", "", algorithm.value)
