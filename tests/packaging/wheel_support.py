"""The wheel built from this checkout, and a fresh virtual environment outside the repository holding it.

Built with ``python -m build --wheel --no-isolation`` (the backend, hatchling, is a dev dependency, so
nothing is downloaded), once per session. The fresh environment gets the wheel only (``--no-deps``); its
dependencies (aws-cdk-lib, jsii, constructs, botocore: hundreds of MB) come from the running environment
through a ``.pth`` file *appended* to ``sys.path``: offline and fast, and on the floor of the supported
range when the suite runs in ``.venv-floor`` (``make test-floor``). The package itself can only be found in
the new environment: the project's editable install is a ``.pth`` file, and ``.pth`` files in a directory
that was itself added by a ``.pth`` line are not processed.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def site_packages(env_dir: Path) -> Path:
    paths = sysconfig.get_paths(vars={"base": str(env_dir), "platbase": str(env_dir)})
    return Path(paths["purelib"])


def install_wheel(wheel: Path, env_dir: Path) -> Path:
    """A fresh virtual environment at ``env_dir`` with ``wheel`` installed; returns its ``python``."""
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # The dependencies, from the running environment, after the new environment's own site-packages.
    (site_packages(env_dir) / "zz_project_dependencies.pth").write_text(
        str(site_packages(Path(sys.prefix))) + "\n"
    )
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    return python
