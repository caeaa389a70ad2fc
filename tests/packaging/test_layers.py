"""The package's folders are its layers: imports point down, never in a circle, and the construct side
reaches the handler only through the contract.

The graph is read from the source (every ``import`` statement, those under ``TYPE_CHECKING`` and inside
functions included), so a test fails as soon as an arrow points the wrong way, before anything runs.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

import cdk_sagemaker_tuning

PACKAGE_DIR = Path(cdk_sagemaker_tuning.__file__).parent
PACKAGE = "cdk_sagemaker_tuning"

#: The floors, lowest first: a module may import its own floor and the ones below it.
LAYERS = [
    "_core",
    "_data",
    "_handler",
    "validation",
    "grants",
    "typed",
    "provider",
    "resource",
    "stepfunctions",
    # cdk_sagemaker_tuning.testing: snapshot helpers for users' tests, over synthesized templates.
    "testing",
]
#: The public face at the top: the package itself and its command line.
TOP = {"", "__main__", "export", "export.states", "_moved_modules", "_version"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def _resolve(importer: str, is_package: bool, level: int, target: str | None) -> str:
    parts = importer.split(".") if importer else []
    if not is_package:
        parts = parts[:-1]
    base = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join([*base, *([target] if target else [])])


@cache
def imports_of(module: str) -> frozenset[str]:
    """The package modules ``module`` imports (a name imported from a package counts when it is a module)."""
    path = modules()[module]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                target = _resolve(module, path.name == "__init__.py", node.level, node.module)
            elif node.module and (node.module + ".").startswith(PACKAGE + "."):
                target = node.module[len(PACKAGE) + 1 :]
            elif node.module == PACKAGE:
                target = ""
            else:
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}".lstrip(".")
                found.add(submodule if submodule in modules() else target)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(PACKAGE + "."):
                    found.add(alias.name[len(PACKAGE) + 1 :])
    found.discard(module)
    return frozenset(found)


def floor(module: str) -> int:
    if module in TOP:
        return len(LAYERS)
    return LAYERS.index(module.split(".")[0])


def test_every_module_lives_on_a_floor() -> None:
    # GIVEN every module of the package
    # THEN each is in a layer folder or is part of the public face
    assert [module for module in modules() if module not in TOP and module.split(".")[0] not in LAYERS] == []


def test_imports_point_down_or_sideways() -> None:
    # GIVEN the import graph of the package
    # WHEN each arrow is compared with the floors of its two ends
    upward = sorted(
        f"{module} -> {target}"
        for module in modules()
        for target in imports_of(module)
        if floor(target) > floor(module)
    )
    # THEN no module imports a floor above its own
    assert upward == []


def test_the_construct_side_reaches_the_handler_only_through_the_contract() -> None:
    # GIVEN every module outside _handler/
    # WHEN its imports from _handler/ are collected
    reached = sorted(
        f"{module} -> {target}"
        for module in modules()
        if not module.startswith("_handler")
        for target in imports_of(module)
        if target.startswith("_handler") and target != "_handler.contract"
    )
    # THEN the contract is the only door
    assert reached == []


def test_the_handler_imports_nothing_of_the_construct_side() -> None:
    # GIVEN the handler's modules (they run in Lambda, without aws_cdk)
    outside = sorted(
        f"{module} -> {target}"
        for module in modules()
        if module.startswith("_handler")
        for target in imports_of(module)
        if not target.startswith("_handler")
    )
    # THEN none imports a module outside _handler/
    assert outside == []


def test_the_handler_runtime_knows_nothing_of_sagemaker() -> None:
    # GIVEN the custom-resource runtime's modules
    runtime = [module for module in modules() if module.startswith("_handler.runtime")]
    assert runtime
    # THEN they import only each other and the contract, and never name SageMaker's API
    reached = sorted(
        f"{module} -> {target}"
        for module in runtime
        for target in imports_of(module)
        if not target.startswith("_handler.runtime") and target != "_handler.contract"
    )
    assert reached == []
    assert [m for m in runtime if "sagemaker_api" in modules()[m].read_text()] == []


def test_one_token_predicate_is_used_everywhere() -> None:
    # GIVEN every module but the predicate's own
    # THEN none asks aws-cdk-lib (through jsii) whether a value is a token: they all ask _core.tokens
    asking = sorted(
        module
        for module, path in modules().items()
        if module != "_core.tokens" and "Token.is_unresolved(" in path.read_text()
    )
    assert asking == []


def _cycles() -> list[list[str]]:
    """Tarjan's strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in imports_of(node):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in modules():
        if module not in index and module != "":  # the package's lazy map names every module, on purpose
            visit(module)
    return found


def test_the_import_graph_has_no_circle() -> None:
    # GIVEN the import graph of every module but the package's public face
    # THEN no group of modules imports itself round
    assert _cycles() == []


@pytest.mark.parametrize("module", sorted(m for m in modules() if not m.startswith("_data")))
def test_every_module_stays_readable(module: str) -> None:
    # GIVEN a module of code (generated data excepted)
    # THEN it stays under the size a reader takes in at once
    lines = len(modules()[module].read_text().splitlines())
    assert lines <= 420, f"{module}: {lines} lines"
