"""The built wheel, installed outside the repository, deploys the handler it carries.

The wheel and the fresh environment come from ``conftest.py`` and ``wheel_support.py``: the wheel only, its dependencies from the
running environment, the working directory outside the repository. The test checks that the package is
imported from the new environment.
"""

from __future__ import annotations

import email.parser
import json
import os
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cdk_sagemaker_tuning import _version
from cdk_sagemaker_tuning._handler import contract
from cdk_sagemaker_tuning.provider.handler_asset import HANDLER
from tests.packaging.wheel_support import REPO, install_wheel, site_packages

HANDLER_IN_WHEEL = "cdk_sagemaker_tuning/_handler/index.py"

SYNTH_SCRIPT = """
import json, sys
import aws_cdk as cdk
import cdk_sagemaker_tuning
from cdk_sagemaker_tuning import HyperParameterTuningJob
import cdk_sagemaker_tuning._handler

app = cdk.App(outdir="cdk.out")
stack = cdk.Stack(app, "Installed")
HyperParameterTuningJob.from_request(stack, "Tuning", request={
    "HyperParameterTuningJobConfig": {
        "Strategy": "Random",
        "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
        "ResourceLimits": {"MaxNumberOfTrainingJobs": 2, "MaxParallelTrainingJobs": 1},
    },
    "TrainingJobDefinition": {
        "AlgorithmSpecification": {"TrainingImage": "image", "TrainingInputMode": "File"},
        "RoleArn": "arn:aws:iam::123456789012:role/training",
        "OutputDataConfig": {"S3OutputPath": "s3://bucket/output"},
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
        "StoppingCondition": {"MaxRuntimeInSeconds": 600},
    },
})
app.synth()
json.dump(
    {
        "package_file": cdk_sagemaker_tuning.__file__,
        "handler_dir": cdk_sagemaker_tuning._handler.__path__[0],
        "version": cdk_sagemaker_tuning.__version__,
    },
    sys.stdout,
)
"""


@pytest.fixture(scope="module")
def installed(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """GIVEN the wheel built from this checkout, installed into a fresh venv outside the repository."""
    root = tmp_path_factory.mktemp("packaging")
    assert REPO not in root.parents
    wheel = built_wheel
    env_dir = root / "venv"
    python = install_wheel(wheel, env_dir)
    site = site_packages(env_dir)

    work = root / "app"
    work.mkdir()
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(python), "-c", SYNTH_SCRIPT],
        check=False,
        capture_output=True,
        text=True,
        cwd=work,
        env=environ,
    )
    assert result.returncode == 0, result.stderr
    return {"wheel": wheel, "site": site, "cdk_out": work / "cdk.out", **json.loads(result.stdout)}


def test_wheel_carries_the_handler(installed: dict[str, Any]) -> None:
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        names = wheel.namelist()
        in_wheel = wheel.read(HANDLER_IN_WHEEL)
    assert in_wheel == (REPO / "src" / HANDLER_IN_WHEEL).read_bytes()
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert "cdk_sagemaker_tuning/py.typed" in names
    assert "cdk_sagemaker_tuning/__main__.py" in names


def test_the_wheel_carries_the_one_version_and_the_license(installed: dict[str, Any]) -> None:
    # GIVEN the wheel's metadata
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        [metadata] = [n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")]
        headers = email.parser.Parser().parsestr(wheel.read(metadata).decode())
        licenses = [n for n in wheel.namelist() if ".dist-info/licenses/" in n]
    # THEN its version is the installed package's __version__ (one source: _version.py), and the license
    # expression and its text ship with it
    assert headers["Version"] == installed["version"] == _version.__version__
    assert installed["wheel"].name.startswith(f"cdk_sagemaker_tuning-{installed['version']}-")
    assert headers["License-Expression"] == "Apache-2.0"
    assert [n.rsplit("/", 1)[1] for n in licenses] == ["LICENSE"]


def test_package_and_handler_are_imported_from_the_new_environment(installed: dict[str, Any]) -> None:
    site = installed["site"].resolve()
    assert Path(installed["package_file"]).resolve().is_relative_to(site)
    assert Path(installed["handler_dir"]).resolve() == site / "cdk_sagemaker_tuning" / "_handler"


def test_synthesized_lambda_asset_is_the_installed_handler(installed: dict[str, Any]) -> None:
    cdk_out: Path = installed["cdk_out"]
    template = json.loads((cdk_out / "Installed.template.json").read_text())
    functions = [r for r in template["Resources"].values() if r["Type"] == "AWS::Lambda::Function"]
    [function] = functions  # one function per stack
    assert function["Properties"]["Handler"] == HANDLER
    asset_hash = function["Properties"]["Code"]["S3Key"].removesuffix(".zip")

    # THEN the asset the template deploys holds only the installed package's _handler/*.py and its API
    # model, unchanged...
    asset_dir = cdk_out / "unpacked-asset"
    with zipfile.ZipFile(cdk_out / f"asset.{asset_hash}.zip") as archive:
        archive.extractall(asset_dir)
    installed_dir = Path(installed["handler_dir"])
    in_asset = sorted(str(p.relative_to(asset_dir)) for p in asset_dir.rglob("*") if p.is_file())
    model = f"_handler/{contract.SAGEMAKER_MODEL_FILE}"
    assert in_asset == sorted(
        [
            model,
            *(
                f"_handler/{p.relative_to(installed_dir).as_posix()}"
                for p in installed_dir.rglob("*.py")
                if "__pycache__" not in p.parts
            ),
        ]
    )
    for name in in_asset:
        assert (asset_dir / name).read_bytes() == (installed_dir.parent / name).read_bytes(), name
    # ...registered under that hash in the asset manifest the CLI publishes from
    manifest = json.loads((cdk_out / "Installed.assets.json").read_text())
    assert manifest["files"][asset_hash]["source"] == {"path": f"asset.{asset_hash}.zip", "packaging": "file"}
