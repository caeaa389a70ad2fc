"""The README's tables of validation rules (from the registry, ``validation/registry.py``) and of what is
checked per built-in algorithm (from ``_data/builtin_specs/``).

    PYTHONPATH=src python scripts/rules_table.py          # print the table
    PYTHONPATH=src python scripts/rules_table.py --write  # replace the table in README.md

``tests/validation/test_registry.py`` fails when README.md's tables differ from the registry or the data,
with this command in its message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cdk_sagemaker_tuning._data.builtin_specs import SPECS
from cdk_sagemaker_tuning._data.builtin_specs.types import page_url
from cdk_sagemaker_tuning.validation.validate import ordered_rules

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN = "<!-- rules:start -->"
END = "<!-- rules:end -->"
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


def readme_table(text: str, begin: str = BEGIN, end: str = END) -> str:
    """The table between the markers of README.md's text."""
    start, stop = text.index(begin) + len(begin), text.index(end)
    return text[start:stop].strip()


def with_table(text: str) -> str:
    """README.md's text with the generated tables between their markers."""
    for begin, end, generated in (
        (BEGIN, END, table()),
        (ALGORITHMS_BEGIN, ALGORITHMS_END, algorithms_table()),
    ):
        start, stop = text.index(begin) + len(begin), text.index(end)
        text = f"{text[:start]}\n{generated}\n{text[stop:]}"
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--write", action="store_true", help="replace the tables in README.md")
    args = parser.parse_args(argv)
    if args.write:
        README.write_text(with_table(README.read_text()))
    else:
        sys.stdout.write(table() + "\n\n" + algorithms_table() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
