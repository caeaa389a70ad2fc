"""The ``CreateHyperParameterTuningJob`` requests of Step Functions task states, read from a template.

A state machine's definition is JSON text inside the template: ``DefinitionString`` as a string, or, as CDK
writes it, an ``Fn::Join`` of text pieces and CloudFormation values (``{"Ref": ...}``, ``{"Fn::GetAtt":
...}``) that CloudFormation fills in at deploy time. Each CloudFormation value is replaced by a marker, the
text parsed, and the markers put back: a value that is a whole string becomes the CloudFormation value
itself, a string with a value inside becomes an ``Fn::Join``, as the tuning jobs' requests show them.

A task state calls the SageMaker integration when its ``Resource`` is
``arn:<partition>:states:::sagemaker:createHyperParameterTuningJob`` (``.sync`` for ``RUN_JOB``), whoever
wrote it. Its request is ``Parameters`` (JSONPath) or ``Arguments`` (JSONata), in which some fields are
known only when an execution runs: a JSONPath field's key ends in ``.$`` and its value is a path or an
intrinsic function (``States.Format(...)``); a JSONata field's value is a ``{% ... %}`` expression. Both are
in the Amazon States Language specification:
https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html and
https://docs.aws.amazon.com/step-functions/latest/dg/input-output-inputpath-params.html.

Only the standard library is used: ``export`` runs without Node.js and jsii.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

_STATE_MACHINE = "AWS::StepFunctions::StateMachine"
_INTEGRATION = re.compile(r":states:::sagemaker:createHyperParameterTuningJob(\.sync)?$")
# The same pattern as _core/runtime_text.JSONATA, written again because that module imports aws_cdk.
_JSONATA = re.compile(r"^\s*\{%(.*)%\}\s*$", re.DOTALL)
_MARKER = re.compile(r"@@cdk-sagemaker-tuning:cfn-value:(\d+)@@")

RUNTIME_PLACEHOLDER = "<run-time value: {expression}>"


@dataclass(frozen=True)
class RuntimeField:
    """A field of a task's request that Step Functions fills in from each execution."""

    path: str
    """The field's dotted path in the request (``TrainingJobDefinition.OutputDataConfig.S3OutputPath``)."""
    expression: str
    """What Step Functions evaluates: a JSONPath path or intrinsic function, or a JSONata expression."""


@dataclass(frozen=True)
class TaskRequest:
    """One state that creates a tuning job, and its request as far as the template knows it."""

    state_machine: str
    """The state machine's logical id."""
    construct_path: str | None
    state: str
    """The state's name (nested states of ``Parallel`` and ``Map`` states included)."""
    query_language: str
    """``JSONPath`` or ``JSONata``."""
    request: Any
    """The request with each run-time value replaced by :data:`RUNTIME_PLACEHOLDER`; ``None`` when the
    whole request is a run-time value (see :attr:`unprintable`)."""
    runtime_fields: tuple[RuntimeField, ...]
    unprintable: str | None = None
    """Why no request can be printed, when it cannot."""


class DefinitionError(ValueError):
    """A state machine's definition cannot be read from the template."""


def task_requests(logical_id: str, resource: Mapping[str, Any]) -> list[TaskRequest]:
    """The tuning-job task states of one ``AWS::StepFunctions::StateMachine`` resource, in definition order.

    :raises DefinitionError: when the definition is not in the template (``DefinitionS3Location``) or is
        not JSON.
    """
    properties = resource.get("Properties") or {}
    definition = _definition(logical_id, properties)
    path = (resource.get("Metadata") or {}).get("aws:cdk:path")
    top_language = definition.get("QueryLanguage") or "JSONPath"
    return [
        _task_request(logical_id, path, name, state, state.get("QueryLanguage") or top_language)
        for name, state in _states(definition)
        if state.get("Type") == "Task" and _is_tuning_integration(state.get("Resource"))
    ]


def is_state_machine(resource: Any) -> bool:
    return isinstance(resource, Mapping) and resource.get("Type") == _STATE_MACHINE


