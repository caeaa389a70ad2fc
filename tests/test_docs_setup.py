"""The Development page's account of what the set-up prints stays true to the Makefile's install recipe."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_variables(makefile: str) -> dict[str, str]:
    """The simple ``NAME ?= value`` / ``NAME := value`` assignments of the Makefile, expanded in order."""
    variables: dict[str, str] = {}
    for name, value in re.findall(r"^([A-Z_]+) *[?:]?= *(.*)$", makefile, flags=re.MULTILINE):
        variables[name] = expand(value.strip(), variables)
    return variables


def expand(text: str, variables: dict[str, str]) -> str:
    return re.sub(r"\$\(([A-Z_]+)\)", lambda m: variables.get(m[1], m[0]), text)


def install_commands(makefile: str) -> list[str]:
    """The commands of the rules ``make install`` runs, in order, as make echoes them."""
    variables = make_variables(makefile)
    commands: list[str] = []
    for target in (variables["PY_STAMP"], variables["NODE_STAMP"]):
        rule = re.search(
            rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", expand(makefile, variables), re.MULTILINE
        )
        assert rule is not None, target
        commands += [line.strip().replace("$@", target) for line in rule[1].splitlines()]
    return commands


def test_the_documented_output_of_the_set_up_is_the_makefiles_commands() -> None:
    # GIVEN the block of what the set-up prints (docs/development.md)
    page = (ROOT / "docs" / "development.md").read_text()
    section = page[page.index("The set-up (`make install`") :]
    block = re.search(r"```text\n(.*?)```", section, flags=re.DOTALL)
    assert block is not None
    printed = block[1].splitlines()

    # WHEN the Makefile's install recipe is expanded as make echoes it
    commands = install_commands((ROOT / "Makefile").read_text())

    # THEN the page lists exactly those commands, in order, with only npm's own line between them
    assert [line for line in printed if not line.startswith("added ")] == commands
    assert len(printed) == len(commands) + 1
