"""The version, its tag and CHANGELOG.md agree (``scripts/check_release.py``, run by the release workflow)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import cdk_sagemaker_tuning
from scripts import check_release

RELEASED = """# Changelog

## [Unreleased]

## [0.2.0] - 2027-01-15

### Added
- Something.

## [0.1.0] - 2026-12-06

### Added
- The first release.
"""


def test_this_repositorys_changelog_and_version_agree() -> None:
    # GIVEN the repository's CHANGELOG.md and _version.py
    changelog = check_release.CHANGELOG.read_text()
    version = check_release.read_version(check_release.VERSION_FILE.read_text())
    # THEN the script reads the version the package exposes, and the changelog has Keep a Changelog's shape
    assert version == cdk_sagemaker_tuning.__version__
    assert check_release.changelog_problems(changelog, version) == []
    assert check_release.entries(changelog)[0][0] in ("[Unreleased]", f"[{version}]")


def test_a_tag_with_its_changelog_entry_can_be_released() -> None:
    # WHEN / THEN
    assert check_release.release_problems("v0.2.0", "0.2.0", RELEASED) == []


def test_a_tag_that_is_not_the_version_is_refused() -> None:
    # WHEN
    problems = check_release.release_problems("v0.2.1", "0.2.0", RELEASED)
    # THEN
    assert problems == ["tag v0.2.1 is not v0.2.0, the version in src/cdk_sagemaker_tuning/_version.py"]


def test_a_version_still_under_unreleased_is_refused_with_what_to_do() -> None:
    # GIVEN a changelog whose new version's changes are still under [Unreleased]
    # WHEN
    problems = check_release.release_problems("v0.3.0", "0.3.0", RELEASED)
    # THEN
    assert problems == [
        "CHANGELOG.md has no '## [0.3.0] - YYYY-MM-DD' entry: rename '## [Unreleased]' to it (and start a "
        "new, empty '## [Unreleased]' above)"
    ]


@pytest.mark.parametrize(
    ("changelog", "version", "problem"),
    [
        (
            "## [0.1.0] - 2026-12-06\n- a\n## [Unreleased]\n",
            "0.1.0",
            "## [Unreleased] must be the first entry",
        ),
        ("## 0.1.0\n- a\n", "0.1.0", "## 0.1.0: expected '## [Unreleased]' or '## [X.Y.Z] - YYYY-MM-DD'"),
        (
            "## [0.1.0] - 2026-12-06\n- a\n## [0.2.0] - 2027-01-01\n- b\n",
            "0.2.0",
            "released entries are not newest first, each once: 0.1.0, 0.2.0",
        ),
        (
            "## [0.10.0] - 2027-01-01\n- a\n",
            "0.9.0",
            "_version.py says 0.9.0, behind the newest entry 0.10.0",
        ),
    ],
)
def test_a_changelog_out_of_shape_is_reported(changelog: str, version: str, problem: str) -> None:
    # WHEN / THEN
    assert check_release.changelog_problems(changelog, version) == [problem]


def test_the_script_exits_1_for_a_tag_it_refuses() -> None:
    # WHEN the release workflow's command runs with a tag that is not the version
    result = subprocess.run(
        [sys.executable, str(check_release.ROOT / "scripts" / "check_release.py"), "v999.0.0"],
        capture_output=True,
        text=True,
        check=False,
    )
    # THEN
    assert result.returncode == 1
    assert "error: tag v999.0.0 is not v" in result.stderr
