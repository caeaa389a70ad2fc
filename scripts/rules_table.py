"""The table of validation rules in ``docs/validation.md``, generated from the registry (``validation/registry.py``).

    PYTHONPATH=src python scripts/rules_table.py          # print the table
    PYTHONPATH=src python scripts/rules_table.py --write  # replace the table in docs/validation.md

``tests/validation/test_registry.py`` fails when the page's table differs from the registry, with
this command in its message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cdk_sagemaker_tuning.validation.validate import ordered_rules

PAGE = Path(__file__).resolve().parent.parent / "docs" / "validation.md"
BEGIN = "<!-- rules:start -->"
END = "<!-- rules:end -->"
COMMAND = "PYTHONPATH=src python scripts/rules_table.py --write"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").strip()


def table() -> str:
    """The markdown table of every registered rule, in the order ``validate_request`` runs them."""
    lines = ["| id | level | checks | source |", "| --- | --- | --- | --- |"]
    for rule in ordered_rules():
        lines.append(f"| `{rule.id}` | {rule.level} | {_cell(rule.summary)} | {_cell(rule.source)} |")
    return "\n".join(lines)


def page_table(text: str) -> str:
    """The table between the markers of the page's text."""
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return text[start:end].strip()


def with_table(text: str) -> str:
    """The page's text with the generated table between its markers."""
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    return f"{text[:start]}\n{table()}\n{text[end:]}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--write", action="store_true", help="replace the table in docs/validation.md")
    args = parser.parse_args(argv)
    if args.write:
        PAGE.write_text(with_table(PAGE.read_text()))
    else:
        sys.stdout.write(table() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
