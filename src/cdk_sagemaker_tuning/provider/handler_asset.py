"""The custom-resource handler's Lambda asset: the ``_handler`` subpackage, found through this package."""

from __future__ import annotations

import atexit
import functools
import hashlib
import shutil
import tempfile
import zipfile
from pathlib import Path

from aws_cdk import AssetHashType
from aws_cdk import aws_s3_assets as s3_assets
from constructs import Construct

from .._handler import contract

_PACKAGE_DIR = Path(__file__).resolve().parents[1]

#: The handler's entry point. In Lambda, ``_handler`` is a top-level package (the asset holds only that
#: folder), so its modules import each other relatively, exactly as they do inside this package.
HANDLER = "_handler.index.handler"

#: Only the handler's own modules go into the asset: not the constructs (they import aws_cdk, which Lambda
#: does not have), and no byte-code caches, which would change the asset's hash (and the template). With
#: them, the SageMaker API model the construct validates against, which the handler's client loads.
_ASSET_GLOBS = ("_handler/**/*.py", f"_handler/{contract.SAGEMAKER_MODEL_FILE}")


def handler_files() -> list[Path]:
    """The files of the asset, sorted."""
    return sorted(path for pattern in _ASSET_GLOBS for path in _PACKAGE_DIR.glob(pattern))


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


#: A fixed time for every entry of the zip: the same files always make the same archive.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@functools.cache
def handler_zip() -> Path:
    """The asset as a zip of ``_handler/*.py`` and the API model, written once per process to a temporary directory.

    A zip rather than the folder: aws-cdk-lib stages a zip by copying one file into the cloud assembly,
    where staging the folder walks this package against the exclude patterns and copies each file, the
    largest cost of a one-job stack's synthesis (benchmarks/RESULTS.md). Lambda deploys a zip asset as it
    is. Entries are sorted, with a fixed time and mode, so the archive is the same on every machine.
    """
    directory = Path(tempfile.mkdtemp(prefix="cdk-sagemaker-tuning-handler-"))
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    archive = directory / "handler.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in handler_files():
            entry = zipfile.ZipInfo(path.relative_to(_PACKAGE_DIR).as_posix(), date_time=_ZIP_TIME)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            zipped.writestr(entry, path.read_bytes())
    return archive


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
        path=str(handler_zip()),
        deploy_time=True,
        asset_hash=handler_hash(),
        asset_hash_type=AssetHashType.CUSTOM,
    )
