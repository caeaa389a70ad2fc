"""Recognising SageMaker's built-in algorithms by the repository name in a training image URI.

Built-in algorithms emit their metrics to hyperparameter tuning themselves; custom containers must
declare ``MetricDefinitions``. Developer guide, "Define metrics and environment variables":
https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-define-metrics-variables.html
The repository names are those of the built-in algorithms' ECR images, as listed in the developer
guide's "Docker Registry Paths and Example Code" and the SageMaker Python SDK's ``image_uri_config``.
"""

from __future__ import annotations

import re

BUILT_IN_REPOSITORIES = frozenset(
    {
        "blazingtext",
        "factorization-machines",
        "forecasting-deepar",
        "image-classification",
        "image-classification-neo",
        "ipinsights",
        "kmeans",
        "knn",
        "lda",
        "linear-learner",
        "ntm",
        "object-detection",
        "object2vec",
        "pca",
        "randomcutforest",
        "sagemaker-xgboost",
        "semantic-segmentation",
        "seq2seq",
        "xgboost",
    }
)

# "<registry>/<repository>[:tag|@digest]": the repository is the path after the registry host.
_REPOSITORY = re.compile(r"/(?P<repository>[a-z0-9][a-z0-9._\-/]*?)(?=[:@\s]|$)")


def is_built_in_image(image_text: str) -> bool:
    """Whether an image URI, or the literal text of a token URI, names a built-in algorithm's repository.

    For a token URI (``f"{account}.dkr.ecr.{region}.{suffix}/sagemaker-xgboost:1.7-1"``) the caller passes
    the literal parts with each token replaced by a space; the repository is usually among them.
    """
    for match in _REPOSITORY.finditer(image_text):
        if match["repository"].rsplit("/", 1)[-1] in BUILT_IN_REPOSITORIES:
            return True
    return False
