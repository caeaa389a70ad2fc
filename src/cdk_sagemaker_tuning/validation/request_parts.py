"""The parts of a request that the cross-field rules read: the job config and the training definitions.

Shared by ``semantic.py`` and ``ranges.py``; every reader returns only what is known at synth time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import tokens

CONFIG = "HyperParameterTuningJobConfig"


@dataclass(frozen=True)
class Definition:
    """One training job definition of the request and the API path where it sits."""

    path: str
    value: Mapping[str, Any]


def job_config(request: Mapping[str, Any]) -> Mapping[str, Any]:
    return tokens.mapping(request.get(CONFIG)) or {}


def definitions(request: Mapping[str, Any]) -> list[Definition]:
    found = []
    single = tokens.mapping(request.get("TrainingJobDefinition"))
    if single is not None:
        found.append(Definition("TrainingJobDefinition", single))
    for index, item in enumerate(tokens.items(request.get("TrainingJobDefinitions")) or []):
        definition = tokens.mapping(item)
        if definition is not None:
            found.append(Definition(f"TrainingJobDefinitions[{index}]", definition))
    return found


def objective_for(request: Mapping[str, Any], definition: Definition | None) -> tuple[str, Any]:
    """(path, objective object) that applies to a definition: its own TuningObjective, else the job's."""
    if definition is not None and definition.value.get("TuningObjective") is not None:
        return f"{definition.path}.TuningObjective", definition.value.get("TuningObjective")
    return f"{CONFIG}.HyperParameterTuningJobObjective", job_config(request).get(
        "HyperParameterTuningJobObjective"
    )


_RANGE_KINDS = ("IntegerParameterRanges", "ContinuousParameterRanges", "CategoricalParameterRanges")


def tuned_names(request: Mapping[str, Any]) -> set[str] | None:
    """The names of every tuned hyperparameter, of all definitions; None when not all are known at synth
    time (a token), or when Autotune may choose hyperparameters of its own."""
    if request.get("Autotune") is not None:
        return None
    found: set[str] = set()
    raw_ranges = [job_config(request).get("ParameterRanges")]
    raw_ranges += [d.value.get("HyperParameterRanges") for d in definitions(request)]
    if tokens.is_unresolved(request.get("TrainingJobDefinitions")):
        return None
    for raw in raw_ranges:
        if raw is None:
            continue
        ranges = tokens.mapping(raw)
        if ranges is None:
            return None
        for kind in _RANGE_KINDS:
            items = tokens.items(ranges.get(kind))
            if ranges.get(kind) is not None and items is None:
                return None
            for item in items or []:
                name = tokens.string(tokens.get(item, "Name"))
                if name is None:
                    return None
                found.add(name)
    return found
