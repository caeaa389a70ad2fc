"""Small helpers over a CreateHyperParameterTuningJob request held as nested dicts and lists."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from typing import Any

from aws_cdk import Reference, Tokenization
from constructs import IConstruct

from .checks import OVERRIDE_PATH
from .tokens import is_unresolved

_INDEX = re.compile(r"^(?P<name>[^\[\]]+)(?:\[(?P<index>\d+)\])?$")


def copy_request(request: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy that the caller can change without touching the user's dict."""
    return copy.deepcopy(dict(request))


def set_path(request: dict[str, Any], path: str, value: Any) -> None:
    """Set ``value`` at a dotted API path such as ``TrainingJobDefinitions[0].StoppingCondition``.

    Missing intermediate objects are created; ``None`` removes the field. List items are addressed with
    ``[n]`` and must exist.
    """
    parts = path.split(".")
    if not path or any(not part for part in parts):
        raise OVERRIDE_PATH.error(f"request override path {path!r} is not a dotted path such as 'A.B[0].C'")
    node: Any = request
    for depth, part in enumerate(parts):
        match = _INDEX.match(part)
        if match is None:
            raise OVERRIDE_PATH.error(
                f"request override path {path!r}: segment {part!r} is not NAME or NAME[index]"
            )
        name, index = match["name"], match["index"]
        last = depth == len(parts) - 1
        if index is None:
            if last:
                if value is None:
                    node.pop(name, None)
                else:
                    node[name] = value
                return
            node = node.setdefault(name, {})
        else:
            items = node.get(name)
            position = int(index)
            if not isinstance(items, list) or position >= len(items):
                raise OVERRIDE_PATH.error(f"request override path {path!r}: {name} has no item [{position}]")
            if last:
                items[position] = value
                return
            node = items[position]
        if not isinstance(node, dict):
            raise OVERRIDE_PATH.error(f"request override path {path!r}: {part!r} is not an object")


def training_definitions(request: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """Every training job definition of the request, single or multi-algorithm."""
    single = request.get("TrainingJobDefinition")
    if isinstance(single, Mapping):
        yield single
    for definition in request.get("TrainingJobDefinitions") or []:
        if isinstance(definition, Mapping):
            yield definition


def role_arns(request: Mapping[str, Any]) -> list[str]:
    """The distinct execution-role ARNs (literal or token) the request passes to SageMaker."""
    seen: list[str] = []
    for definition in training_definitions(request):
        arn = definition.get("RoleArn")
        if isinstance(arn, str) and arn not in seen:
            seen.append(arn)
    return seen


def referenced_constructs(value: str) -> list[IConstruct]:
    """The constructs whose attributes a token string refers to (for example the Role behind role_arn).

    Returns the construct that owns the referenced CloudFormation resource (the L2 Role rather than its
    CfnRole), so that depending on it also depends on its policies.
    """
    if not is_unresolved(value):
        return []
    owners: list[IConstruct] = []
    for token in Tokenization.reverse_string(value).tokens:
        if isinstance(token, Reference):
            target = token.target
            owner = target.node.scope if target.node.id == "Resource" and target.node.scope else target
            if owner not in owners:
                owners.append(owner)
    return owners
