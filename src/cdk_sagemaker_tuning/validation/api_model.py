"""The vendored SageMaker API model, read as shapes: what the structural checks walk.

The model is the file the handler's SageMaker client loads at deploy time (``_handler/contract.py``
names it; ``scripts/vendor_sagemaker_model.py`` writes it from botocore), so synth and deploy agree on
every field whatever botocore, if any, is installed where ``cdk synth`` runs.

Read here rather than through ``botocore.model``: the checks need four kinds of shape (structure, list,
map, scalar) and their ``min``, ``max``, ``pattern`` and ``enum``, a few lines over the JSON, and the
library no longer depends on botocore at all (a large package whose pins often clash with a project's
own boto3). The attributes are named as botocore names them (``type_name``, ``members``,
``required_members``, ``member``, ``key``, ``value``, ``enum``, ``metadata``).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .._handler import contract

#: The vendored model's file, inside the installed package.
MODEL_FILE = Path(contract.__file__).resolve().parent / contract.SAGEMAKER_MODEL_FILE


class Shape:
    """One shape of the model, its references resolved on first use (the model has recursive shapes)."""

    def __init__(self, model: ApiModel, name: str) -> None:
        self._model = model
        self.name = name
        self._definition: Mapping[str, Any] = model.definition(name)
        self.type_name: str = self._definition["type"]
        #: ``min``, ``max`` and ``pattern``, as in botocore's ``Shape.metadata``.
        self.metadata: dict[str, Any] = {
            key: self._definition[key] for key in ("min", "max", "pattern") if key in self._definition
        }
        self.enum: list[str] = list(self._definition.get("enum", []))
        self.required_members: list[str] = list(self._definition.get("required", []))

    @functools.cached_property
    def members(self) -> dict[str, Shape]:
        """A structure's members by name, in the model's order."""
        return {
            name: self._model.shape(ref["shape"]) for name, ref in self._definition.get("members", {}).items()
        }

    def _part(self, part: str) -> Shape:
        return self._model.shape(self._definition[part]["shape"])

    @property
    def member(self) -> Shape:
        """A list's item shape."""
        return self._part("member")

    @property
    def key(self) -> Shape:
        """A map's key shape."""
        return self._part("key")

    @property
    def value(self) -> Shape:
        """A map's value shape."""
        return self._part("value")

    def __repr__(self) -> str:
        return f"<Shape {self.name} ({self.type_name})>"


class ApiModel:
    """The vendored model: its operations' input shapes and where it came from."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._document = document
        self._shapes: dict[str, Shape] = {}

    def definition(self, name: str) -> Mapping[str, Any]:
        definition: Mapping[str, Any] = self._document["shapes"][name]
        return definition

    def shape(self, name: str) -> Shape:
        if name not in self._shapes:
            self._shapes[name] = Shape(self, name)
        return self._shapes[name]

    def input_shape(self, operation: str) -> Shape:
        """The request shape of ``operation`` (``KeyError`` when the vendored model lacks it)."""
        return self.shape(self._document["operations"][operation]["input"]["shape"])

    @property
    def operations(self) -> list[str]:
        return list(self._document["operations"])

    @property
    def botocore_version(self) -> str:
        """The botocore release the model was vendored from."""
        return str(self._document["vendored"]["botocore"])


@functools.cache
def sagemaker_model() -> ApiModel:
    """The vendored SageMaker model, read once per process."""
    return ApiModel(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
