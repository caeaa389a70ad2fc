"""``cdk_sagemaker_tuning.testing``: a user's snapshot of a stack with an awaited job stays unchanged after a
library upgrade that changes only the handler's code, and shows only what changed after a request change.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template

from cdk_sagemaker_tuning import HyperParameterTuningJob, TuningJobWait
from cdk_sagemaker_tuning._handler import contract
from cdk_sagemaker_tuning.provider import handler_asset
from cdk_sagemaker_tuning.testing import ASSET_HASH, WAIT_DIGEST, normalize_template, normalized_template
from tests.test_tuning_job_from_request import minimal_request

ROOT = Path(__file__).resolve().parents[2]
ROLE = "arn:aws:iam::123456789012:role/training"
WAIT_TYPES = ("AWS::CloudFormation::WaitConditionHandle", "AWS::CloudFormation::WaitCondition")


def awaited_stack(request: dict[str, Any] | None = None) -> cdk.Stack:
    """A user's stack: one tuning job awaited up to 12 hours."""
    stack = cdk.Stack(cdk.App(), "Training")
    HyperParameterTuningJob.from_request(
        stack,
        "Tuning",
        request=request or minimal_request(ROLE),
        wait=TuningJobWait.for_completion(timeout=cdk.Duration.hours(12)),
    )
    return stack


def wait_ids(template: dict[str, Any]) -> list[str]:
    return sorted(k for k, v in template["Resources"].items() if v["Type"] in WAIT_TYPES)


def differences(old: Any, new: Any, path: str = "") -> list[str]:
    """The paths where two JSON values differ."""
    if isinstance(old, dict) and isinstance(new, dict):
        return [
            d
            for key in sorted(set(old) | set(new))
            for d in differences(old.get(key), new.get(key), f"{path}.{key}")
        ]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [
            d
            for i, (a, b) in enumerate(zip(old, new, strict=True))
            for d in differences(a, b, f"{path}[{i}]")
        ]
    return [] if old == new else [path]  # fmt: skip


