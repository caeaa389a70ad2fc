"""The Lambda asset in cdk.out is the ``_handler`` folder alone, and it runs without the rest of the package.

In Lambda, the asset's root is on ``sys.path`` next to the runtime's boto3, and nothing else of ours: no
``cdk_sagemaker_tuning``, no aws_cdk, no jsii. A handler module importing from outside ``_handler`` would
synthesize fine and fail on the first event; this test imports the asset in such an environment.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import boto3
import botocore
import pytest
from aws_cdk import App, Stack

from cdk_sagemaker_tuning import HyperParameterTuningJob
from cdk_sagemaker_tuning._handler import contract
from cdk_sagemaker_tuning.provider import handler_asset as _handler_asset
from cdk_sagemaker_tuning.provider.handler_asset import HANDLER, handler_files
from cdk_sagemaker_tuning.validation.api_model import MODEL_FILE
from tests.test_tuning_job_from_request import minimal_request

#: boto3 and what it imports: what the Lambda Python runtime provides besides the standard library.
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six")

IMPORT_SCRIPT = """
import importlib, json, sys
asset, runtime = sys.argv[1], sys.argv[2]
sys.path[:0] = [asset, runtime]
module_name, _, entry = sys.argv[3].rpartition(".")
module = importlib.import_module(module_name)
outside = sorted(
    name for name, m in sys.modules.items()
    if getattr(m, "__file__", None) and not m.__file__.startswith((asset, runtime, sys.base_prefix))
)
try:
    import aws_cdk  # noqa: F401
    cdk = True
except ImportError:
    cdk = False
json.dump({"entry": callable(getattr(module, entry, None)), "outside": outside, "aws_cdk": cdk,
           "handler_file": sys.modules["_handler"].__file__}, sys.stdout)
"""


@pytest.fixture(scope="module")
def asset_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GIVEN a one-job stack synthesized into a cloud assembly: the directory of its function's asset."""
    outdir = tmp_path_factory.mktemp("asset")
    app = App(outdir=str(outdir))
    stack = Stack(app, "Asset")
    HyperParameterTuningJob.from_request(
        stack, "Tuning", request=minimal_request("arn:aws:iam::123456789012:role/training")
    )
    assembly = app.synth()
    template = assembly.get_stack_by_name("Asset").template
    [function] = [r for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Function"]
    asset_hash = function["Properties"]["Code"]["S3Key"].removesuffix(".zip")
    # The asset is staged as the zip Lambda deploys: its contents, unpacked
    unpacked = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(outdir / f"asset.{asset_hash}.zip") as archive:
        archive.extractall(unpacked)
    return unpacked


MODEL_IN_ASSET = f"_handler/{contract.SAGEMAKER_MODEL_FILE}"


def test_the_asset_holds_only_the_handlers_python_modules_and_the_api_model(asset_dir: Path) -> None:
    files = sorted(str(p.relative_to(asset_dir)) for p in asset_dir.rglob("*") if p.is_file())
    assert "_handler/index.py" in files
    assert "_handler/contract.py" in files
    assert "_handler/runtime/invocation.py" in files  # the runtime's folder too
    assert [f for f in files if "__pycache__" in f] == []
    # AND the vendored SageMaker model, in botocore's loader layout, the very file synth validates against
    assert MODEL_IN_ASSET in files
    assert (asset_dir / MODEL_IN_ASSET).read_bytes() == MODEL_FILE.read_bytes()
    assert [
        f for f in files if not (f.startswith("_handler/") and f.endswith(".py")) and f != MODEL_IN_ASSET
    ] == []


def test_the_assets_hash_covers_exactly_its_files(asset_dir: Path) -> None:
    # THEN the files hashed (the asset's hash is computed by the library, not by aws-cdk-lib) are the
    # files the staged asset holds, with the same content
    staged = {str(p.relative_to(asset_dir)): p.read_bytes() for p in asset_dir.rglob("*") if p.is_file()}
    hashed = {p.relative_to(_handler_asset._PACKAGE_DIR).as_posix(): p.read_bytes() for p in handler_files()}
    assert hashed == staged


def test_the_assets_hash_changes_with_any_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # GIVEN a copy of the handler's files
    for path in handler_files():
        copy = tmp_path / path.relative_to(_handler_asset._PACKAGE_DIR)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(path.read_bytes())
    monkeypatch.setattr(_handler_asset, "_PACKAGE_DIR", tmp_path)

    def fresh_hash() -> str:
        _handler_asset.handler_hash.cache_clear()
        return _handler_asset.handler_hash()

    try:
        original = fresh_hash()
        assert original == fresh_hash()  # deterministic
        # WHEN one byte of one file changes, or a file is renamed, or added: THEN the hash changes
        index = tmp_path / "_handler" / "index.py"
        index.write_bytes(index.read_bytes() + b"#")
        changed = fresh_hash()
        index.rename(tmp_path / "_handler" / "index2.py")
        renamed = fresh_hash()
        (tmp_path / "_handler" / "extra.py").write_text("")
        added = fresh_hash()
        assert len({original, changed, renamed, added}) == 4
        # AND files the asset excludes do not count
        (tmp_path / "_handler" / "notes.txt").write_text("x")
        (tmp_path / "module.py").write_text("x")
        assert fresh_hash() == added
    finally:
        _handler_asset.handler_hash.cache_clear()


@pytest.fixture(scope="module")
def lambda_like_import(asset_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """WHEN the asset is imported by a Python that has only the standard library, the asset and boto3."""
    runtime = tmp_path_factory.mktemp("runtime")
    site = Path(botocore.__file__).parent.parent
    assert Path(boto3.__file__).parent.parent == site
    for name in RUNTIME_PACKAGES:
        source = site / name
        if not source.exists():
            source = site / f"{name}.py"
        assert source.exists(), name
        (runtime / source.name).symlink_to(source)
    # -I: no PYTHONPATH, no user site, no current directory; -S: no site-packages (so no aws_cdk, no
    # editable install of this package).
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", IMPORT_SCRIPT, str(asset_dir), str(runtime), HANDLER],
        capture_output=True,
        text=True,
        check=False,
        cwd=runtime,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def test_the_asset_imports_without_the_package_or_aws_cdk(
    asset_dir: Path, lambda_like_import: dict[str, object]
) -> None:
    # THEN the handler was imported from the asset, with nothing from outside it and the runtime's boto3
    assert lambda_like_import["aws_cdk"] is False
    assert str(lambda_like_import["handler_file"]).startswith(str(asset_dir))
    assert lambda_like_import["outside"] == []


def test_the_functions_entry_point_is_in_the_asset(lambda_like_import: dict[str, object]) -> None:
    # THEN the function's Handler setting names a callable of the asset
    assert lambda_like_import["entry"] is True, f"{HANDLER} is not a function of the asset"


def test_the_zip_is_the_same_archive_every_time() -> None:
    # GIVEN the handler's zip built twice (in two temporary directories)
    first = _handler_asset.handler_zip()
    _handler_asset.handler_zip.cache_clear()
    try:
        second = _handler_asset.handler_zip()
        # THEN the archives are byte for byte the same (fixed times and modes, sorted entries)
        assert first != second
        assert first.read_bytes() == second.read_bytes()
    finally:
        _handler_asset.handler_zip.cache_clear()