def _definition(logical_id: str, properties: Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(properties.get("Definition"), Mapping):
        return dict(properties["Definition"])  # the definition as a template object (CfnStateMachine)
    text = properties.get("DefinitionString")
    if text is None:
        where = "in S3 (DefinitionS3Location)" if "DefinitionS3Location" in properties else "missing"
        raise DefinitionError(f"state machine {logical_id}: its definition is {where}, not in the template")
    values: list[Any] = []
    if isinstance(text, Mapping) and set(text) == {"Fn::Join"} and text["Fn::Join"][0] == "":
        pieces = []
        for piece in text["Fn::Join"][1]:
            if isinstance(piece, str):
                pieces.append(piece)
            else:
                pieces.append(f"@@cdk-sagemaker-tuning:cfn-value:{len(values)}@@")
                values.append(piece)
        text = "".join(pieces)
    if not isinstance(text, str):
        raise DefinitionError(
            f"state machine {logical_id}: its DefinitionString is {json.dumps(text)[:80]}, "
            "neither text nor an Fn::Join of text and values"
        )
    try:
        parsed = json.loads(text)
    except ValueError as error:
        raise DefinitionError(f"state machine {logical_id}: its definition is not JSON: {error}") from None
    if not isinstance(parsed, dict):
        raise DefinitionError(f"state machine {logical_id}: its definition is not a JSON object")
    restored: dict[str, Any] = _restore(parsed, values)
    return restored


def _restore(value: Any, values: list[Any]) -> Any:
    """``value`` with every marker replaced by its CloudFormation value (an ``Fn::Join`` inside text)."""
    if isinstance(value, str):
        parts: list[Any] = []
        position = 0
        for match in _MARKER.finditer(value):
            if match.start() > position:
                parts.append(value[position : match.start()])
            parts.append(values[int(match.group(1))])
            position = match.end()
        if not parts:
            return value
        if position < len(value):
            parts.append(value[position:])
        return parts[0] if len(parts) == 1 else {"Fn::Join": ["", parts]}
    if isinstance(value, dict):
        return {key: _restore(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [_restore(item, values) for item in value]
    return value


def _states(definition: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every state, those inside ``Parallel`` branches and ``Map`` processors included, in order."""
    for name, state in (definition.get("States") or {}).items():
        if not isinstance(state, Mapping):
            continue
        yield name, state
        for branch in state.get("Branches") or []:
            yield from _states(branch)
        for key in ("ItemProcessor", "Iterator"):
            if isinstance(state.get(key), Mapping):
                yield from _states(state[key])


def _is_tuning_integration(resource: Any) -> bool:
    if isinstance(resource, Mapping) and set(resource) == {"Fn::Join"}:
        resource = resource["Fn::Join"][1][-1]  # "arn:" + partition + ":states:::sagemaker:..."
    return isinstance(resource, str) and _INTEGRATION.search(resource) is not None


def _task_request(
    logical_id: str, path: str | None, name: str, state: Mapping[str, Any], language: str
) -> TaskRequest:
    request: Any = None
    fields: list[RuntimeField] = []
    why: str | None = None
    if language == "JSONata":
        arguments = state.get("Arguments")
        if isinstance(arguments, str):
            why = f"its Arguments are one JSONata expression, evaluated per execution: {arguments}"
        else:
            request = _jsonata(arguments or {}, "", fields)
    elif "Parameters" not in state:
        why = "it has no Parameters: the request is the state's input, known only when an execution runs"
    else:
        request = _json_path(state["Parameters"], "", fields)
    return TaskRequest(logical_id, path, name, language, request, tuple(fields), why)


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _json_path(value: Any, path: str, fields: list[RuntimeField]) -> Any:
    if isinstance(value, Mapping):
        result: dict[str, Any] = {}
        for key, item in value.items():
            if key.endswith(".$"):
                field = RuntimeField(_join(path, key[:-2]), _expression_text(item))
                fields.append(field)
                result[key[:-2]] = RUNTIME_PLACEHOLDER.format(expression=field.expression)
            else:
                result[key] = _json_path(item, _join(path, key), fields)
        return result
    if isinstance(value, list):
        return [_json_path(item, f"{path}[{index}]", fields) for index, item in enumerate(value)]
    return value


def _jsonata(value: Any, path: str, fields: list[RuntimeField]) -> Any:
    # An expression around a deploy-time value (a bucket's name) is an Fn::Join: its text is what counts.
    is_text = isinstance(value, str) or (isinstance(value, Mapping) and set(value) == {"Fn::Join"})
    if is_text and _JSONATA.match(_expression_text(value)):
        field = RuntimeField(path, _expression_text(value))
        fields.append(field)
        return RUNTIME_PLACEHOLDER.format(expression=field.expression)
    if isinstance(value, Mapping):
        return {key: _jsonata(item, _join(path, key), fields) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonata(item, f"{path}[{index}]", fields) for index, item in enumerate(value)]
    return value


def _expression_text(value: Any) -> str:
    """An expression as one line; a CloudFormation value inside it is shown in ``Fn::Sub`` notation."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and set(value) == {"Fn::Join"}:
        return "".join(_expression_text(part) for part in value["Fn::Join"][1])
    if isinstance(value, Mapping) and set(value) == {"Ref"}:
        return "${" + str(value["Ref"]) + "}"
    if isinstance(value, Mapping) and set(value) == {"Fn::GetAtt"}:
        return "${" + ".".join(str(part) for part in value["Fn::GetAtt"]) + "}"
    return json.dumps(value, separators=(",", ":"))
