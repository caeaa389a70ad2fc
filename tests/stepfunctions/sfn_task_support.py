"""Helpers of the Step Functions task tests: a task's state as Step Functions reads it, and sample runs."""

from __future__ import annotations

import re
from typing import Any

from aws_cdk import App, Environment, Stack
from aws_cdk import aws_stepfunctions as sfn

ENV = Environment(account="123456789012", region="us-east-1")
_PATH = re.compile(r"^\$\.([A-Za-z0-9_]+)$")
_FORMAT = re.compile(r"^States\.Format\('((?:[^'\\]|\\.)*)'((?:, \$\.[A-Za-z0-9_]+)*)\)$")


def new_stack(id: str = "Sfn") -> Stack:
    return Stack(App(), id, env=ENV)


def state_json(task: sfn.TaskStateBase, top_level: sfn.QueryLanguage | None = None) -> dict[str, Any]:
    """The task's state, resolved as in the synthesized definition (deploy-time values as intrinsics)."""
    stack = Stack.of(task)
    return stack.resolve(task.to_state_json(top_level))  # type: ignore[no-any-return]


def evaluate(value: str, sample: dict[str, Any]) -> Any:
    """A JSONPath value of ``Parameters`` evaluated against ``sample``: ``$.Name`` or a ``States.Format``."""
    path = _PATH.match(value)
    if path:
        return sample[path.group(1)]
    call = _FORMAT.match(value)
    assert call, f"not a value these tests evaluate: {value!r}"
    arguments = [sample[arg.strip()[2:]] for arg in call.group(2).split(",") if arg.strip()]
    template = call.group(1)
    pieces = re.split(r"(?<!\\)\{\}", template)
    assert len(pieces) == len(arguments) + 1, (template, arguments)
    unescaped = [re.sub(r"\\(.)", r"\1", piece) for piece in pieces]
    return "".join(p + str(a) for p, a in zip(unescaped, arguments, strict=False)) + unescaped[-1]


def with_sample(parameters: Any, sample: dict[str, Any]) -> Any:
    """``parameters`` as Step Functions sends them in a run whose input is ``sample`` (``Key.$`` -> ``Key``)."""
    if isinstance(parameters, dict):
        rendered: dict[str, Any] = {}
        for key, value in parameters.items():
            if key.endswith(".$"):
                rendered[key[:-2]] = evaluate(value, sample)
            else:
                rendered[key] = with_sample(value, sample)
        return rendered
    if isinstance(parameters, list):
        return [with_sample(item, sample) for item in parameters]
    return parameters
