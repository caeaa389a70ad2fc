"""The tables of validation rules and checks in ``docs/validation.md``, generated from the registry
(``validation/registry.py``) and the declared checks of the typed classes and constructs (``_core/checks.py``).

    PYTHONPATH=src python scripts/rules_table.py          # print the table
    PYTHONPATH=src python scripts/rules_table.py --write  # replace the tables in docs/validation.md

``tests/validation/test_registry.py`` fails when the page's tables differ from the registry or the checks,
with this command in its message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cdk_sagemaker_tuning._core.checks import CHECKS
from cdk_sagemaker_tuning.validation.validate import ordered_rules

PAGE = Path(__file__).resolve().parent.parent / "docs" / "validation.md"
BEGIN = "<!-- rules:start -->"
END = "<!-- rules:end -->"
CHECKS_BEGIN = "<!-- checks:start -->"
CHECKS_END = "<!-- checks:end -->"
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


def page_table(text: str, begin: str = BEGIN, end: str = END) -> str:
    """The table between the markers (the rules' by default) of the page's text."""
    start, stop = text.index(begin) + len(begin), text.index(end)
    return text[start:stop].strip()


def _replaced(text: str, begin: str, end: str, content: str) -> str:
    start, stop = text.index(begin) + len(begin), text.index(end)
    return f"{text[:start]}\n{content}\n{text[stop:]}"


def with_table(text: str) -> str:
    """The page's text with the generated tables between their markers."""
    return _replaced(_replaced(text, BEGIN, END, table()), CHECKS_BEGIN, CHECKS_END, checks_table())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--write", action="store_true", help="replace the tables in docs/validation.md")
    args = parser.parse_args(argv)
    if args.write:
        PAGE.write_text(with_table(PAGE.read_text()))
    else:
        sys.stdout.write(table() + "\n\n" + checks_table() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
