"""The shape of the built-in algorithms' generated specifications (``builtin_specs/<algorithm>.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

#: The kinds of hyperparameter values: how a value given as a string is read.
KINDS = ("integer", "continuous", "categorical", "boolean", "list", "text")


class Hyperparameter(NamedTuple):
    """One hyperparameter of a built-in algorithm.

    :param kind: one of ``KINDS``; ``text`` is not judged (a page lists the name, not its values).
    :param required: the algorithm refuses a training job without it.
    :param minimum: the lowest value allowed; ``minimum_open``: that value itself excluded.
    :param maximum: the highest value allowed; ``maximum_open``: that value itself excluded.
    :param values: the allowed values of a categorical hyperparameter.
    :param source: where this entry comes from: keys of ``SOURCES`` and a file (``sdk:kmeans.py``), the
        page that marks it required after a space (``docs:k-means-api-config``).
    """

    kind: str
    required: bool = False
    minimum: float | None = None
    minimum_open: bool = False
    maximum: float | None = None
    maximum_open: bool = False
    values: tuple[str, ...] = ()
    source: str = ""


class Metric(NamedTuple):
    """A metric a built-in algorithm emits to tuning: its optimization direction and where that is stated."""

    direction: str
    source: str


class AlgorithmSpec(NamedTuple):
    """What is known of one built-in algorithm.

    :param closed: the algorithm refuses a name it does not declare; true where the declarations are the
        algorithm's own code or the SDK's estimator, false where only a page lists the names.
    :param aliases: other accepted names, each for a declared one (XGBoost's ``learning_rate`` for ``eta``).
    :param hyperparameters_page: the developer guide's page of the hyperparameters (``page_url`` makes it
        a URL).
    :param tuning_page: the developer guide's page of the metrics and directions; empty when there is none.
    """

    hyperparameters: Mapping[str, Hyperparameter]
    metrics: Mapping[str, Metric]
    aliases: Mapping[str, str]
    closed: bool
    hyperparameters_page: str
    tuning_page: str


def page_url(page: str) -> str:
    """The live URL of a developer guide page named in the data (``k-means-api-config``)."""
    return f"https://docs.aws.amazon.com/sagemaker/latest/dg/{page}.html"
