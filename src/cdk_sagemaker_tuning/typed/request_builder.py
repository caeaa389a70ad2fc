"""One builder for the request the typed API renders: each value is written with the prop it came from.

The typed classes never keep a table of API paths to prop names by hand: they write every field with
:meth:`RequestBuilder.put`, which records the field's path and its prop together, so the table that
validation messages use (``TrainingJobDefinition.ResourceConfig.InstanceType (training.instance_type)``)
is derived from the rendering itself and cannot drift from it::

    builder = RequestBuilder()
    builder.put("HyperParameterTuningJobConfig.RandomSeed", 7, "random_seed")
    training = builder.at("TrainingJobDefinition", "training")
    training.put("ResourceConfig.InstanceType", "ml.m5.xlarge", "instance_type")
    builder.request    # {"HyperParameterTuningJobConfig": {"RandomSeed": 7}, "TrainingJobDefinition": {...}}
    builder.prop_names # {"HyperParameterTuningJobConfig.RandomSeed": "random_seed",
                       #  "TrainingJobDefinition": "training",
                       #  "TrainingJobDefinition.ResourceConfig.InstanceType": "training.instance_type"}

Paths are dotted API paths relative to the builder (``ResourceConfig.InstanceType``); list items are
written ``InputDataConfig[0]``. Props are the typed API's names relative to the builder's prop
(``inputs[0].content_type``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_SEGMENT = re.compile(r"^(?P<name>[^\[\]]+)(?:\[(?P<index>\d+)\])?$")


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    if not path:
        return prefix
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


class RequestBuilder:
    """Writes fields of one request (``request``) and the typed prop behind each (``prop_names``).

    :param api_prefix: the API path of this builder's object in the request (``""`` at the top).
    :param prop_prefix: the typed prop of that object (``""`` at the top).
    """

    def __init__(self, api_prefix: str = "", prop_prefix: str = "", *, _root: RequestBuilder | None = None):
        self._api_prefix = api_prefix
        self._prop_prefix = prop_prefix
        self._root = _root or self
        if _root is None:
            self.request: dict[str, Any] = {}
            self.prop_names: dict[str, str] = {}

    @property
    def prop(self) -> str:
        """The typed prop of this builder's object (``training``, ``parameter_ranges``...)."""
        return self._prop_prefix

    def put(self, api_path: str, value: Any, prop: str) -> None:
        """Write ``value`` at ``api_path`` and record that it comes from ``prop``.

        ``None`` writes nothing but still records the prop: a finding that the field is missing then
        names the prop to give (``max_training_jobs`` for ``ResourceLimits.MaxNumberOfTrainingJobs``).
        """
        full_path = _join(self._api_prefix, api_path)
        full_prop = _join(self._prop_prefix, prop)
        if full_prop:  # the request's own objects (HyperParameterTuningJobConfig) have no prop of their own
            self._root.prop_names[full_path] = full_prop
        if value is not None:
            _set(self._root.request, full_path, value)

    def put_map(self, api_path: str, values: Mapping[str, Any], prop: str) -> None:
        """Write a map (``Environment``) and record each key as ``prop['key']``."""
        self.put(api_path, dict(values), prop)
        for key in values:
            self._root.prop_names[_join(self._api_prefix, f"{api_path}.{key}")] = _join(
                self._prop_prefix, f"{prop}[{key!r}]"
            )

    def at(self, api_path: str, prop: str) -> RequestBuilder:
        """A builder for the object at ``api_path``, whose fields come from the props of ``prop``.

        The object itself is created by its first field; the path is recorded at once, so that findings
        about the whole object name ``prop``.
        """
        self.put(api_path, None, prop)
        return RequestBuilder(
            _join(self._api_prefix, api_path), _join(self._prop_prefix, prop), _root=self._root
        )

    def include(
        self, api_path: str, value: Mapping[str, Any], prop_names: Mapping[str, str], prop: str
    ) -> None:
        """Write an object another builder rendered, with its prop names, under ``api_path``."""
        self.put(api_path, dict(value), prop)
        nested = self.at(api_path, prop)
        for path, name in prop_names.items():
            nested._root.prop_names[_join(nested._api_prefix, path)] = _join(nested._prop_prefix, name)

    def get(self, api_path: str) -> Any:
        """The value written at ``api_path``, or ``None``."""
        node: Any = self._root.request
        for segment in _join(self._api_prefix, api_path).split("."):
            match = _SEGMENT.match(segment)
            if match is None or not isinstance(node, dict):
                return None
            node = node.get(match["name"])
            if match["index"] is not None:
                index = int(match["index"])
                node = node[index] if isinstance(node, list) and index < len(node) else None
        return node


def _set(request: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at ``path``, creating the objects and list items on the way."""
    node: Any = request
    segments = path.split(".")
    for depth, segment in enumerate(segments):
        match = _SEGMENT.match(segment)
        if match is None:
            raise ValueError(f"{path!r}: segment {segment!r} is not NAME or NAME[index]")
        last = depth == len(segments) - 1
        name, index = match["name"], match["index"]
        if index is None:
            if last:
                node[name] = value
                return
            node = node.setdefault(name, {})
            continue
        items = node.setdefault(name, [])
        position = int(index)
        while len(items) <= position:
            items.append({})
        if last:
            items[position] = value
            return
        node = items[position]
