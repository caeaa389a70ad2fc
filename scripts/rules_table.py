"""Print the README's table of synth-time rules from the registry (``validation/registry.py``).

``python scripts/rules_table.py --write`` replaces the table between the README's markers;
``tests/validation/test_registry.py`` fails while the two differ.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cdk_sagemaker_tuning.validation import registry

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def with_table(readme: str) -> str:
    """``readme`` with the registry's table between the markers."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{registry.markdown_table()}\n{END}{tail}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="update README.md in place")
    if parser.parse_args().write:
        README.write_text(with_table(README.read_text()))
    else:
        print(registry.markdown_table())


if __name__ == "__main__":
    main()
