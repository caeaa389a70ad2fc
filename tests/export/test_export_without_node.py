"""``python -m cdk_sagemaker_tuning export`` only reads cdk.out: it runs without Node.js and jsii."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cdk_sagemaker_tuning
from tests.sample_stacks import multi_job_stack, new_app, synthesize

SRC = Path(cdk_sagemaker_tuning.__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def assembly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GIVEN a synthesized app with one tuning job."""
    outdir = tmp_path_factory.mktemp("cdk.out")
    synthesize(multi_job_stack(new_app(outdir), jobs=1))
    return outdir


def run_without_node(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run this interpreter with a PATH that holds no ``node`` (an empty directory) and no jsii settings."""
    empty = cwd / "empty-bin"
    empty.mkdir(exist_ok=True)
    env = {key: value for key, value in os.environ.items() if not key.startswith("JSII")}
    env.update(PATH=str(empty), PYTHONPATH=str(SRC))
    return subprocess.run(
        [sys.executable, *argv], env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_export_runs_without_node_and_prints_nothing_on_stderr(assembly: Path, tmp_path: Path) -> None:
    # WHEN
    result = run_without_node("-m", "cdk_sagemaker_tuning", "export", str(assembly), cwd=tmp_path)

    # THEN the request is printed, with no jsii banner or Node.js error
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    body = "\n".join(line for line in result.stdout.splitlines() if not line.startswith("#"))
    assert "HyperParameterTuningJobConfig" in json.loads(body)


def test_importing_the_package_does_not_load_aws_cdk(tmp_path: Path) -> None:
    # WHEN the package and its export module are imported in a fresh interpreter
    script = "import sys, cdk_sagemaker_tuning.export; print(sorted({'aws_cdk', 'jsii'} & set(sys.modules)))"
    result = run_without_node("-c", script, cwd=tmp_path)

    # THEN neither aws_cdk nor jsii was imported
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_every_public_name_is_importable_from_the_package() -> None:
    # GIVEN the names the package declares public
    # WHEN each is looked up lazily, THEN it exists, and dir() lists it
    for name in cdk_sagemaker_tuning.__all__:
        assert getattr(cdk_sagemaker_tuning, name) is not None
        assert name in dir(cdk_sagemaker_tuning)
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = cdk_sagemaker_tuning.Nope  # type: ignore[attr-defined]
