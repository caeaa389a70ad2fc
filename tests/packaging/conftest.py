"""The wheel built from this checkout, once per session (see ``wheel_support.py``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.wheel_support import REPO


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GIVEN the wheel built from this checkout."""
    dist = tmp_path_factory.mktemp("dist")
    assert REPO not in dist.parents
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
        cwd=dist,
    )
    [wheel] = dist.glob("cdk_sagemaker_tuning-*.whl")
    return wheel
