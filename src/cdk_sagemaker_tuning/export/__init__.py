"""Print the tuning-job requests of a synthesized app, ready for ``aws sagemaker ... --cli-input-json``.

Reads a cloud assembly (``cdk.out``): its ``manifest.json`` names every stack template, and stages
(nested cloud assemblies) are followed. Every ``Custom::SageMakerHyperParameterTuningJob`` resource's
``Request`` property is printed as it is in the template: values CloudFormation resolves only at deploy
time (``Ref``, ``Fn::GetAtt``, ``Fn::Join``...) stay as they are, so the output shows exactly what the
handler will send, and which parts are still to be filled in.

The ``SageMakerCreateHyperParameterTuningJob`` task states of the assembly's state machines (any task state
calling ``sagemaker:createHyperParameterTuningJob``) are printed too, as the request of one execution:
the fields Step Functions fills in from each execution are listed, and their values are placeholders to
replace (``export/states.py``).

Only the JSON files of the assembly are read, nothing is synthesized; the parts of the manifest format used
are: ``artifacts.<id>.type``, ``.properties.templateFile`` / ``.properties.directoryName``,
``.properties.stackName`` and ``.displayName``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, TextIO

from .._handler.contract import RESOURCE_TYPE
from .states import RUNTIME_PLACEHOLDER, DefinitionError, TaskRequest, is_state_machine, task_requests

_STACK_ARTIFACT = "aws:cloudformation:stack"
_NESTED_ASSEMBLY = "cdk:cloud-assembly"


class ExportError(Exception):
    """The directory is not a readable cloud assembly, or a requested stack is not in it."""


@dataclass(frozen=True)
class ExportedRequest:
    """One tuning job found in a template."""

    stack: str
    """The stack's display name (``Stage/Stack`` inside a stage)."""
    stack_name: str
    """The CloudFormation stack name."""
    logical_id: str
    construct_path: str | None
    request: Any


@dataclass(frozen=True)
class ExportedTaskRequest:
    """One Step Functions task state that creates a tuning job, found in a template."""

    stack: str
    """The stack's display name (``Stage/Stack`` inside a stage)."""
    stack_name: str
    """The CloudFormation stack name."""
    task: TaskRequest
    """The state machine, the state, its request and its run-time fields."""


@dataclass(frozen=True)
class _Stack:
    display_name: str
    stack_name: str
    artifact_id: str
    template: Path


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExportError(f"{what} {path} does not exist") from None
    except (OSError, ValueError) as error:
        raise ExportError(f"{what} {path} is not readable JSON: {error}") from None


def _stacks(assembly_dir: Path) -> Iterator[_Stack]:
    manifest_path = assembly_dir / "manifest.json"
    if not assembly_dir.is_dir():
        raise ExportError(f"{assembly_dir} is not a directory; pass the cloud assembly (e.g. cdk.out)")
    if not manifest_path.is_file():
        raise ExportError(
            f"{assembly_dir} is not a cloud assembly: it has no manifest.json (run `cdk synth` first)"
        )
    manifest = _read_json(manifest_path, "the cloud assembly manifest")
    artifacts = manifest.get("artifacts") if isinstance(manifest, dict) else None
    if not isinstance(artifacts, dict):
        raise ExportError(f"{manifest_path} has no 'artifacts' object: not a cloud assembly manifest")
    for artifact_id, artifact in artifacts.items():
        properties = artifact.get("properties") or {}
        if artifact.get("type") == _STACK_ARTIFACT and "templateFile" in properties:
            yield _Stack(
                display_name=artifact.get("displayName") or artifact_id,
                stack_name=properties.get("stackName") or artifact_id,
                artifact_id=artifact_id,
                template=assembly_dir / properties["templateFile"],
            )
        elif artifact.get("type") == _NESTED_ASSEMBLY and "directoryName" in properties:
            yield from _stacks(assembly_dir / properties["directoryName"])


def _matches(stack: _Stack, patterns: Sequence[str]) -> bool:
    names = (stack.display_name, stack.stack_name, stack.artifact_id)
    return any(fnmatchcase(name, pattern) for pattern in patterns for name in names)


