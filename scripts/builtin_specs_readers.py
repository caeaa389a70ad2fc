"""Readers of what AWS publishes about the built-in algorithms, for ``generate_builtin_specs.py``.

Each reads one kind of file as text (``ast`` for Python, the tables of the developer guide's markdown) and
never imports or runs it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

_SDK_KINDS = {"int": "integer", "float": "continuous", "str": "text", "bool": "boolean", "list": "list"}
_XGB_KINDS = {
    "IntegerHyperparameter": "integer",
    "ContinuousHyperparameter": "continuous",
    "CategoricalHyperparameter": "categorical",
    "CommaSeparatedListHyperparameter": "list",
    "NestedListHyperparameter": "list",
    "TupleHyperparameter": "list",
}


class Spec(NamedTuple):
    """One hyperparameter as the generator collects it (rendered as ``Hyperparameter``)."""

    kind: str
    required: bool = False
    minimum: float | None = None
    minimum_open: bool = False
    maximum: float | None = None
    maximum_open: bool = False
    values: tuple[str, ...] = ()
    source: str = ""


# -- the SDK's estimators ----------------------------------------------------------------------------


_ARITHMETIC = {
    ast.Add: float.__add__,
    ast.Sub: float.__sub__,
    ast.Mult: float.__mul__,
    ast.Pow: float.__pow__,
}


def _number(node: ast.expr) -> float:
    """A numeric literal, or arithmetic of literals (``-(2**31)``), without evaluating code."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _number(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        result = _ARITHMETIC[type(node.op)](float(_number(node.left)), float(_number(node.right)))
        return int(result) if result.is_integer() else result
    value = ast.literal_eval(node)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"not a number: {ast.unparse(node)}")
    return value


def sdk_hyperparameters(source: str, label: str) -> dict[str, Spec]:
    """The ``hp(...)`` declarations of an SDK estimator module, with their validators as bounds or values."""
    found: dict[str, Spec] = {}
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "hp"):
            continue
        arguments = dict(
            zip(("name", "validate", "validation_message", "data_type"), node.args, strict=False)
        )
        arguments.update({keyword.arg: keyword.value for keyword in node.keywords if keyword.arg})
        name = ast.literal_eval(arguments["name"])
        data_type = arguments.get("data_type")
        kind = _SDK_KINDS.get(data_type.id if isinstance(data_type, ast.Name) else "str", "text")
        spec = Spec(kind, source=label)
        validators = arguments.get("validate")
        calls = validators.elts if isinstance(validators, ast.Tuple) else [validators] if validators else []
        for call in calls:
            if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute | ast.Name):
                continue
            check = call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id
            if check in ("gt", "ge"):
                spec = spec._replace(minimum=_number(call.args[0]), minimum_open=check == "gt")
            elif check in ("lt", "le"):
                spec = spec._replace(maximum=_number(call.args[0]), maximum_open=check == "lt")
            elif check == "isin":
                spec = spec._replace(kind="categorical", values=tuple(ast.literal_eval(a) for a in call.args))
            # istype and the SDK's private list checks are left to the algorithm
        found[name] = spec
    return found


# -- the XGBoost container ---------------------------------------------------------------------------


def _interval(node: ast.Call) -> dict[str, Any]:
    bounds = {keyword.arg: _number(keyword.value) for keyword in node.keywords if keyword.arg != "scale"}
    result: dict[str, Any] = {}
    for side, field in (("min", "minimum"), ("max", "maximum")):
        for closure in ("closed", "open"):
            if f"{side}_{closure}" in bounds:
                result[field] = bounds[f"{side}_{closure}"]
                result[f"{field}_open"] = closure == "open"
    return result


def xgboost_hyperparameters(source: str, label: str) -> tuple[dict[str, Spec], dict[str, str]]:
    """The container's ``hpv.*Hyperparameter(...)`` declarations and ``declare_alias`` calls."""
    found: dict[str, Spec] = {}
    aliases: dict[str, str] = {}
    validators: dict[str, tuple[str, ...]] = {}
    tree = ast.parse(source)
    for node in ast.walk(tree):  # @hpv.range_validator([...]) functions: their list is the range
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and getattr(decorator.func, "attr", "") == "range_validator"
                    and isinstance(decorator.args[0], ast.List)
                ):
                    validators[node.name] = tuple(ast.literal_eval(decorator.args[0]))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr == "declare_alias":
            original, alias = (ast.literal_eval(a) for a in node.args)
            aliases[alias] = original
            continue
        kind = _XGB_KINDS.get(node.func.attr)
        if kind is None:
            continue
        keywords = {keyword.arg: keyword.value for keyword in node.keywords if keyword.arg}
        spec = Spec(
            kind, required=ast.literal_eval(keywords.get("required", ast.Constant(False))), source=label
        )
        range_node = keywords.get("range")
        if isinstance(range_node, ast.Call) and getattr(range_node.func, "attr", "") == "Interval":
            spec = spec._replace(**_interval(range_node))
        elif isinstance(range_node, ast.List) and kind == "categorical":
            spec = spec._replace(values=tuple(ast.literal_eval(range_node)))
        elif isinstance(range_node, ast.Name) and range_node.id in validators and kind == "categorical":
            spec = spec._replace(values=validators[range_node.id])
        found[ast.literal_eval(keywords["name"])] = spec
    return found, aliases


def xgboost_directions(source: str) -> dict[str, str]:
    """``validation:<metric>`` -> direction, from the container's XGB_MAXIMIZE/MINIMIZE_METRICS."""
    directions: dict[str, str] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name in ("XGB_MAXIMIZE_METRICS", "XGB_MINIMIZE_METRICS"):
                direction = "Maximize" if "MAXIMIZE" in name else "Minimize"
                directions.update({f"validation:{m}": direction for m in ast.literal_eval(node.value)})
    return directions


# -- the developer guide's tables --------------------------------------------------------------------


def _rows(markdown: str) -> Iterator[list[str]]:
    for line in markdown.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            yield [cell.strip() for cell in line.strip().strip("|").split(" | ")]


def _plain(cell: str) -> str:
    return re.sub(r"[`*]", "", cell.replace("\\", "")).strip()


def page_hyperparameters(markdown: str) -> dict[str, bool]:
    """Hyperparameter name -> whether the page marks it **Required** without a condition (the first flag of
    its row; "**Required** when ..." or "if ..." is a condition the check does not judge)."""
    found: dict[str, bool] = {}
    for cells in _rows(markdown):
        name = _plain(cells[0])
        flag = re.search(r"\*\*(Required|Optional|Conditional)\b[^*]*\*\*\s*(\w*)", " ".join(cells[1:]))
        if flag and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            required = flag[1] == "Required" and flag[2].lower() not in ("when", "if")
            found[name] = found.get(name, False) or required
    return found


def page_metrics(markdown: str) -> dict[str, str]:
    """Metric name -> optimization direction, from a tuning page's table of computed metrics."""
    found: dict[str, str] = {}
    for cells in _rows(markdown):
        name, direction = _plain(cells[0]), _plain(cells[-1]).capitalize()
        if ":" in name and direction in ("Maximize", "Minimize"):
            found[name] = direction
    return found
