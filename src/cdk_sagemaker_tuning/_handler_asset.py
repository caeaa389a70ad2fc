"""The custom-resource handler's Lambda asset: the ``_handler`` subpackage, found through this package."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from aws_cdk import AssetHashType
from aws_cdk import aws_s3_assets as s3_assets
from constructs import Construct

_PACKAGE_DIR = Path(__file__).resolve().parent

#: The handler's entry point. In Lambda, ``_handler`` is a top-level package (the asset holds only that
#: folder), so its modules import each other relatively, exactly as they do inside this package.
HANDLER = "_handler.index.handler"

#: Only the handler's own modules go into the asset: not the constructs (they import aws_cdk, which Lambda
#: does not have), and no byte-code caches, which would change the asset's hash (and the template).
_ASSET_EXCLUDE = ["*", "!_handler", "!_handler/*.py"]
#: The same files, for ``handler_files``.
_ASSET_GLOB = "_handler/*.py"


def handler_files() -> list[Path]:
    """The files of the asset (what ``_ASSET_EXCLUDE`` lets through), sorted."""
    return sorted(_PACKAGE_DIR.glob(_ASSET_GLOB))


@functools.cache
def handler_hash() -> str:
    """The asset's hash: SHA-256 of each file's path in the asset and its content, computed once per process.

    Given to aws-cdk-lib as a custom hash, so it need not read and hash the files itself when each stack's
    asset is staged (a third of the staging time of a one-job stack; see benchmarks/RESULTS.md).
    """
    digest = hashlib.sha256()
    for path in handler_files():
        for part in (path.relative_to(_PACKAGE_DIR).as_posix().encode(), path.read_bytes()):
            digest.update(len(part).to_bytes(8, "big"))
            digest.update(part)
    return digest.hexdigest()


def handler_asset(scope: Construct) -> s3_assets.Asset:
    """The provider function's code, as ``Code.from_asset(...).bind(scope)`` makes it (id ``Code``).

    The asset itself rather than a ``lambda.Code``: the provider's function is an L1 ``CfnFunction``, which
    takes the asset's bucket and key, and reading them from the asset is fewer calls into Node.js than
    binding a ``Code`` and reading its configuration back.
    """
    if not (_PACKAGE_DIR / "_handler" / "index.py").is_file():
        raise FileNotFoundError(f"The tuning-job handler is missing from {_PACKAGE_DIR / '_handler'}")
    # deploy_time: only the deployment reads it, as for every Lambda asset (cdk gc may remove it later).
    return s3_assets.Asset(
        scope,
        "Code",
        path=str(_PACKAGE_DIR),
        exclude=_ASSET_EXCLUDE,
        deploy_time=True,
        asset_hash=handler_hash(),
        asset_hash_type=AssetHashType.CUSTOM,
    )
