"""Every code block of the README and the user guide (docs/) runs in a test, or is checked, or says why not.

Python blocks run in the names their page assumes (``tests/support/docs_pages.py``) and every stack they
build synthesizes; excerpts of the source are found in the file they name; every other block (shell
commands, printed output) is listed below with the test that checks it or the reason nothing can run it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from aws_cdk import Stack
from aws_cdk.assertions import Template

import cdk_sagemaker_tuning
from tests.support.docs_pages import ROOT, Block, blocks, page_namespaces, pages, read, section

_ALL_BLOCKS = [block for page in pages() for block in blocks(page)]
_RUNNABLE_PAGES = sorted(
    {block.page for block in _ALL_BLOCKS if block.language == "python" and block.excerpt_of is None}
)
_EXCERPTS = [block for block in _ALL_BLOCKS if block.excerpt_of is not None]

_BY_CI = "CI runs it: .ci/run calls make lint, make test and make docs on a clean clone"
_NEEDS_AWS = "not run: it calls AWS, and the tests have no AWS account"
_PIP = (
    "tests/packaging installs the wheel built from this repository into a fresh virtual environment; the "
    "name on the package index is pyproject.toml's [project] name, checked below"
)

#: The blocks that are not Python: (page, first line) and the test that checks each, or why none runs it.
CHECKED_ELSEWHERE: dict[tuple[str, str], str] = {
    ("docs/snapshot-testing.md", "name: test"): (
        "not run: a GitHub Actions workflow; tests/testing/test_snapshot_helper.py runs the page's test suite "
        "it calls (pytest with syrupy)"
    ),
    ("docs/validation.md", '{"context": {"cdk-sagemaker-tuning:acknowledge": ['): (
        "tests/api_model/: an unknown field acknowledged by that context id synthesizes"
    ),
    ("README.md", "pip install cdk-sagemaker-tuning"): _PIP,
    ("docs/index.md", "pip install cdk-sagemaker-tuning"): _PIP,
    (
        "README.md",
        "make test    # creates .venv, installs the package and a pinned CDK CLI, runs the whole test suite",
    ): _BY_CI,
    (
        "docs/development.md",
        "make synth   # creates .venv, installs the package and a pinned CDK CLI, synthesizes app.py",
    ): _BY_CI,
    ("docs/development.md", "test -x .venv/bin/python || python3 -m venv .venv"): (
        "tests/test_docs_setup.py: the Makefile's install recipe, command for command"
    ),
    (
        "docs/development.md",
        "src/cdk_sagemaker_tuning/       the public face (__init__.py: the lazy map of public names, __all__ from it),",
    ): ("test_the_layout_names_files_that_exist, below"),
    ("docs/development.md", "make install"): _NEEDS_AWS + " (the integration test deploys a real tuning job)",
    ("docs/export.md", "npx cdk synth --quiet"): (
        "tests/export/test_export_cli.py runs these export commands (all stacks, --stack 'Prod/*', "
        "--output-dir) on a synthesized assembly; the last line calls AWS"
    ),
    ("docs/lifecycle.md", "Resources"): (
        "not run: the output of `cdk diff` against a deployed stack, which needs an AWS account"
    ),
    (
        "docs/upgrading.md",
        "aws sagemaker stop-hyper-parameter-tuning-job --hyper-parameter-tuning-job-name <job name>",
    ): _NEEDS_AWS,
    (
        "docs/upgrading.md",
        "STACK_ID=$(aws cloudformation describe-stacks --stack-name <stack> --query 'Stacks[0].StackId' --output text)",
    ): _NEEDS_AWS,
    ("docs/validation.md", "The tuning job request has 2 problems:"): (
        "tests/validation/test_validation_page.py: the error the request raises, line for line"
    ),
}


def _stacks(namespace: dict[str, Any]) -> list[Stack]:
    return [value for value in namespace.values() if isinstance(value, Stack)]


@pytest.mark.parametrize("page", _RUNNABLE_PAGES)
def test_every_python_block_runs_and_every_stack_it_builds_synthesizes(page: str) -> None:
    # GIVEN the page's Python blocks, in the names the page assumes
    # WHEN they run
    namespaces = page_namespaces(page)

    # THEN each ran, and each stack it built synthesizes (validation included) into a template
    assert namespaces
    for namespace in namespaces:
        for stack in _stacks(namespace):
            assert Template.from_stack(stack).to_json()["Resources"], f"{page}: {stack.node.path} is empty"


@pytest.mark.parametrize("block", _EXCERPTS, ids=lambda block: f"{block.page}[{block.index}]")
def test_every_excerpt_is_found_in_the_file_it_names_in_order(block: Block) -> None:
    # GIVEN an excerpt: its lines other than the first (the file) and the elisions (...)
    assert block.excerpt_of is not None
    lines = [line for line in block.code.splitlines()[1:] if line.strip() not in ("", "...", '"""...')]
    source = (ROOT / block.excerpt_of).read_text()

    # WHEN each is looked up in the file, after the one before it (whitespace aside: the formatter may
    # wrap a line the excerpt keeps whole)
    flat_source, position = re.sub(r"\s+", "", source), 0
    for line in lines:
        found = flat_source.find(re.sub(r"\s+", "", line.replace('"""...', '"""')), position)

        # THEN it is there
        assert found >= 0, (
            f"{block.page}: {line.strip()!r} is not in {block.excerpt_of} (after the lines before)"
        )
        position = found


