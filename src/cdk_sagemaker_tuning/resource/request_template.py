"""How a request override reaches the template: as CloudFormation property overrides, computed in Python.

The resource is created with the request as plain data, so synthesis renders it in Node.js without calling
back into Python (each callback is a jsii round trip, per job, and the request used to be a Python
``IResolvable``). ``add_request_override`` then changes the Python-side request; :func:`overrides` turns the
difference from the request the resource was created with into ``CfnResource`` property overrides, which
aws-cdk-lib deep-merges into the rendered properties at synthesis.

aws-cdk-lib's merge merges objects key by key, replaces lists and intrinsic functions whole, and deletes a
key whose override is ``undefined``. So the overrides are: the changed leaves (and whole values where the
kind of value changed), and a deletion for every key the new request no longer has. One difference
remains, by aws-cdk-lib's design: an object that an override leaves empty (``{}``) is dropped from the
template rather than sent empty; SageMaker reads an absent structure and an empty one alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

#: Marks a path whose key the new request no longer has (``CfnResource.add_property_deletion_override``).
DELETE: Final = object()

#: aws-cdk-lib replaces these objects whole instead of merging them (``core/lib/private/deep-merge``).
_INTRINSICS: Final = frozenset(
    {"Ref", "Fn::Base64", "Fn::Cidr", "Fn::FindInMap", "Fn::GetAtt", "Fn::GetAZs", "Fn::ImportValue",
     "Fn::Join", "Fn::Select", "Fn::Split", "Fn::Sub", "Fn::Transform", "Fn::And", "Fn::Equals", "Fn::If",
     "Fn::Not", "Fn::Or"}
)  # fmt: skip


def overrides(created: Mapping[str, Any], current: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """``(path, value)`` pairs that turn ``created`` into ``current`` when deep-merged; ``value`` may be DELETE.

    Paths are in ``CfnResource.add_property_override`` syntax, relative to the request: keys joined by
    ``.``, with ``.`` and ``\\`` in keys escaped by ``\\``.
    """
    yield from _walk("", created, current)


def _walk(prefix: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    for key in old:
        if key not in new:
            yield _join(prefix, key), DELETE
    for key, value in new.items():
        if key in old and old[key] == value:
            continue
        path = _join(prefix, key)
        if _mergeable(value) and _mergeable(old.get(key)):
            yield from _walk(path, old[key], value)
        else:
            yield path, value


def _mergeable(value: Any) -> bool:
    return isinstance(value, Mapping) and not (len(value) == 1 and next(iter(value)) in _INTRINSICS)


def _join(prefix: str, key: str) -> str:
    escaped = key.replace("\\", "\\\\").replace(".", "\\.")
    return f"{prefix}.{escaped}" if prefix else escaped
