"""Deterministic names for tuning jobs whose request does not fix one.

A generated name reads ``<stack>-<logical id>-<suffix>``: the prefix tells a person in the SageMaker
console which stack and construct own the job; the suffix is a hash of the stack id, the logical id and
the CloudFormation RequestId. The same create request therefore always yields the same name (a retried
create finds the job it already started), while every new create or replacement yields a new one.
With a ``tuning_job_name_prefix`` (the resource's ``NamePrefix``), the name reads ``<prefix>-<suffix>``,
like the SageMaker SDK's ``base_tuning_job_name``.
"""

from __future__ import annotations

import hashlib
import re

from .contract import GENERATED_SUFFIX_LENGTH, MAX_NAME_PREFIX_LENGTH

_SUFFIX_LENGTH = GENERATED_SUFFIX_LENGTH  # 40 bits of hash: collisions between two creates are negligible
_PREFIX_LENGTH = MAX_NAME_PREFIX_LENGTH
_LOGICAL_ID_SHARE = 12  # of the prefix; the stack name gets the rest
_NOT_ALLOWED = re.compile(r"[^a-zA-Z0-9]+")
_FALLBACK_PREFIX = "tuning"


def stack_name(stack_id: str) -> str:
    """The stack name inside a CloudFormation stack id (``arn:...:stack/<name>/<uuid>``)."""
    parts = stack_id.split(":stack/", 1)
    if len(parts) == 2:
        return parts[1].split("/", 1)[0]
    return stack_id


def generated_name(stack_id: str, logical_id: str, request_id: str, prefix: str | None = None) -> str:
    """The job name for one create request; at most 32 characters, valid for SageMaker.

    :param prefix: the name's start (``tuning_job_name_prefix``), valid per :func:`is_valid_prefix`.
        :default: - the stack and construct names
    """
    digest = hashlib.sha256(f"{stack_id}\n{logical_id}\n{request_id}".encode()).hexdigest()
    return f"{generated_prefix(stack_id, logical_id, prefix)}-{digest[:_SUFFIX_LENGTH]}"


def generated_prefix(stack_id: str, logical_id: str, prefix: str | None = None) -> str:
    """What every name generated for this resource starts with, before ``-<suffix>``."""
    if prefix:
        return prefix
    logical = _clean(logical_id)[:_LOGICAL_ID_SHARE].strip("-")
    stack_budget = _PREFIX_LENGTH - len(logical) - (1 if logical else 0)
    stack = _clean(stack_name(stack_id))[: max(stack_budget, 0)].strip("-")
    return "-".join(part for part in (stack, logical) if part) or _FALLBACK_PREFIX


def _clean(text: str) -> str:
    return _NOT_ALLOWED.sub("-", text).strip("-")
