"""SageMaker's built-in algorithms, recognised by the repository of a training image URI, and the
objective metrics each one emits to hyperparameter tuning.

Built-in algorithms emit their metrics to hyperparameter tuning themselves; custom containers must
declare ``MetricDefinitions``. Developer guide, "Define metrics and environment variables":
https://docs.aws.amazon.com/sagemaker/latest/dg/automatic-model-tuning-define-metrics-variables.html
The repositories are those of ``image_registries.py`` (generated from the SageMaker Python SDK's
``image_uri_config``), plus the legacy XGBoost repository ``xgboost`` and the Neo image classification one.

The metrics are those of each algorithm's "Tune a ... model" page of the developer guide (its table
"Metrics computed by the ... algorithm", of which the page says to choose the objective), cited per
algorithm below; checked against the archived guide (github.com/awsdocs/amazon-sagemaker-developer-guide,
``doc_source/*-tuning.md`` at commit a869fa5) and the live pages; XGBoost's also against its container, which
registers more than its page lists. PCA has no tuning page: no metric is known, so none is checked.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

_GUIDE = "https://docs.aws.amazon.com/sagemaker/latest/dg/"


class TuningMetrics(NamedTuple):
    """The objective metrics a built-in algorithm emits, and the page that lists them."""

    source: str
    metrics: tuple[str, ...]


_LINEAR_LEARNER_METRICS = (
    *(
        f"{channel}:{name}"
        for channel in ("test", "validation")
        for name in (
            "absolute_loss",
            "binary_classification_accuracy",
            "binary_f_beta",
            "dcg",
            "macro_f_beta",
            "macro_precision",
            "macro_recall",
            "mse",
            "multiclass_accuracy",
            "multiclass_top_k_accuracy",
            "objective_loss",
            "precision",
            "recall",
            "roc_auc_score",
        )
    ),
    "validation:rmse",
)

# XGBoost's page lists 12 metrics; the container registers more (aucpr, f1_binary, r2, ...), every one as
# "validation:<name>": github.com/aws/sagemaker-xgboost-container (Apache-2.0) at commit
# cb8df91cd44c7b01c53ccf321fd3fdf3eb78adae, src/sagemaker_xgboost_container/constants/xgb_constants.py
# (XGB_MAXIMIZE_METRICS, XGB_MINIMIZE_METRICS) and algorithm_mode/metrics.py. The page's are among them.
_XGBOOST_METRICS = TuningMetrics(
    _GUIDE + "xgboost-tuning.html",
    tuple(
        f"validation:{name}"
        for name in (
            # maximized
            "accuracy",
            "auc",
            "aucpr",
            "balanced_accuracy",
            "f1",
            "f1_binary",
            "f1_macro",
            "map",
            "ndcg",
            "precision",
            "r2",
            "recall",
            "precision_macro",
            "precision_micro",
            "recall_macro",
            "recall_micro",
            # minimized
            "aft-nloglik",
            "cox-nloglik",
            "error",
            "gamma-deviance",
            "gamma-nloglik",
            "interval-regression-accuracy",
            "logloss",
            "mae",
            "mape",
            "merror",
            "mlogloss",
            "mphe",
            "mse",
            "poisson-nloglik",
            "rmse",
            "rmsle",
            "tweedie-nloglik",
        )
    ),
)

#: Repository of the image -> the objective metrics of the algorithm; ``None``: documents none.
TUNING_METRICS: Mapping[str, TuningMetrics | None] = MappingProxyType(
    {
        "blazingtext": TuningMetrics(
            _GUIDE + "blazingtext-tuning.html", ("train:mean_rho", "validation:accuracy")
        ),
        "factorization-machines": TuningMetrics(
            _GUIDE + "fm-tuning.html",
            (
                "test:rmse",
                "test:binary_classification_accuracy",
                "test:binary_classification_cross_entropy",
                "test:binary_f_beta",
            ),
        ),
        "forecasting-deepar": TuningMetrics(
            _GUIDE + "deepar-tuning.html", ("test:RMSE", "test:mean_wQuantileLoss", "train:final_loss")
        ),
        "image-classification": TuningMetrics(_GUIDE + "IC-tuning.html", ("validation:accuracy",)),
        "image-classification-neo": TuningMetrics(_GUIDE + "IC-tuning.html", ("validation:accuracy",)),
        "ipinsights": TuningMetrics(_GUIDE + "ip-insights-tuning.html", ("validation:discriminator_auc",)),
        "kmeans": TuningMetrics(_GUIDE + "k-means-tuning.html", ("test:msd", "test:ssd")),
        "knn": TuningMetrics(_GUIDE + "kNN-tuning.html", ("test:accuracy", "test:mse")),
        "lda": TuningMetrics(_GUIDE + "lda-tuning.html", ("test:pwll",)),
        "linear-learner": TuningMetrics(_GUIDE + "linear-learner-tuning.html", _LINEAR_LEARNER_METRICS),
        "ntm": TuningMetrics(_GUIDE + "ntm-tuning.html", ("validation:total_loss",)),
        "object-detection": TuningMetrics(_GUIDE + "object-detection-tuning.html", ("validation:mAP",)),
        "object2vec": TuningMetrics(
            _GUIDE + "object2vec-tuning.html",
            (
                "test:mean_squared_error",
                "validation:mean_squared_error",
                "test:accuracy",
                "test:cross_entropy",
                "validation:accuracy",
                "validation:cross_entropy",
            ),
        ),
        "pca": None,
        "randomcutforest": TuningMetrics(_GUIDE + "random-cut-forest-tuning.html", ("test:f1",)),
        "semantic-segmentation": TuningMetrics(
            _GUIDE + "semantic-segmentation-tuning.html", ("validation:mIOU", "validation:pixel_accuracy")
        ),
        "seq2seq": TuningMetrics(
            _GUIDE + "seq-2-seq-tuning.html",
            ("validation:accuracy", "validation:bleu", "validation:perplexity"),
        ),
        "sagemaker-xgboost": _XGBOOST_METRICS,
        "xgboost": _XGBOOST_METRICS,
    }
)

BUILT_IN_REPOSITORIES = frozenset(TUNING_METRICS)

# "<registry>/<repository>[:tag|@digest]": the repository is the path after the registry host.
_REPOSITORY = re.compile(r"/(?P<repository>[a-z0-9][a-z0-9._\-/]*?)(?=[:@\s]|$)")


def built_in_repository(image_text: str) -> str | None:
    """The built-in algorithm repository an image URI (or the literal text of a token URI) names, if any.

    For a token URI (``f"{account}.dkr.ecr.{region}.{suffix}/sagemaker-xgboost:1.7-1"``) the caller passes
    the literal parts with each token replaced by a space; the repository is usually among them.
    """
    for match in _REPOSITORY.finditer(image_text):
        repository = match["repository"].rsplit("/", 1)[-1]
        if repository in BUILT_IN_REPOSITORIES:
            return repository
    return None


def is_built_in_image(image_text: str) -> bool:
    """Whether an image URI, or the literal text of a token URI, names a built-in algorithm's repository."""
    return built_in_repository(image_text) is not None


def unknown_metric_message(repository: str, metric: str) -> str | None:
    """Why ``metric`` cannot be the objective of the built-in algorithm in ``repository``; None if it can.

    Developer guide, each algorithm's "Tune a ... model" page: "choose one of these metrics as the
    objective metric". A metric the page does not list never reaches the tuning job.
    """
    known = TUNING_METRICS.get(repository)
    if known is None or metric in known.metrics:
        return None
    return (
        f"{metric!r} is not a metric of the built-in algorithm {repository!r}, which emits "
        f"{', '.join(known.metrics)} ({known.source}); a metric of your own needs a custom container "
        "with MetricDefinitions"
    )
