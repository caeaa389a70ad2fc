"""What each built-in algorithm accepts: hyperparameter names, required ones, values, metric directions and
channels, from the generated specifications (``_data/builtin_specs/``, sources cited per entry).

Only a definition whose training image is a built-in algorithm's repository is judged: a custom image, an
``AlgorithmName`` (marketplace or built-in by name), the legacy ``xgboost`` repository, and the XGBoost image
in script mode (a ``sagemaker_program`` hyperparameter: the user's script reads them) never are. Names that
begin with ``_`` or ``sagemaker_`` are SageMaker's and the SDK's own, not judged either. Every value that is
an unresolved CDK token is skipped.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .._data.builtin_specs import SOURCES, SPECS
from .._data.builtin_specs.types import AlgorithmSpec, Hyperparameter, page_url
from . import tokens
from .errors import Problem, show
from .metrics import algorithms
from .per_run import per_run_items
from .registry import ERROR, WARNING, rule
from .request_parts import CONFIG, Definition, job_config

_DECLARED_SOURCE = "SageMaker Python SDK src/sagemaker/amazon/*.py; sagemaker-xgboost-container"
_PAGES_SOURCE = "developer guide: each algorithm's hyperparameters page"
_TUNING_SOURCE = "developer guide: each algorithm's 'Tune a ... model' page"
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_KINDS = ("IntegerParameterRanges", "ContinuousParameterRanges", "CategoricalParameterRanges")
# Words several algorithms take in place of a number (k-means' extra_center_factor, linear learner's
# positive_example_weight_mult, ...): the pages document them, the SDK's validators do not.
_WORDS = frozenset({"auto", "balanced"})


@dataclass(frozen=True)
class _Builtin:
    """A definition that runs a built-in algorithm, and what is known of its hyperparameters."""

    definition: Definition
    repository: str
    spec: AlgorithmSpec
    static: Mapping[str, Any] | None  # None: a token
    tuned: list[tuple[str, str, str, Mapping[str, Any]]]  # (path, kind, name, range item)
    tuned_complete: bool
    objective_path: str
    objective: Mapping[str, Any] | None


def _each_builtin(request: Mapping[str, Any]) -> Iterator[_Builtin]:
    for found in algorithms(request):
        spec = SPECS.get(found.repository or "")
        if spec is None or found.algorithm is not None:
            continue
        raw_static = found.definition.value.get("StaticHyperParameters")
        static = tokens.mapping(raw_static) if raw_static is not None else {}
        if static is not None and any(str(name).startswith("sagemaker_") for name in static):
            continue  # script mode: the user's script takes the hyperparameters
        tuned, complete = _tuned(request, found.definition)
        yield _Builtin(
            found.definition,
            found.repository or "",
            spec,
            static,
            tuned,
            complete,
            found.objective_path,
            tokens.mapping(_objective(request, found.definition)),
        )


#: The definitions that run a built-in algorithm's image, read once per validation run (every rule below).
_builtins = per_run_items(_each_builtin)


def _objective(request: Mapping[str, Any], definition: Definition) -> Any:
    own = definition.value.get("TuningObjective")
    return own if own is not None else job_config(request).get("HyperParameterTuningJobObjective")


def _tuned(
    request: Mapping[str, Any], definition: Definition
) -> tuple[list[tuple[str, str, str, Mapping[str, Any]]], bool]:
    """(path, kind, name, item) of every range that applies to a definition, and whether all are known."""
    sources = [
        (f"{CONFIG}.ParameterRanges", job_config(request).get("ParameterRanges")),
        (f"{definition.path}.HyperParameterRanges", definition.value.get("HyperParameterRanges")),
    ]
    found: list[tuple[str, str, str, Mapping[str, Any]]] = []
    complete = True
    for path, raw in sources:
        if raw is None:
            continue
        ranges = tokens.mapping(raw)
        if ranges is None:
            complete = False
            continue
        for kind in _KINDS:
            items = tokens.items(ranges.get(kind))
            if ranges.get(kind) is not None and items is None:
                complete = False
            for index, item in enumerate(items or []):
                name = tokens.string(tokens.get(item, "Name"))
                if name is None or tokens.mapping(item) is None:
                    complete = False
                    continue
                found.append((f"{path}.{kind}[{index}]", kind, name, item))
    return found, complete


def _not_judged(name: str) -> bool:
    return name.startswith(("_", "sagemaker_"))


def _unknown_names(found: _Builtin) -> Iterator[Problem]:
    spec = found.spec
    known = set(spec.hyperparameters) | set(spec.aliases)
    named = [(f"{found.definition.path}.StaticHyperParameters.{n}", n) for n in found.static or {}]
    named += [(f"{path}.Name", name) for path, _, name, _ in found.tuned]
    for path, name in named:
        if name in known or _not_judged(name):
            continue
        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.75)
        hint = f"did you mean {close[0]!r}? " if close else ""
        yield Problem(
            path,
            f"{show(name)} is not a hyperparameter of the built-in algorithm {found.repository!r}; {hint}"
            f"its hyperparameters are listed at {page_url(spec.hyperparameters_page)}",
            name,
        )


@rule("builtin-hyperparameter-names", level=ERROR, source=_DECLARED_SOURCE)
def builtin_hyperparameter_names(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A built-in algorithm that refuses unknown hyperparameters is given only names it declares.

    The XGBoost container refuses a training job with a name it does not declare ("Extraneous
    hyperparameter found"); the SDK's estimators declare every hyperparameter of the first-party
    algorithms, which refuse others. Names close to a declared one get "did you mean".
    """
    for found in _builtins(request):
        if found.spec.closed:
            yield from _unknown_names(found)


