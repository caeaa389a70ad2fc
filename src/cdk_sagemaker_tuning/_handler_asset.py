"""Where the custom-resource handler's code lives, in a wheel and in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def handler_code_dir() -> str:
    """The directory holding ``index.py`` of the tuning-job handler.

    A wheel carries the handler inside the package (``cdk_sagemaker_tuning/_handler/tuning_job``, see
    ``pyproject.toml``). An editable install of a source checkout has no copy there, so the handler is
    read from ``lambda/tuning_job`` of that checkout. Both are found from this file's location, never
    from the current working directory.
    """
    candidates = (
        _PACKAGE_DIR / "_handler" / "tuning_job",
        _PACKAGE_DIR.parent.parent / "lambda" / "tuning_job",
    )
    for candidate in candidates:
        if (candidate / "index.py").is_file():
            return str(candidate)
    searched = ", ".join(str(c) for c in candidates)
    raise FileNotFoundError(f"The tuning-job handler (index.py) is missing; searched: {searched}")
