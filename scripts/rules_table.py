"""The tables of ``docs/validation.md``, generated: the validation rules (from the registry,
``validation/registry.py``), the declared checks of the typed classes and constructs (``_core/checks.py``),
and what is checked per built-in algorithm (from ``_data/builtin_specs/``).

    PYTHONPATH=src python scripts/rules_table.py          # print the table
    PYTHONPATH=src python scripts/rules_table.py --write  # replace the tables in docs/validation.md

``tests/validation/test_registry.py`` fails when the page's tables differ from the registry, the checks or the data,
with this command in its message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cdk_sagemaker_tuning._core.checks import CHECKS
from cdk_sagemaker_tuning._data.builtin_specs import SPECS
from cdk_sagemaker_tuning._data.builtin_specs.types import page_url
from cdk_sagemaker_tuning.validation.validate import ordered_rules

PAGE = Path(__file__).resolve().parent.parent / "docs" / "validation.md"
BEGIN = "<!-- rules:start -->"
END = "<!-- rules:end -->"
CHECKS_BEGIN = "<!-- checks:start -->"
CHECKS_END = "<!-- checks:end -->"
ALGORITHMS_BEGIN = "<!-- algorithms:start -->"
ALGORITHMS_END = "<!-- algorithms:end -->"
COMMAND = "PYTHONPATH=src python scripts/rules_table.py --write"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").strip()


def table() -> str:
    """The markdown table of every registered rule, in the order ``validate_request`` runs them."""
    lines = ["| id | level | checks | source |", "| --- | --- | --- | --- |"]
    for rule in ordered_rules():
        lines.append(f"| `{rule.id}` | {rule.level} | {_cell(rule.summary)} | {_cell(rule.source)} |")
    return "\n".join(lines)


def checks_table() -> str:
    """The markdown table of every declared check of the typed classes and constructs, in declared order."""
    lines = ["| id | level | checks | source |", "| --- | --- | --- | --- |"]
    for check in CHECKS:
        lines.append(f"| `{check.id}` | {check.level} | {_cell(check.summary)} | {_cell(check.source)} |")
    return "\n".join(lines)


def algorithms_table() -> str:
    """The markdown table of what is checked for each built-in algorithm (``_data/builtin_specs/``)."""
    lines = [
        "| algorithm (image repository) | unknown names | required | values checked | metrics with direction |"
        " source |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for repository, spec in SPECS.items():
        hyperparameters = spec.hyperparameters.values()
        names = "error" if spec.closed else "warning"
        required = ", ".join(f"`{n}`" for n, h in spec.hyperparameters.items() if h.required) or "none"
        checked = sum(
            1 for h in hyperparameters if h.values or h.minimum is not None or h.maximum is not None
        )
        kinds = sorted({source.split(":")[0] for h in hyperparameters for source in h.source.split()})
        source = " + ".join(kinds) + f" ([page]({page_url(spec.hyperparameters_page)}))"
        lines.append(
            f"| `{repository}` | {names} | {required} | {checked} of {len(spec.hyperparameters)} |"
            f" {len(spec.metrics)} | {source} |"
        )
    return "\n".join(lines)


def page_table(text: str, begin: str = BEGIN, end: str = END) -> str:
    """The table between the markers (the rules' by default) of the page's text."""
    start, stop = text.index(begin) + len(begin), text.index(end)
    return text[start:stop].strip()


def _replaced(text: str, begin: str, end: str, content: str) -> str:
    start, stop = text.index(begin) + len(begin), text.index(end)
    return f"{text[:start]}\n{content}\n{text[stop:]}"


def with_table(text: str) -> str:
    """The page's text with the generated tables between their markers."""
    text = _replaced(text, BEGIN, END, table())
    text = _replaced(text, CHECKS_BEGIN, CHECKS_END, checks_table())
    return _replaced(text, ALGORITHMS_BEGIN, ALGORITHMS_END, algorithms_table())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--write", action="store_true", help="replace the tables in docs/validation.md")
    args = parser.parse_args(argv)
    if args.write:
        PAGE.write_text(with_table(PAGE.read_text()))
    else:
        sys.stdout.write(table() + "\n\n" + checks_table() + "\n\n" + algorithms_table() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
