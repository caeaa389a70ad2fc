"""Update: replace the job or change it in place (tags), and recognise a rollback to the job it replaced.

Pure functions: nothing here calls AWS.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .contract import FINGERPRINT_TAG, MUTABLE_TAG_KEYS, REPLACES_TAG
from .create_plan import fingerprint, fixed_name, marks, user_tags
from .delete_plan import is_job_name_of_ours
from .lifecycle import ResourceEvent
from .runtime.events import HandlerError


@dataclass(frozen=True)
class Replace:
    """Create a new job; CloudFormation then deletes (stops) the old physical id."""


@dataclass(frozen=True)
class UpdateInPlace:
    """Keep the job; only its tags change."""

    add_tags: list[dict[str, str]] = field(default_factory=list)
    remove_tag_keys: list[str] = field(default_factory=list)


UpdateDecision = Replace | UpdateInPlace


#: Statuses of a replaced job that a rollback may return to: the job as it was before the update. A job
#: stopped (or deleted) since is what CloudFormation's clean-up leaves behind after a completed update,
#: and a later update back to its request must start a new job rather than point at a stopped one.
_RETURNABLE_STATUSES = frozenset({"InProgress", "Completed", "Failed"})


def decide_update(
    event: ResourceEvent,
    job_fingerprint: str | None,
    current_tags: Mapping[str, str] | None,
    *,
    event_start: float = 0.0,
) -> UpdateDecision:
    """Replace the job or change it in place.

    :param job_fingerprint: the request digest tagged on the current job, when it carries one. When it
        equals the new request's, the job already is what the template asks for, which is also how a
        rolled-back update (CloudFormation sending the old properties back) leaves the old job untouched.
    :param current_tags: the current job's tags, when known, so the in-place change is computed against
        what SageMaker holds rather than what the previous template said. ``None`` when the job no longer
        exists: an unchanged request then updates in place (``index`` answers SUCCESS with nothing to tag,
        so neither the update nor its rollback fails on a job deleted outside CloudFormation), a changed one
        replaces it as usual.
    :raises HandlerError: the request changed while its HyperParameterTuningJobName stays the same.
    """
    new_fingerprint = fingerprint(event.request)
    if job_fingerprint is not None:
        unchanged = job_fingerprint == new_fingerprint
    else:
        unchanged = fingerprint(event.old_request or {}) == new_fingerprint
    if unchanged:
        wanted = marks(event, event_start, current_tags)
        return tag_changes(event.old_request or {}, event.request, current_tags, wanted)
    name = fixed_name(event.request)
    if name is not None and name == event.physical_id:
        raise HandlerError(
            f"The request of tuning job '{name}' changed, which needs a new tuning job, but "
            f"HyperParameterTuningJobName fixes the name to '{name}' and SageMaker never reuses a name. "
            "Change HyperParameterTuningJobName, or drop it to have a unique name generated."
        )
    return Replace()


def replaced_job(current_tags: Mapping[str, str] | None) -> str | None:
    """The job that the current job replaced, as tagged on it by the replacing update."""
    name = (current_tags or {}).get(REPLACES_TAG)
    return name if is_job_name_of_ours(name) else None


def is_rolling_back(stack_status: str | None) -> bool:
    """Whether the stack is rolling an update back (DescribeStacks' ``StackStatus``; ``None``: unknown)."""
    return stack_status == "UPDATE_ROLLBACK_IN_PROGRESS"


def is_rollback_to(
    event: ResourceEvent,
    replaced: Mapping[str, Any] | None,
    replaced_tags: Mapping[str, str] | None,
) -> bool:
    """Whether an update that would replace the current job is the rollback of the update that created it.

    CloudFormation rolls a replacing update back by sending the old request to the new physical id; the
    job that update replaced is then still as it was (the clean-up that stops it only runs once an update
    completes) and carries that very request's digest. Returning to it, instead of starting a third job,
    keeps the original and lets CloudFormation's clean-up delete the new one.

    :param replaced: DescribeHyperParameterTuningJob of the replaced job, ``None`` when it no longer exists.
    :param replaced_tags: the replaced job's tags.
    """
    return (
        replaced is not None
        and replaced.get("HyperParameterTuningJobStatus") in _RETURNABLE_STATUSES
        and replaced_tags is not None
        and replaced_tags.get(FINGERPRINT_TAG) == fingerprint(event.request)
    )


def tag_changes(
    old_request: Mapping[str, Any],
    new_request: Mapping[str, Any],
    current_tags: Mapping[str, str] | None,
    wanted_marks: Mapping[str, str] | None = None,
) -> UpdateInPlace:
    """AddTags / DeleteTags that take the job from its tags to the new request's tags.

    Only tags the previous request declared are removed: tags that someone added outside the stack, and
    the handler's ownership tags, stay. The mutable reserved tags follow ``wanted_marks``
    (``create_plan.marks``) when the job's tags are known.
    """
    old = {tag["Key"]: tag["Value"] for tag in user_tags(old_request)}
    new = {tag["Key"]: tag["Value"] for tag in user_tags(new_request)}
    have = dict(current_tags) if current_tags is not None else old
    add = [{"Key": key, "Value": value} for key, value in new.items() if have.get(key) != value]
    remove = [key for key in old if key not in new and (current_tags is None or key in current_tags)]
    if current_tags is not None:
        marks = dict(wanted_marks or {})
        add += [
            {"Key": key, "Value": value} for key, value in marks.items() if current_tags.get(key) != value
        ]
        remove += [key for key in sorted(MUTABLE_TAG_KEYS) if key in current_tags and key not in marks]
    return UpdateInPlace(add_tags=add, remove_tag_keys=remove)
