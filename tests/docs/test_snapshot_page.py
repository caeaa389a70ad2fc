"""The snapshot-testing page's example (docs/snapshot-testing.md) keeps a snapshot stable across a handler change."""

from __future__ import annotations

import json
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk.assertions import Template

from cdk_sagemaker_tuning.provider import handler_asset
from tests.samples import typed_job
from tests.support.docs_pages import blocks

PAGE = "docs/snapshot-testing.md"


def page_functions(max_training_jobs: int = 4) -> dict[str, Any]:
    """The page's block, run with ``build_tuning_stack`` building a typed job of that many training jobs."""

    def build_tuning_stack() -> Stack:
        stack = Stack(App(), "SnapshotTested")
        typed_job(stack, max_training_jobs=max_training_jobs)
        return stack

    [block] = [block.code for block in blocks(PAGE) if block.language == "python"]
    namespace: dict[str, Any] = {"build_tuning_stack": build_tuning_stack}
    exec(compile(block, PAGE, "exec"), namespace)
    return namespace


def test_a_handler_change_leaves_the_snapshot_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN the snapshot a user recorded with this library's handler
    before = page_functions()
    recorded = before["stable_template"](before["build_tuning_stack"]())
    raw_before = json.dumps(Template.from_stack(before["build_tuning_stack"]()).to_json())

    # WHEN a library release changes the handler, and so the asset's hash
    monkeypatch.setattr(handler_asset, "handler_hash", lambda: "0" * 64)
    after = page_functions()
    raw_after = json.dumps(Template.from_stack(after["build_tuning_stack"]()).to_json())

    # THEN the template changed (the function's S3Key), and the page's snapshot test still passes
    assert raw_before != raw_after
    after["test_tuning_stack_template"](recorded)


def test_a_changed_request_still_fails_the_snapshot() -> None:
    # GIVEN the snapshot of a job of 4 training jobs
    recorded = page_functions(4)["stable_template"](page_functions(4)["build_tuning_stack"]())

    # WHEN the job asks for 8
    changed = page_functions(8)

    # THEN the page's snapshot test fails: only asset hashes are replaced
    with pytest.raises(AssertionError):
        changed["test_tuning_stack_template"](recorded)
