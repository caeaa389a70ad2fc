"""Snapshot testing of stacks that use this library: templates without the parts that churn on upgrades.

Teams snapshot-test their synthesized templates in CI. Two parts of a template change without anything the
team changed:

- **asset hashes**: every release of this library changes the handler's asset, so its hash (the function's
  ``Code.S3Key``, the asset's metadata) changes in every stack with a tuning job; a Docker image asset or a
  nested stack's template changes its hash alike. Like ``jest-cdk-snapshot``'s ``ignoreAssets``, each asset
  hash (64 hexadecimal characters) becomes ``[asset-hash]``.
- **the completion wait's digest**: a job awaited with ``TuningJobWait.for_completion`` has a
  WaitCondition and its handle whose logical ids end with a digest of the request and the timeout, so that
  a new job (or timeout) gets a new wait. The digest becomes ``[wait-digest]``; the request and the timeout
  it is computed from are in the snapshot themselves.

Use it with any snapshot library, for example syrupy::

    from aws_cdk import App
    from cdk_sagemaker_tuning.testing import normalized_template

    def test_training_stack(snapshot):
        stack = TrainingStack(App(), "Training")
        assert normalized_template(stack) == snapshot

Nothing else is changed: a change of the library that changes your template otherwise (a new permission,
a new resource) shows in the snapshot, as it should.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from typing import Any

from aws_cdk import Stack
from aws_cdk.assertions import Template

from ._handler import contract

__all__ = ["ASSET_HASH", "WAIT_DIGEST", "normalize_template", "normalized_template"]

#: What an asset hash becomes.
ASSET_HASH = "[asset-hash]"
#: What the digest ending the completion wait's logical ids becomes.
WAIT_DIGEST = "[wait-digest]"

#: aws-cdk-lib's asset hashes: SHA-256, in hexadecimal (``<hash>.zip``, ``asset.<hash>``, image tags).
_ASSET_HASH = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
#: The digest the completion wait appends to its resources' logical ids (``resource/completion_wait.py``).
_WAIT_DIGEST = re.compile(r"[0-9A-F]{8}$")
_WAIT_TYPES = ("AWS::CloudFormation::WaitConditionHandle", "AWS::CloudFormation::WaitCondition")


def normalized_template(
    stack: Stack, *, assets: bool = True, completion_waits: bool = True
) -> dict[str, Any]:
    """``stack``'s template (as ``Template.from_stack`` synthesizes it), normalized for a snapshot.

    :param stack: the stack to synthesize (its app is synthesized, as ``Template.from_stack`` does).
    :param assets: replace every asset hash with ``[asset-hash]``.
        :default: - True
    :param completion_waits: replace the digest of each completion wait's logical ids with ``[wait-digest]``.
        :default: - True
    """
    return normalize_template(
        Template.from_stack(stack).to_json(), assets=assets, completion_waits=completion_waits
    )


def normalize_template(
    template: Mapping[str, Any], *, assets: bool = True, completion_waits: bool = True
) -> dict[str, Any]:
    """A copy of a synthesized template (a ``cdk.out/*.template.json`` read as JSON, say), normalized.

    Also replaces the CDK CLI's analytics (``AWS::CDK::Metadata``'s ``Analytics``, which names the versions
    of the libraries used) with ``[cdk-analytics]``.

    :param template: the template, as a JSON object.
    :param assets: replace every asset hash with ``[asset-hash]``.
        :default: - True
    :param completion_waits: replace the digest of each completion wait's logical ids with ``[wait-digest]``.
        :default: - True
    """
    result: dict[str, Any] = copy.deepcopy(dict(template))
    for resource in (result.get("Resources") or {}).values():
        if resource.get("Type") == "AWS::CDK::Metadata" and "Analytics" in resource.get("Properties", {}):
            resource["Properties"]["Analytics"] = "[cdk-analytics]"
    renames = _wait_renames(result) if completion_waits else {}
    if not renames and not assets:
        return result
    text = json.dumps(result)
    for old, new in renames.items():
        # Logical ids are alphanumeric, and these end with a digest: no other string contains one.
        text = text.replace(f'"{old}"', f'"{new}"').replace("${" + old, "${" + new)
    if assets:
        text = _ASSET_HASH.sub(ASSET_HASH, text)
    normalized: dict[str, Any] = json.loads(text)
    return normalized


def _wait_renames(template: Mapping[str, Any]) -> dict[str, str]:
    """The logical ids of the library's completion waits, with their digest replaced."""
    resources: Mapping[str, Any] = template.get("Resources") or {}
    handles = {
        str(resource["Properties"][contract.PROP_WAIT_HANDLE_ID])
        for resource in resources.values()
        if resource.get("Type") == contract.RESOURCE_TYPE
        and isinstance(resource.get("Properties", {}).get(contract.PROP_WAIT_HANDLE_ID), str)
    }
    renames: dict[str, str] = {}
    for logical_id, resource in resources.items():
        if resource.get("Type") not in _WAIT_TYPES or not _WAIT_DIGEST.search(logical_id):
            continue
        handle = logical_id if logical_id in handles else _handle_of(resource)
        if handle in handles:
            renames[logical_id] = logical_id[:-8] + WAIT_DIGEST
    return renames


def _handle_of(resource: Mapping[str, Any]) -> str | None:
    reference = resource.get("Properties", {}).get("Handle")
    return str(reference["Ref"]) if isinstance(reference, Mapping) and "Ref" in reference else None
