"""Create: the name and tags of a new job, and whether an existing job is this event's own.

SageMaker has no idempotency token for CreateHyperParameterTuningJob, so the tags the handler writes on
every job it creates (``contract.RESERVED_TAG_KEYS``) are how a later event recognises it (see
``lifecycle``). Pure functions: nothing here calls AWS.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import contract, naming, request_types, wait_signal
from .contract import (
    FINGERPRINT_TAG,
    LOGICAL_ID_TAG,
    REPLACES_TAG,
    REQUEST_ID_TAG,
    RETAIN_TAG,
    STACK_TAG,
    WAIT_TAG,
)
from .lifecycle import ResourceEvent
from .runtime.events import HandlerError


@dataclass(frozen=True)
class CreatePlan:
    """The CreateHyperParameterTuningJob call for one create (or replacing update)."""

    name: str
    name_is_fixed: bool
    params: dict[str, Any]


def fingerprint(request: Mapping[str, Any]) -> str:
    """A digest of the request as CloudFormation delivered it, tags aside (they change in place)."""
    body = {key: value for key, value in request.items() if key != "Tags"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def fixed_name(request: Mapping[str, Any]) -> str | None:
    """The HyperParameterTuningJobName the user gave, if any."""
    name = request.get("HyperParameterTuningJobName")
    return str(name) if name not in (None, "") else None


def plan_create(event: ResourceEvent, replaces: str | None = None, *, event_start: float = 0.0) -> CreatePlan:
    """The job name and the typed request for a create.

    :param replaces: the job a replacing update replaces, recorded on the new job for a rollback.
    :param event_start: when the event started (``budget.EventBudget.start``): an awaited job's deadline
        counts from it, so every delivery of the event computes the same.

    :raises HandlerError: the request has a value of the wrong type, a name SageMaker would refuse, or
        uses one of the handler's reserved tag keys.
    """
    try:
        params = request_types.restore_request(event.request)
    except request_types.RequestTypeError as error:
        raise HandlerError(str(error)) from None
    given = fixed_name(event.request)
    if given is not None and not contract.is_valid_name(given):
        raise HandlerError(
            f"Request.HyperParameterTuningJobName: {given!r} is not a valid tuning job name; use at most "
            f"{contract.MAX_NAME_LENGTH} {contract.NAME_RULE}, or drop it to have a name generated"
        )
    prefix = event.name_prefix
    if given is None and prefix is not None and not contract.is_valid_prefix(prefix):
        raise HandlerError(
            f"{contract.PROP_NAME_PREFIX}: {prefix!r} is not a valid tuning job name prefix; use at most "
            f"{contract.MAX_NAME_PREFIX_LENGTH} {contract.NAME_RULE}"
        )
    name = given or naming.generated_name(event.stack_id, event.logical_id, event.request_id, prefix)
    params["HyperParameterTuningJobName"] = name
    params["Tags"] = [
        *user_tags(event.request),
        *ownership_tags(event, replaces),
        *({"Key": key, "Value": value} for key, value in marks(event, event_start).items()),
    ]
    return CreatePlan(name=name, name_is_fixed=given is not None, params=params)


def user_tags(request: Mapping[str, Any]) -> list[dict[str, str]]:
    """The request's own Tags, refusing the keys the handler reserves for itself."""
    tags = request.get("Tags") or []
    if not isinstance(tags, list):
        raise HandlerError(
            f"Request.Tags must be a list of {{Key, Value}} objects, got {type(tags).__name__}"
        )
    result = []
    for index, tag in enumerate(tags):
        if not isinstance(tag, Mapping) or "Key" not in tag:
            raise HandlerError(f"Request.Tags[{index}] must be an object with Key and Value, got {tag!r}")
        if tag["Key"] in contract.RESERVED_TAG_KEYS:
            raise HandlerError(
                f"Request.Tags[{index}].Key: {tag['Key']!r} is reserved by cdk-sagemaker-tuning to "
                "recognise its own jobs; use another key"
            )
        result.append({"Key": str(tag["Key"]), "Value": str(tag.get("Value", ""))})
    if len(result) > contract.MAX_USER_TAGS:
        raise HandlerError(
            f"Request.Tags: {len(result)} tags, at most {contract.MAX_USER_TAGS} are allowed (SageMaker allows "
            f"{contract.MAX_TAGS} per job and cdk-sagemaker-tuning writes {len(contract.RESERVED_TAG_KEYS)} of "
            "its own)"
        )
    return result


def ownership_tags(event: ResourceEvent, replaces: str | None = None) -> list[dict[str, str]]:
    tags = [
        {"Key": REQUEST_ID_TAG, "Value": event.request_id},
        {"Key": FINGERPRINT_TAG, "Value": fingerprint(event.request)},
        {"Key": STACK_TAG, "Value": event.stack_id},
        {"Key": LOGICAL_ID_TAG, "Value": event.logical_id},
    ]
    if replaces is not None:
        tags.append({"Key": REPLACES_TAG, "Value": replaces})
    return tags


