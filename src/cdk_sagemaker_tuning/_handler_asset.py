"""The custom-resource handler's Lambda asset: the ``_handler`` subpackage, found through this package."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import aws_lambda as lambda_

_PACKAGE_DIR = Path(__file__).resolve().parent

#: The handler's entry point. In Lambda, ``_handler`` is a top-level package (the asset holds only that
#: folder), so its modules import each other relatively, exactly as they do inside this package.
HANDLER = "_handler.index.handler"

#: Only the handler's own modules go into the asset: not the constructs (they import aws_cdk, which Lambda
#: does not have), and no byte-code caches, which would change the asset's hash (and the template).
_ASSET_EXCLUDE = ["*", "!_handler", "!_handler/*.py"]


def handler_code() -> lambda_.Code:
    """The provider function's code. A new ``Code`` per call: an ``AssetCode`` binds to one stack only."""
    if not (_PACKAGE_DIR / "_handler" / "index.py").is_file():
        raise FileNotFoundError(f"The tuning-job handler is missing from {_PACKAGE_DIR / '_handler'}")
    return lambda_.Code.from_asset(str(_PACKAGE_DIR), exclude=_ASSET_EXCLUDE)
