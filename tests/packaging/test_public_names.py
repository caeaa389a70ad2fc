"""The package's public names: listed for type checkers and mapped for the lazy import, and the two agree."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import cdk_sagemaker_tuning

INIT = Path(cdk_sagemaker_tuning.__file__)


def _type_checking_imports() -> dict[str, str]:
    """``{name: module}`` of the ``from .x import name`` statements under ``if TYPE_CHECKING:``."""
    tree = ast.parse(INIT.read_text())
    [block] = [n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"]
    return {
        alias.name: "." * statement.level + (statement.module or "")
        for statement in block.body
        if isinstance(statement, ast.ImportFrom)
        for alias in statement.names
    }


def test_the_type_checking_imports_and_the_lazy_map_name_the_same_modules() -> None:
    # GIVEN the names imported for type checkers, WHEN compared with the run-time map, THEN they agree
    assert _type_checking_imports() == cdk_sagemaker_tuning._MODULES


def test_every_public_name_resolves_to_the_object_its_module_defines() -> None:
    for name, module in cdk_sagemaker_tuning._MODULES.items():
        defined = getattr(importlib.import_module(module, "cdk_sagemaker_tuning"), name)
        assert getattr(cdk_sagemaker_tuning, name) is defined, name


def test_star_import_gives_exactly_the_public_names() -> None:
    # GIVEN a fresh namespace, WHEN the package is star-imported
    namespace: dict[str, object] = {}
    exec("from cdk_sagemaker_tuning import *", namespace)
    # THEN it holds every name of the lazy map and nothing else
    assert sorted(set(namespace) - {"__builtins__"}) == sorted(cdk_sagemaker_tuning._MODULES)


def test_the_version_is_public_but_not_a_star_import_name() -> None:
    # GIVEN the package's version, written once in _version.py (the build backend reads the same file)
    from cdk_sagemaker_tuning import _version

    # THEN the package exposes it, as a semantic version, and `import *` does not bring it
    assert cdk_sagemaker_tuning.__version__ is _version.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?", cdk_sagemaker_tuning.__version__)
    assert "__version__" not in cdk_sagemaker_tuning.__all__
