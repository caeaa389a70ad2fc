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