@rule("builtin-hyperparameter-names-listed", level=WARNING, source=_PAGES_SOURCE)
def builtin_hyperparameter_names_listed(request: Mapping[str, Any]) -> Iterator[Problem]:
    """An algorithm known from its page only (BlazingText, DeepAR, ...) is given names the page lists.

    A warning: a page may be incomplete, and whether the algorithm refuses other names is not documented.
    """
    for found in _builtins(request):
        if not found.spec.closed:
            yield from _unknown_names(found)


@rule("builtin-required-hyperparameters", level=ERROR, source=f"{_DECLARED_SOURCE}; {_PAGES_SOURCE}")
def builtin_required_hyperparameters(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A built-in algorithm is given every hyperparameter it requires, static or tuned.

    The XGBoost container refuses a training job without one ("Missing required hyperparameter"); each
    algorithm's hyperparameters page marks the others **Required** (a condition, "Required when ...", is
    not judged).
    """
    for found in _builtins(request):
        if found.static is None or not found.tuned_complete:
            continue
        given = set(found.static) | {name for _, _, name, _ in found.tuned}
        given |= {found.spec.aliases[name] for name in given if name in found.spec.aliases}
        missing = [n for n, h in found.spec.hyperparameters.items() if h.required and n not in given]
        if missing:
            yield Problem(
                f"{found.definition.path}.StaticHyperParameters",
                f"lacks {', '.join(map(repr, missing))}, which the built-in algorithm {found.repository!r} "
                f"requires ({page_url(found.spec.hyperparameters_page)}): give "
                f"{'each' if len(missing) > 1 else 'it'} as a static hyperparameter or tune it",
                None,
            )


def _lookup(spec: AlgorithmSpec, name: str) -> Hyperparameter | None:
    return spec.hyperparameters.get(spec.aliases.get(name, name))


def _allowed(hyperparameter: Hyperparameter) -> str:
    if hyperparameter.values:
        return "one of " + ", ".join(map(repr, hyperparameter.values))
    what = "an integer" if hyperparameter.kind == "integer" else "a number"
    bounds = []
    if hyperparameter.minimum is not None:
        bounds.append(f"{'>' if hyperparameter.minimum_open else '>='} {_number(hyperparameter.minimum)}")
    if hyperparameter.maximum is not None:
        bounds.append(f"{'<' if hyperparameter.maximum_open else '<='} {_number(hyperparameter.maximum)}")
    return f"{what} {' and '.join(bounds)}".strip()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _value_problem(hyperparameter: Hyperparameter, value: Any) -> str | None:
    """Why ``value`` (a string, as SageMaker passes it) is not allowed; None if it is or cannot be judged."""
    if isinstance(value, bool) or not isinstance(value, str | int | float) or tokens.is_unresolved(value):
        return None
    text = str(value).strip()
    if hyperparameter.kind == "categorical":
        return (
            None if not hyperparameter.values or text in hyperparameter.values else _allowed(hyperparameter)
        )
    if hyperparameter.kind not in ("integer", "continuous") or text.lower() in _WORDS:
        return None
    pattern = _INTEGER if hyperparameter.kind == "integer" else _NUMBER
    if not pattern.fullmatch(text):
        return _allowed(hyperparameter)
    number = float(text)
    low, high = hyperparameter.minimum, hyperparameter.maximum
    if low is not None and (number < low or (hyperparameter.minimum_open and number == low)):
        return _allowed(hyperparameter)
    if high is not None and (number > high or (hyperparameter.maximum_open and number == high)):
        return _allowed(hyperparameter)
    return None


@rule("builtin-hyperparameter-values", level=ERROR, source=_DECLARED_SOURCE)
def builtin_hyperparameter_values(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A built-in algorithm's static values and tuned ranges are within what it accepts.

    The bounds and values of the SDK's validators (``gt``, ``ge``, ``lt``, ``le``, ``isin``) and the XGBoost
    container's declarations (``Interval``, categories); a tuned range is checked at both ends, a
    categorical one value by value. Words some algorithms take for a number (``auto``) are not judged.
    """
    for found in _builtins(request):
        for name, value in (found.static or {}).items():
            hyperparameter = _lookup(found.spec, name)
            allowed = hyperparameter and _value_problem(hyperparameter, value)
            if allowed:
                yield Problem(
                    f"{found.definition.path}.StaticHyperParameters.{name}",
                    f"{show(value)} is not allowed for {name!r} of {found.repository!r}: give {allowed}",
                    value,
                )
        for path, kind, name, item in found.tuned:
            hyperparameter = _lookup(found.spec, name)
            if hyperparameter is None:
                continue
            if kind == "CategoricalParameterRanges":
                fields = [(f"Values[{i}]", v) for i, v in enumerate(tokens.items(item.get("Values")) or [])]
            else:
                fields = [(field, item.get(field)) for field in ("MinValue", "MaxValue")]
            for field, value in fields:
                allowed = _value_problem(hyperparameter, value)
                if allowed:
                    yield Problem(
                        f"{path}.{field}",
                        f"{show(value)} is outside what {name!r} of {found.repository!r} accepts: the range "
                        f"must lie within {allowed}",
                        value,
                    )


