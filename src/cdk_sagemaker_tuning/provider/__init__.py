"""The custom-resource provider: one Lambda function per stack, its permissions, rules and asset.

This folder has the path of the flat layout's ``provider`` module: ``cdk_sagemaker_tuning.provider.
TuningJobProvider`` still works, with a ``DeprecationWarning`` (import it from the package itself).
"""

from __future__ import annotations

import warnings
from typing import Any


def __getattr__(name: str) -> Any:
    if name != "TuningJobProvider":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"{__name__}.TuningJobProvider has moved to {__name__}.tuning_job_provider; import it from "
        "cdk_sagemaker_tuning itself. The old path will be removed in the next major version.",
        DeprecationWarning,
        stacklevel=2,
    )
    from .tuning_job_provider import TuningJobProvider

    return TuningJobProvider