def test_every_other_block_is_checked_elsewhere_or_says_why_not() -> None:
    # GIVEN every block that is neither runnable Python nor an excerpt
    others = {(block.page, block.first_line) for block in _ALL_BLOCKS if block.language != "python"}
    # THEN each is in the ledger, and the ledger names no block that is gone
    assert others - CHECKED_ELSEWHERE.keys() == set(), "add each new block to CHECKED_ELSEWHERE"
    assert CHECKED_ELSEWHERE.keys() - others == set(), "a block listed in CHECKED_ELSEWHERE is gone"


def test_the_install_command_names_the_package() -> None:
    # GIVEN pyproject.toml's package name
    name = re.search(r'^name = "([^"]+)"', read("pyproject.toml"), re.M)
    # THEN the install blocks install exactly it
    assert name is not None
    for page in ("README.md", "docs/index.md"):
        assert f"pip install {name[1]}\n" in [block.code for block in blocks(page)]


def test_the_readme_and_the_docs_home_show_the_same_first_example() -> None:
    # GIVEN the first Python block of each
    def first_example(page: str) -> str:
        return next(block.code for block in blocks(page) if block.language == "python")

    # THEN they are the same example, so the one tested is the one each shows
    assert first_example("README.md") == first_example("docs/index.md")


def test_the_first_example_declares_its_job_without_a_warning() -> None:
    # GIVEN the README's first example, run as it is
    from aws_cdk.assertions import Annotations, Match

    from cdk_sagemaker_tuning import RESOURCE_TYPE

    (namespace,) = page_namespaces("README.md")
    stack = namespace["stack"]

    # THEN it declares one tuning job, and synthesizes without an error or a warning
    Template.from_stack(stack).resource_count_is(RESOURCE_TYPE, 1)
    assert Annotations.from_stack(stack).find_warning("*", Match.any_value()) == []
    assert Annotations.from_stack(stack).find_error("*", Match.any_value()) == []


def test_the_layout_names_files_that_exist() -> None:
    # GIVEN the layout block of the Development page: its folders and the modules named beside them
    [layout] = [block.code for block in blocks("docs/development.md") if block.code.startswith("src/")]
    package = ROOT / "src" / "cdk_sagemaker_tuning"
    folders = re.findall(r"^  (_?[a-z]+)/ ", layout, re.M)
    modules = set(re.findall(r"\b([a-z_]+\.py)\b", layout))

    # THEN each folder is a folder of the package and each module is a file of the package (or the repo)
    assert folders
    for folder in folders:
        assert (package / folder).is_dir(), folder
    existing = {path.name for folder in ("src", "tests", "scripts") for path in (ROOT / folder).rglob("*.py")}
    assert modules
    assert modules - existing - {path.name for path in ROOT.glob("*.py")} == set()


def test_every_public_name_is_in_the_api_reference_once() -> None:
    # GIVEN the names the reference pages document (``::: cdk_sagemaker_tuning.<name>``)
    documented = [
        name
        for path in sorted((ROOT / "docs" / "reference").glob("*.md"))
        for name in re.findall(r"^::: cdk_sagemaker_tuning\.(\w+)$", path.read_text(), re.M)
    ]
    # THEN each public name is there once, and nothing else
    assert sorted(documented) == sorted(cdk_sagemaker_tuning.__all__)


def test_the_limits_of_the_readme_are_those_of_the_deployed_page() -> None:
    # GIVEN the README's short list of limits and the full one
    short, full = section("README.md", "## Limits"), section("docs/deployed.md", "## Limits")
    # THEN each number the README states is one the full list states
    numbers = set(re.findall(r"\b(\d+) (?:tags|outputs|awaited jobs|hours)\b", short))
    assert numbers == {"43", "200", "100", "12"}
    for number in numbers:
        assert re.search(rf"\b{number}\b", full), number


#: Files the README links to that another branch of issue 19 adds (the release helper's), allowed to be
#: missing until it lands; every other link must resolve.
WRITTEN_ELSEWHERE = {"CONTRIBUTING.md"}


def _anchors(page: str) -> set[str]:
    """The heading anchors of a page, as Python-Markdown's toc (MkDocs) and GitHub make them."""
    text = re.sub(r"^```.*?^```$", "", read(page), flags=re.M | re.S)  # a "# comment" in code is no heading
    headings = re.findall(r"^#{1,6} (.+)$", text, re.M)
    return {re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", heading).strip().lower()) for heading in headings}


def test_the_readme_links_resolve_to_files_and_headings() -> None:
    # GIVEN the README's relative links (the docs' own are checked by `mkdocs build --strict`)
    links = re.findall(r"\]\(((?!https?://)[^)#]+)(?:#([^)]+))?\)", read("README.md"))
    assert links

    # THEN each names a file of the repository, and a heading of it where it names one
    for target, anchor in links:
        if target in WRITTEN_ELSEWHERE and not (ROOT / target).exists():
            continue
        assert (ROOT / target).is_file(), target
        if anchor:
            assert anchor in _anchors(target), f"{target}#{anchor}"
