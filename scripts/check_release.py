#!/usr/bin/env python3
"""Check that a release tag, the package's version and CHANGELOG.md agree, before anything is published.

    python scripts/check_release.py v0.1.0

The release workflow (``.github/workflows/release.yml``) runs it on the pushed tag: the tag must be
``v`` + the version of ``src/cdk_sagemaker_tuning/_version.py`` (the one place the version is written),
and CHANGELOG.md must have that version's entry, ``## [0.1.0] - 2026-12-06``, with at least one line
under it. ``tests/packaging/test_release_check.py`` runs the same checks on every commit, without a tag:
the changelog's headings follow Keep a Changelog, newest first, and the version is not behind the newest
entry. Exits 1 with one line per problem.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = ROOT / "src" / "cdk_sagemaker_tuning" / "_version.py"
CHANGELOG = ROOT / "CHANGELOG.md"

SEMVER = r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?"
_HEADING = re.compile(r"^## (.*)$", re.MULTILINE)
_RELEASED = re.compile(rf"^\[({SEMVER})\] - (\d{{4}}-\d{{2}}-\d{{2}})$")


def read_version(text: str) -> str:
    """The ``__version__ = "..."`` of ``_version.py``'s text (read, not imported: no jsii, no path set-up)."""
    match = re.search(r'^__version__ = "([^"]+)"$', text, re.MULTILINE)
    if match is None:
        raise ValueError('no __version__ = "..." line in _version.py')
    return match.group(1)


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("-")[0].split("."))


def entries(changelog: str) -> list[tuple[str, str]]:
    """The changelog's ``(heading, body)`` pairs of its ``## `` sections, in order."""
    matches = list(_HEADING.finditer(changelog))
    ends = [m.start() for m in matches[1:]] + [len(changelog)]
    return [
        (m.group(1).strip(), changelog[m.end() : end].strip()) for m, end in zip(matches, ends, strict=True)
    ]


def changelog_problems(changelog: str, version: str) -> list[str]:
    """What breaks Keep a Changelog's shape here, or puts ``version`` behind the newest released entry."""
    problems: list[str] = []
    released: list[str] = []
    for index, (heading, _) in enumerate(entries(changelog)):
        if heading == "[Unreleased]":
            if index != 0:
                problems.append("## [Unreleased] must be the first entry")
            continue
        match = _RELEASED.match(heading)
        if match is None:
            problems.append(f"## {heading}: expected '## [Unreleased]' or '## [X.Y.Z] - YYYY-MM-DD'")
        else:
            released.append(match.group(1))
    if released != sorted(released, key=_key, reverse=True) or len(set(released)) != len(released):
        problems.append(f"released entries are not newest first, each once: {', '.join(released)}")
    if released and _key(version) < _key(released[0]):
        problems.append(f"_version.py says {version}, behind the newest entry {released[0]}")
    return problems


def release_problems(tag: str, version: str, changelog: str) -> list[str]:
    """What stops ``tag`` from being released: the changelog's shape, the tag, the version's entry."""
    problems = changelog_problems(changelog, version)
    if tag != f"v{version}":
        problems.append(f"tag {tag} is not v{version}, the version in src/cdk_sagemaker_tuning/_version.py")
    sections = {heading: body for heading, body in entries(changelog)}
    entry = next((body for heading, body in sections.items() if heading.startswith(f"[{version}] - ")), None)
    if entry is None:
        problems.append(
            f"CHANGELOG.md has no '## [{version}] - YYYY-MM-DD' entry: rename '## [Unreleased]' to it "
            "(and start a new, empty '## [Unreleased]' above)"
        )
    elif not entry:
        problems.append(f"CHANGELOG.md's entry for {version} is empty")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: check_release.py TAG (e.g. v0.1.0)", file=sys.stderr)
        return 2
    version = read_version(VERSION_FILE.read_text(encoding="utf-8"))
    problems = release_problems(argv[0], version, CHANGELOG.read_text(encoding="utf-8"))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if not problems:
        print(f"{argv[0]}: version {version} and its CHANGELOG entry agree")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