def marks(
    event: ResourceEvent, event_start: float, current: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The mutable reserved tags (``contract.MUTABLE_TAG_KEYS``) the job should carry for this event.

    :param current: the job's tags now: a wait on the same handle keeps the deadline it has.
    """
    wanted: dict[str, str] = {}
    if event.retain:
        wanted[RETAIN_TAG] = ",".join(sorted(event.retain))
    if event.wait_handle_id is not None and event.wait_timeout_seconds is not None:
        held = (current or {}).get(WAIT_TAG, "")
        if held.rpartition("@")[0] == event.wait_handle_id:
            wanted[WAIT_TAG] = held
        else:
            due = wait_signal.deadline(event_start, event.wait_timeout_seconds)
            wanted[WAIT_TAG] = f"{event.wait_handle_id}@{due}"
    return wanted


def is_owned(event: ResourceEvent, tags: Mapping[str, str] | None) -> bool:
    """Whether a job's tags name this event's stack as its owner (``contract.STACK_TAG``)."""
    return tags is not None and tags.get(STACK_TAG) == event.stack_id


def started_by(event: ResourceEvent, tags: Mapping[str, str] | None) -> bool:
    """Whether this very event started the job: its stack owns it and its RequestId created it.

    A job this event did not start is never stopped for running out of budget: turning
    ``wait_for_completion`` on in an update fails the update, and leaves the job running.
    """
    return is_owned(event, tags) and (tags or {}).get(REQUEST_ID_TAG) == event.request_id


def check_adoption(event: ResourceEvent, name: str, existing_tags: Mapping[str, str]) -> None:
    """Accept a job of the same name found on create only when this very create request started it.

    :raises HandlerError: the job belongs to something else (another stack, an earlier deployment, a
        person); the message says how to get out.
    """
    if started_by(event, existing_tags):
        return
    owner = existing_tags.get(STACK_TAG)
    held_by = (
        f"by another stack ({naming.stack_name(owner)})"
        if owner and owner != event.stack_id
        else "outside this create request"
    )
    raise HandlerError(
        f"A tuning job named '{name}' already exists, created {held_by}; this create request "
        f"({event.logical_id}, RequestId {event.request_id}) did not start it and leaves it untouched. "
        "Tuning job names are unique per account and region and cannot be reused: set another "
        "HyperParameterTuningJobName, or drop it to have a unique name generated."
    )


def search_term(event: ResourceEvent) -> str:
    """A part of the name of every job this resource's creates start: the fixed name, or the start of the
    generated ones (``ListHyperParameterTuningJobs``' NameContains)."""
    return fixed_name(event.request) or naming.generated_prefix(
        event.stack_id, event.logical_id, event.name_prefix
    )


def is_cancelled_creates_job(event: ResourceEvent, tags: Mapping[str, str]) -> bool:
    """Whether a running job is one that a create of this resource started and CloudFormation never heard
    of: created for this stack and this logical id from this very request, and not kept on delete (a job kept
    only when replaced is still stopped: CloudFormation asked for this resource's delete).

    CloudFormation cancels a create that is still running when another resource of the stack fails, and
    then sends a Delete with a physical id it made up (aws/aws-cdk#36951): the job that create started is
    found by its tags instead.
    """
    return (
        is_owned(event, tags)
        and tags.get(LOGICAL_ID_TAG) == event.logical_id
        and tags.get(FINGERPRINT_TAG) == fingerprint(event.request)
        and contract.RETAIN_ON_DELETE not in tags.get(RETAIN_TAG, "").split(",")
    )


def failed_create_physical_id(event: ResourceEvent) -> str:
    """The physical id of a create that started no job: never a tuning job name.

    CloudFormation sends a Delete for it when it rolls back; ``is_job_name_of_ours`` is false for this id
    (a colon is not allowed in a job name), so that Delete touches nothing, in particular not a job of
    another stack that holds the name the create asked for.
    """
    return f"create-failed:{event.logical_id}:{event.request_id}"


def job_arn(stack_id: str, name: str) -> str:
    """The ARN of tuning job ``name`` in the stack's partition, region and account.

    Used only to answer for a job that no longer exists (SageMaker cannot describe it): SageMaker writes
    the name in lower case in its ARNs.
    """
    parts = stack_id.split(":")
    partition, region, account = (parts[1], parts[3], parts[4]) if len(parts) > 5 else ("aws", "", "")
    return f"arn:{partition}:sagemaker:{region}:{account}:hyper-parameter-tuning-job/{name.lower()}"