@pytest.fixture
def upgraded_handler(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A library release whose handler code differs (one changed line), and nothing else."""
    package = Path(handler_asset.__file__).resolve().parents[1]
    copy = tmp_path / "package"
    shutil.copytree(package / "_handler", copy / "_handler", ignore=shutil.ignore_patterns("__pycache__"))
    index = copy / "_handler" / "index.py"
    index.write_text(index.read_text() + "\n# a later release\n")
    monkeypatch.setattr(handler_asset, "_PACKAGE_DIR", copy)
    handler_asset.handler_hash.cache_clear()
    handler_asset.handler_zip.cache_clear()
    yield
    handler_asset.handler_hash.cache_clear()
    handler_asset.handler_zip.cache_clear()


def _before_upgrade() -> tuple[dict[str, Any], dict[str, Any]]:
    stack = awaited_stack()
    return Template.from_stack(stack).to_json(), normalized_template(stack)


@pytest.fixture(scope="module")
def before() -> tuple[dict[str, Any], dict[str, Any]]:
    """GIVEN the user's stack synthesized with this release: its raw and normalized templates."""
    return _before_upgrade()


def test_the_users_snapshot_is_the_normalized_template(before: tuple[dict[str, Any], dict[str, Any]], snapshot: Any) -> None:  # fmt: skip
    # THEN the user's snapshot (this test's) holds no asset hash and no wait digest
    raw, normalized = before
    assert normalized == snapshot
    assert re.search(r"[0-9a-f]{64}", str(raw)) and not re.search(r"[0-9a-f]{64}", str(normalized))
    assert [i for i in wait_ids(normalized) if i.endswith(WAIT_DIGEST)] == wait_ids(normalized) != []


def test_the_snapshot_is_unchanged_after_an_upgrade_that_changes_only_the_handler(
    before: tuple[dict[str, Any], dict[str, Any]], upgraded_handler: None
) -> None:
    # WHEN the stack is synthesized with the upgraded library
    stack = awaited_stack()
    raw_after = Template.from_stack(stack).to_json()
    # THEN the raw template changed (the function's S3Key: the asset's hash)...
    raw_before, normalized_before = before
    assert differences(raw_before, raw_after) != []
    assert all("S3Key" in d or "aws:asset:path" in d for d in differences(raw_before, raw_after))
    # ...and the user's snapshot did not
    assert normalized_template(stack) == normalized_before


def test_a_tag_change_keeps_the_wait_and_shows_only_the_tags(
    before: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    # WHEN the request's tags change (SageMaker changes a job's tags in place: no new wait is needed)
    request = minimal_request(ROLE)
    request["Tags"] = [{"Key": "team", "Value": "ml"}]
    after = Template.from_stack(awaited_stack(request)).to_json()
    # THEN the wait keeps its logical ids, and the only difference is the request's tags
    raw_before, normalized_before = before
    assert wait_ids(after) == wait_ids(raw_before)
    assert differences(normalized_before, normalize_template(after)) == [
        f".Resources.{job_id(after)}.Properties.Request.Tags"
    ]


def test_a_request_change_that_replaces_the_job_renames_the_wait_but_the_snapshot_shows_only_the_change(
    before: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    # WHEN a field changes that needs a new job (and so a new WaitCondition)
    request = minimal_request(ROLE)
    request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"] = 3
    after = Template.from_stack(awaited_stack(request)).to_json()
    # THEN the wait's logical ids change in the template (its digest), as CloudFormation needs them to
    raw_before, normalized_before = before
    assert wait_ids(after) != wait_ids(raw_before)
    assert [i[:-8] for i in wait_ids(after)] == [i[:-8] for i in wait_ids(raw_before)]
    # AND the snapshot shows the changed field alone
    assert differences(normalized_before, normalize_template(after)) == [
        f".Resources.{job_id(after)}.Properties.Request.HyperParameterTuningJobConfig.ResourceLimits"
        ".MaxParallelTrainingJobs"
    ]


def job_id(template: dict[str, Any]) -> str:
    [logical_id] = [k for k, v in template["Resources"].items() if v["Type"] == contract.RESOURCE_TYPE]
    return logical_id


def test_normalize_template_replaces_hashes_everywhere_and_the_clis_analytics() -> None:
    # GIVEN a template as the CLI writes it: an asset key, a nested stack URL, an image tag, analytics
    digest = "ab" * 32
    template = {
        "Resources": {
            "Fn": {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"S3Key": f"{digest}.zip"}}},
            "Nested": {
                "Type": "AWS::CloudFormation::Stack",
                "Properties": {"TemplateURL": {"Fn::Join": ["", ["https://s3/", f"{digest}.json"]]}},
            },
            "Image": {"Type": "X", "Properties": {"Uri": f"123.dkr.ecr/repo:{digest}", "Short": "ab" * 31}},
            "CDKMetadata": {"Type": "AWS::CDK::Metadata", "Properties": {"Analytics": "v2:deflate64:H4sI"}},
        }
    }
    # WHEN normalized
    normalized = normalize_template(template)
    # THEN every 64-character hash is replaced, shorter hexadecimal strings are kept, the input is untouched
    assert normalized["Resources"]["Fn"]["Properties"]["Code"]["S3Key"] == f"{ASSET_HASH}.zip"
    assert (
        normalized["Resources"]["Nested"]["Properties"]["TemplateURL"]["Fn::Join"][1][1]
        == f"{ASSET_HASH}.json"
    )
    assert normalized["Resources"]["Image"]["Properties"] == {"Uri": f"123.dkr.ecr/repo:{ASSET_HASH}", "Short": "ab" * 31}  # fmt: skip
    assert normalized["Resources"]["CDKMetadata"]["Properties"]["Analytics"] == "[cdk-analytics]"
    assert template["Resources"]["Fn"]["Properties"]["Code"]["S3Key"] == f"{digest}.zip"
    # AND with assets=False the hashes stay
    assert normalize_template(template, assets=False)["Resources"]["Fn"] == template["Resources"]["Fn"]


def test_a_wait_condition_that_is_not_the_librarys_keeps_its_id() -> None:
    # GIVEN a stack with a user's own WaitCondition whose id happens to end in 8 hexadecimal characters
    stack = awaited_stack()
    handle = cdk.aws_cloudformation.CfnWaitConditionHandle(stack, "MyHandle")
    handle.override_logical_id("MyHandleDEADBEEF")
    # WHEN normalized
    normalized = normalized_template(stack)
    # THEN it keeps its id; the library's wait is normalized
    assert "MyHandleDEADBEEF" in normalized["Resources"]
    assert sum(i.endswith(WAIT_DIGEST) for i in normalized["Resources"]) == 2


PAGE = ROOT / "docs" / "snapshot-testing.md"


def test_the_pages_ci_example_runs_as_a_users_test_suite(tmp_path: Path) -> None:
    # GIVEN the snapshot-testing page's test, as a user's tests/test_snapshots.py
    [code] = re.findall(r"```python\n(.*?)```", PAGE.read_text(), flags=re.DOTALL)
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "test_snapshots.py").write_text(code)

    def pytest_run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", *args],
            cwd=tmp_path, capture_output=True, text=True, check=False, timeout=600,
        )  # fmt: skip

    # WHEN the snapshot is written, then checked as CI does
    written = pytest_run("--snapshot-update")
    checked = pytest_run("--snapshot-warn-unused")
    # THEN both pass, and the stored snapshot has no asset hash
    assert written.returncode == 0, written.stdout[-2000:]
    assert checked.returncode == 0, checked.stdout[-2000:]
    stored = (tests / "__snapshots__" / "test_snapshots.ambr").read_text()
    assert ASSET_HASH in stored and WAIT_DIGEST in stored
    assert not re.search(r"[0-9a-f]{64}", stored)
