"""The custom-resource handler's Lambda asset: the ``_handler`` subpackage, found through this package."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import aws_s3_assets as s3_assets
from constructs import Construct

_PACKAGE_DIR = Path(__file__).resolve().parent

#: The handler's entry point. In Lambda, ``_handler`` is a top-level package (the asset holds only that
#: folder), so its modules import each other relatively, exactly as they do inside this package.
HANDLER = "_handler.index.handler"

#: Only the handler's own modules go into the asset: not the constructs (they import aws_cdk, which Lambda
#: does not have), and no byte-code caches, which would change the asset's hash (and the template).
_ASSET_EXCLUDE = ["*", "!_handler", "!_handler/*.py"]


def handler_asset(scope: Construct) -> s3_assets.Asset:
    """The provider function's code, as ``Code.from_asset(...).bind(scope)`` makes it (id ``Code``).

    The asset itself rather than a ``lambda.Code``: the provider's function is an L1 ``CfnFunction``, which
    takes the asset's bucket and key, and reading them from the asset is fewer calls into Node.js than
    binding a ``Code`` and reading its configuration back.
    """
    if not (_PACKAGE_DIR / "_handler" / "index.py").is_file():
        raise FileNotFoundError(f"The tuning-job handler is missing from {_PACKAGE_DIR / '_handler'}")
    # deploy_time: only the deployment reads it, as for every Lambda asset (cdk gc may remove it later).
    return s3_assets.Asset(scope, "Code", path=str(_PACKAGE_DIR), exclude=_ASSET_EXCLUDE, deploy_time=True)