def _selected_stacks(assembly_dir: str | Path, stacks: Sequence[str]) -> list[_Stack]:
    all_stacks = list(_stacks(Path(assembly_dir)))
    unmatched = [p for p in stacks if not any(_matches(s, [p]) for s in all_stacks)]
    if unmatched:
        known = ", ".join(s.display_name for s in all_stacks) or "none"
        raise ExportError(f"no stack matches --stack {' '.join(unmatched)}; stacks in the assembly: {known}")
    return [stack for stack in all_stacks if not stacks or _matches(stack, stacks)]


def _resources(stack: _Stack) -> dict[str, Any]:
    template = _read_json(stack.template, f"the template of stack {stack.display_name}")
    resources = template.get("Resources") if isinstance(template, dict) else None
    return resources if isinstance(resources, dict) else {}


def find_requests(assembly_dir: str | Path, stacks: Sequence[str] = ()) -> list[ExportedRequest]:
    """Every tuning job's request in the assembly, in manifest and template order.

    :param assembly_dir: the cloud assembly directory (``cdk.out``).
    :param stacks: keep only stacks whose display name, stack name or artifact id matches one of these
        shell-style patterns (``Prod/*``); every stack when empty.
    :raises ExportError: when the directory is not a cloud assembly, or a pattern matches no stack.
    """
    found: list[ExportedRequest] = []
    for stack in _selected_stacks(assembly_dir, stacks):
        for logical_id, resource in _resources(stack).items():
            if not isinstance(resource, dict) or resource.get("Type") != RESOURCE_TYPE:
                continue
            found.append(
                ExportedRequest(
                    stack=stack.display_name,
                    stack_name=stack.stack_name,
                    logical_id=logical_id,
                    construct_path=(resource.get("Metadata") or {}).get("aws:cdk:path"),
                    request=(resource.get("Properties") or {}).get("Request"),
                )
            )
    return found


def find_task_requests(
    assembly_dir: str | Path, stacks: Sequence[str] = (), *, problems: list[str] | None = None
) -> list[ExportedTaskRequest]:
    """Every Step Functions task state that creates a tuning job, in manifest, template and definition order.

    :param assembly_dir: the cloud assembly directory (``cdk.out``).
    :param stacks: as for :func:`find_requests`.
    :param problems: receives one line per state machine whose definition cannot be read from the
        template (kept in S3, or not JSON); those are skipped.
    :raises ExportError: when the directory is not a cloud assembly, or a pattern matches no stack.
    """
    found: list[ExportedTaskRequest] = []
    for stack in _selected_stacks(assembly_dir, stacks):
        for logical_id, resource in _resources(stack).items():
            if not is_state_machine(resource):
                continue
            try:
                tasks = task_requests(logical_id, resource)
            except DefinitionError as error:
                if problems is not None:
                    problems.append(f"stack {stack.display_name}, {error}: its tuning tasks are not printed")
                continue
            found += [ExportedTaskRequest(stack.display_name, stack.stack_name, task) for task in tasks]
    return found


_NAME_NOTE = (
    "no HyperParameterTuningJobName: the handler generates one at deploy time; add one to run this call"
)


def _has_name(request: Any) -> bool:
    return isinstance(request, dict) and "HyperParameterTuningJobName" in request


def _write_text(requests: Sequence[ExportedRequest], out: TextIO) -> None:
    for item in requests:
        where = f" ({item.construct_path})" if item.construct_path else ""
        # A '#' line is not JSON: copy the block below it, or use --output-dir for ready-to-use files.
        out.write(f"# stack {item.stack}, resource {item.logical_id}{where}\n")
        if not _has_name(item.request):
            out.write(f"# {_NAME_NOTE}\n")
        out.write(json.dumps(item.request, indent=2) + "\n")


_RUNTIME_NOTE = (
    "run-time values: Step Functions fills these in from each execution; to run the call by hand, replace "
    f"each {RUNTIME_PLACEHOLDER.format(expression='...')!r} with the value for that run"
)