@rule("builtin-objective-direction", level=WARNING, source=_TUNING_SOURCE)
def builtin_objective_direction(request: Mapping[str, Any]) -> Iterator[Problem]:
    """The objective's Type is the direction the algorithm's tuning page gives its metric.

    A warning: the pages give each metric one "Optimization direction" but do not say that SageMaker
    refuses the other; tuning the wrong way looks for the worst model.
    """
    for found in _builtins(request):
        metric_name = tokens.string(tokens.get(found.objective, "MetricName"))
        wanted = tokens.string(tokens.get(found.objective, "Type"))
        metric = found.spec.metrics.get(metric_name or "")
        if metric is not None and wanted is not None and wanted != metric.direction:
            page = page_url(found.spec.tuning_page) if found.spec.tuning_page else SOURCES["xgboost"]
            yield Problem(
                f"{found.objective_path}.Type",
                f"{show(wanted)} tunes {metric_name!r} the wrong way: {found.repository!r} documents it to "
                f"{metric.direction.lower()} ({page}); use {metric.direction!r}",
                wanted,
            )


@rule("builtin-objective-channel", level=WARNING, source=_TUNING_SOURCE)
def builtin_objective_channel(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A built-in algorithm's objective metric comes from a channel the definition has.

    Each metric is named ``<channel>:<name>`` and computed on that channel (``validation:auc`` on the
    validation channel). Without it every training job runs and reports no objective. A warning: the pages
    do not say that SageMaker refuses the request.
    """
    for found in _builtins(request):
        metric_name = tokens.string(tokens.get(found.objective, "MetricName")) or ""
        channel = metric_name.split(":", 1)[0] if metric_name in found.spec.metrics else None
        channels = tokens.items(found.definition.value.get("InputDataConfig"))
        if channel is None or channels is None:
            continue
        names = [tokens.string(tokens.get(c, "ChannelName")) for c in channels]
        if None in names or channel in names:
            continue
        yield Problem(
            f"{found.objective_path}.MetricName",
            f"{metric_name!r} is computed on the {channel!r} channel, which "
            f"{found.definition.path}.InputDataConfig does not have ({', '.join(map(repr, names)) or 'none'}); "
            f"add a channel named {channel!r} or choose a metric of a channel it has",
            metric_name,
        )