def _task_header(item: ExportedTaskRequest) -> str:
    task = item.task
    where = f" ({task.construct_path})" if task.construct_path else ""
    return (
        f"stack {item.stack}, state machine {task.state_machine}{where}, "
        f"state {json.dumps(task.state)} ({task.query_language})"
    )


def _write_task_text(tasks: Sequence[ExportedTaskRequest], out: TextIO) -> None:
    for item in tasks:
        out.write(f"# {_task_header(item)}\n")
        if item.task.unprintable:
            out.write(f"# cannot print the request: {item.task.unprintable}\n")
            continue
        if item.task.runtime_fields:
            out.write(f"# {_RUNTIME_NOTE}:\n")
            out.writelines(f"#   {f.path} = {f.expression}\n" for f in item.task.runtime_fields)
        out.write(json.dumps(item.task.request, indent=2) + "\n")


def _file_name(*parts: str) -> str:
    return ".".join(re.sub(r"[^A-Za-z0-9_-]+", "-", part).strip("-") or "-" for part in parts) + ".json"


def _write_files(
    requests: Sequence[ExportedRequest],
    tasks: Sequence[ExportedTaskRequest],
    directory: Path,
    out: TextIO,
    err: TextIO,
) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for item in requests:
        path = directory / f"{item.stack.replace('/', '-')}.{item.logical_id}.json"
        path.write_text(json.dumps(item.request, indent=2) + "\n", encoding="utf-8")
        out.write(f"{path}\n")
        if not _has_name(item.request):
            err.write(f"{path}: {_NAME_NOTE}\n")
    for task in tasks:
        if task.task.unprintable:
            err.write(f"{_task_header(task)}: cannot print the request: {task.task.unprintable}\n")
            continue
        path = directory / _file_name(task.stack, task.task.state_machine, task.task.state)
        path.write_text(json.dumps(task.task.request, indent=2) + "\n", encoding="utf-8")
        out.write(f"{path}\n")
        if task.task.runtime_fields:
            fields = "; ".join(f"{f.path} = {f.expression}" for f in task.task.runtime_fields)
            err.write(f"{path}: {_RUNTIME_NOTE}: {fields}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cdk_sagemaker_tuning",
        description="Tools for apps that use cdk-sagemaker-tuning.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    export = commands.add_parser(
        "export",
        help="print each tuning job's and tuning task's request as --cli-input-json",
        description=(
            "Print the CreateHyperParameterTuningJob request of every tuning job in a synthesized app, "
            "and of every Step Functions task state that creates one, as JSON for `aws sagemaker "
            "create-hyper-parameter-tuning-job --cli-input-json`. Values resolved only at deploy time (Ref, "
            "Fn::GetAtt, ...) are shown as they are in the template; a task's values known only when an "
            "execution runs are listed, and shown as placeholders to replace."
        ),
    )
    export.add_argument("assembly", metavar="CDK_OUT", help="the cloud assembly directory, e.g. cdk.out")
    export.add_argument(
        "--stack",
        action="append",
        default=[],
        metavar="NAME",
        help="only this stack (display name, stack name or artifact id; shell patterns allowed); repeatable",
    )
    export.add_argument(
        "--output-dir",
        metavar="DIR",
        help=(
            "write one <stack>.<logical id>.json per job (<stack>.<state machine>.<state>.json per task) "
            "instead, for --cli-input-json file://..."
        ),
    )
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """The command line; returns the exit status (0 success, 1 bad assembly or stack, 2 usage)."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    problems: list[str] = []
    try:
        requests = find_requests(args.assembly, args.stack)
        tasks = find_task_requests(args.assembly, args.stack, problems=problems)
    except ExportError as error:
        err.write(f"error: {error}\n")
        return 1
    err.writelines(f"note: {problem}\n" for problem in problems)
    if not requests and not tasks:
        err.write(f"no {RESOURCE_TYPE} resource and no tuning task state in {args.assembly}\n")
        return 0
    if args.output_dir:
        _write_files(requests, tasks, Path(args.output_dir), out, err)
    else:
        _write_text(requests, out)
        _write_task_text(tasks, out)
    return 0
