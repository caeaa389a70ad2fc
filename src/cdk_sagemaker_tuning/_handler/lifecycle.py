"""What the handler decides, as pure functions of the CloudFormation event and SageMaker's answers.

Nothing here calls AWS: ``index`` asks SageMaker, hands the answers to these functions and carries out
what they return. That keeps every decision testable without mocks.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import naming, request_types

#: Tags the handler adds to every job it creates. SageMaker has no idempotency token for
#: CreateHyperParameterTuningJob, so these tags are how a later event recognises the job:
#: the RequestId of the create that started it (a retried create adopts its own job, never someone
#: else's) and a digest of the request it was created from (a rolled-back update leaves it alone).
#: A job created by a replacing update also names the job it replaces: when CloudFormation rolls that
#: update back, it sends the old request to the new job, and the handler returns to the old job instead
#: of starting a third one (CloudFormation's clean-up then deletes the new job).
REQUEST_ID_TAG = "cdk-sagemaker-tuning:cfn-request-id"
FINGERPRINT_TAG = "cdk-sagemaker-tuning:request-sha256"
REPLACES_TAG = "cdk-sagemaker-tuning:replaces"
RESERVED_TAG_KEYS = frozenset({REQUEST_ID_TAG, FINGERPRINT_TAG, REPLACES_TAG})

#: CloudFormation rejects a response whose body exceeds 4096 bytes; Data is most of that body.
MAX_DATA_BYTES = 3072


class HandlerError(Exception):
    """A failure the Provider framework reports as the resource's FAILED reason: say what to do."""


# -- the event ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResourceEvent:
    """The parts of a CloudFormation custom-resource event that the handler uses."""

    request_type: str
    request_id: str
    stack_id: str
    logical_id: str
    physical_id: str | None
    request: Mapping[str, Any]
    old_request: Mapping[str, Any] | None = None
    wait_for_completion: bool = False
    delete_job_record: bool = False
    old_wait_for_completion: bool = False

    @classmethod
    def from_cfn(cls, event: Mapping[str, Any]) -> ResourceEvent:
        request_type = event.get("RequestType")
        if request_type not in ("Create", "Update", "Delete"):
            raise HandlerError(f"RequestType must be Create, Update or Delete, got {request_type!r}")
        properties = event.get("ResourceProperties") or {}
        request = properties.get("Request")
        if not isinstance(request, Mapping):
            if request_type != "Delete":
                raise HandlerError(
                    "property 'Request' must be the CreateHyperParameterTuningJob request as an object, "
                    f"got {type(request).__name__}"
                )
            request = {}
        old_properties = event.get("OldResourceProperties") or {}
        old_request = old_properties.get("Request")
        return cls(
            request_type=request_type,
            request_id=str(event["RequestId"]),
            stack_id=str(event["StackId"]),
            logical_id=str(event["LogicalResourceId"]),
            physical_id=event.get("PhysicalResourceId"),
            request=request,
            old_request=old_request if isinstance(old_request, Mapping) else None,
            wait_for_completion=_flag(properties.get("WaitForCompletion")),
            delete_job_record=_flag(properties.get("DeleteJobRecord")),
            old_wait_for_completion=_flag(old_properties.get("WaitForCompletion")),
        )


def _flag(value: Any) -> bool:
    # CloudFormation stringifies booleans; the construct writes "true" and omits the property otherwise.
    return str(value).strip().lower() == "true"


# -- create ---------------------------------------------------------------------------------------------


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


def plan_create(event: ResourceEvent, replaces: str | None = None) -> CreatePlan:
    """The job name and the typed request for a create.

    :param replaces: the job a replacing update replaces, recorded on the new job for a rollback.

    :raises HandlerError: the request has a value of the wrong type, a name SageMaker would refuse, or
        uses one of the handler's reserved tag keys.
    """
    try:
        params = request_types.restore_request(event.request)
    except request_types.RequestTypeError as error:
        raise HandlerError(str(error)) from None
    given = fixed_name(event.request)
    if given is not None and not naming.is_valid_name(given):
        raise HandlerError(
            f"Request.HyperParameterTuningJobName: {given!r} is not a valid tuning job name; use at most "
            f"{naming.MAX_LENGTH} letters, digits and hyphens, starting and ending with a letter or digit, "
            "or drop it to have a name generated"
        )
    name = given or naming.generated_name(event.stack_id, event.logical_id, event.request_id)
    params["HyperParameterTuningJobName"] = name
    params["Tags"] = [*user_tags(event.request), *ownership_tags(event, replaces)]
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
        if tag["Key"] in RESERVED_TAG_KEYS:
            raise HandlerError(
                f"Request.Tags[{index}].Key: {tag['Key']!r} is reserved by cdk-sagemaker-tuning to "
                "recognise its own jobs; use another key"
            )
        result.append({"Key": str(tag["Key"]), "Value": str(tag.get("Value", ""))})
    return result


def ownership_tags(event: ResourceEvent, replaces: str | None = None) -> list[dict[str, str]]:
    tags = [
        {"Key": REQUEST_ID_TAG, "Value": event.request_id},
        {"Key": FINGERPRINT_TAG, "Value": fingerprint(event.request)},
    ]
    if replaces is not None:
        tags.append({"Key": REPLACES_TAG, "Value": replaces})
    return tags


def check_adoption(event: ResourceEvent, name: str, existing_tags: Mapping[str, str]) -> None:
    """Accept a job of the same name found on create only when this very create request started it.

    :raises HandlerError: the job belongs to something else (another stack, an earlier deployment, a
        person); the message says how to get out.
    """
    if existing_tags.get(REQUEST_ID_TAG) == event.request_id:
        return
    raise HandlerError(
        f"A tuning job named '{name}' already exists and was not started by this create request "
        f"({event.logical_id}, RequestId {event.request_id}). Tuning job names are unique per account and "
        "region and cannot be reused: set another HyperParameterTuningJobName, or drop it to have a "
        "unique name generated."
    )


# -- update ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replace:
    """Create a new job; CloudFormation then deletes (stops) the old physical id."""


@dataclass(frozen=True)
class UpdateInPlace:
    """Keep the job; only its tags change."""

    add_tags: list[dict[str, str]] = field(default_factory=list)
    remove_tag_keys: list[str] = field(default_factory=list)


UpdateDecision = Replace | UpdateInPlace


def decide_update(
    event: ResourceEvent,
    job_fingerprint: str | None,
    current_tags: Mapping[str, str] | None,
) -> UpdateDecision:
    """Replace the job or change it in place.

    :param job_fingerprint: the request digest tagged on the current job, when it carries one. When it
        equals the new request's, the job already is what the template asks for, which is also how a
        rolled-back update (CloudFormation sending the old properties back) leaves the old job untouched.
    :param current_tags: the current job's tags, when known, so the in-place change is computed against
        what SageMaker holds rather than what the previous template said.
    :raises HandlerError: the request changed while its HyperParameterTuningJobName stays the same.
    """
    new_fingerprint = fingerprint(event.request)
    if job_fingerprint is not None:
        unchanged = job_fingerprint == new_fingerprint
    else:
        unchanged = fingerprint(event.old_request or {}) == new_fingerprint
    if unchanged:
        return tag_changes(event.old_request or {}, event.request, current_tags)
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


#: Statuses of a replaced job that a rollback may return to: the job as it was before the update. A job
#: stopped (or deleted) since is what CloudFormation's clean-up leaves behind after a completed update,
#: and a later update back to its request must start a new job rather than point at a stopped one.
_RETURNABLE_STATUSES = frozenset({"InProgress", "Completed", "Failed"})


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
) -> UpdateInPlace:
    """AddTags / DeleteTags that take the job from its tags to the new request's tags.

    Only tags the previous request declared are removed: tags that someone added outside the stack, and
    the handler's own, stay.
    """
    old = {tag["Key"]: tag["Value"] for tag in user_tags(old_request)}
    new = {tag["Key"]: tag["Value"] for tag in user_tags(new_request)}
    have = dict(current_tags) if current_tags is not None else old
    add = [{"Key": key, "Value": value} for key, value in new.items() if have.get(key) != value]
    remove = [key for key in old if key not in new and (current_tags is None or key in current_tags)]
    return UpdateInPlace(add_tags=add, remove_tag_keys=remove)


# -- waiting for completion -----------------------------------------------------------------------------


class Progress(enum.Enum):
    WAITING = "waiting"
    COMPLETED = "completed"


def completion_progress(description: Mapping[str, Any]) -> Progress:
    """Read DescribeHyperParameterTuningJob while waiting for a job to complete.

    :raises HandlerError: the job ended in any other way than Completed (with SageMaker's reason), so
        the deployment fails now instead of polling a dead job until the Provider framework's timeout.
    """
    name = description.get("HyperParameterTuningJobName", "?")
    status = description.get("HyperParameterTuningJobStatus")
    reason = description.get("FailureReason")
    if status == "InProgress":
        return Progress.WAITING
    if status == "Completed":
        if not (description.get("BestTrainingJob") or {}).get("TrainingJobName"):
            raise HandlerError(
                f"Tuning job '{name}' completed without a best training job: no training job reported "
                "the objective metric. Check the training jobs' logs and the metric definition."
            )
        return Progress.COMPLETED
    if status == "Failed":
        raise HandlerError(f"Tuning job '{name}' failed: {reason or 'SageMaker gave no reason'}")
    if status in ("Stopping", "Stopped"):
        detail = f": {reason}" if reason else ""
        raise HandlerError(f"Tuning job '{name}' was stopped before it completed{detail}")
    if status in ("Deleting", "DeleteFailed"):
        raise HandlerError(f"Tuning job '{name}' is being deleted ({status}) and will not complete")
    raise HandlerError(f"Tuning job '{name}' has a status this handler does not know: {status!r}")


def exceeds_wait_budget(description: Mapping[str, Any], now: datetime, budget_seconds: float) -> bool:
    """Whether a job still being waited for has run longer than the deployment may wait for it.

    The Provider framework gives up after its total timeout without calling the handler again (its
    onTimeout never reaches us), which would leave the job running. The budget is set a little below that
    timeout, so the handler itself stops the job while it still gets polled.
    """
    created = description.get("CreationTime")
    if not isinstance(created, datetime):
        return False
    return (now - created).total_seconds() > budget_seconds


def out_of_wait_budget(name: str) -> HandlerError:
    """The failure reason once a job outran the wait budget and was stopped."""
    return HandlerError(
        f"Tuning job '{name}' did not complete within the deployment's one-hour budget (the CDK Provider "
        "framework's total timeout), so it was stopped. Lower its MaxNumberOfTrainingJobs or "
        "MaxRuntimeInSeconds, or drop wait_for_completion to let the deployment finish while the job runs."
    )


def best_job_data(description: Mapping[str, Any], best_training_job: Mapping[str, Any]) -> dict[str, str]:
    """The completion attributes: best training job name, objective value and model artifacts URI."""
    best = description.get("BestTrainingJob") or {}
    metric = best.get("FinalHyperParameterTuningJobObjectiveMetric") or {}
    if "Value" not in metric:
        raise HandlerError(
            f"Tuning job '{description.get('HyperParameterTuningJobName', '?')}': its best training job "
            f"'{best.get('TrainingJobName')}' has no final objective metric value"
        )
    artifacts = (best_training_job.get("ModelArtifacts") or {}).get("S3ModelArtifacts")
    if not artifacts:
        raise HandlerError(f"Best training job '{best.get('TrainingJobName')}' has no model artifacts in S3")
    return {
        "BestTrainingJobName": str(best["TrainingJobName"]),
        # A string attribute: Fn::GetAtt results are strings, and repr keeps every digit of the float.
        "BestObjectiveValue": repr(float(metric["Value"])),
        "BestModelArtifacts": str(artifacts),
    }


def response_data(arn: str, name: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The Data returned to CloudFormation, checked against its response size limit."""
    data = {"Arn": arn, "Name": name, **(extra or {})}
    size = len(json.dumps(data).encode())
    if size > MAX_DATA_BYTES:
        raise HandlerError(f"response Data would be {size} bytes, over CloudFormation's limit")
    return data


# -- delete ---------------------------------------------------------------------------------------------


class DeleteStep(enum.Enum):
    STOP = "stop"  # the job runs: stop it, then wait
    WAIT = "wait"  # SageMaker is stopping (or deleting) it
    DELETE_RECORD = "delete-record"  # stopped, and DeleteJobRecord asks to remove it from SageMaker
    DONE = "done"  # nothing runs and nothing is left to do


def is_job_name_of_ours(physical_id: str | None) -> bool:
    """Whether a physical id can be a tuning job this handler created.

    When a create fails, the Provider framework answers with a physical id that is not a job name (its
    CREATE_FAILED marker, or the RequestId, which is longer than 32 characters); the delete that follows
    must then succeed without touching SageMaker.
    """
    return physical_id is not None and naming.is_valid_name(physical_id)


def delete_step(description: Mapping[str, Any] | None, delete_job_record: bool) -> DeleteStep:
    """The next step of a delete, from DescribeHyperParameterTuningJob (``None``: no such job).

    :raises HandlerError: SageMaker could not delete the job record it was asked to delete.
    """
    if description is None:
        return DeleteStep.DONE
    status = description.get("HyperParameterTuningJobStatus")
    if status == "InProgress":
        return DeleteStep.STOP
    if status == "Stopping":
        return DeleteStep.WAIT
    if status == "Deleting":
        return DeleteStep.WAIT if delete_job_record else DeleteStep.DONE
    if status == "DeleteFailed":
        if delete_job_record:
            raise HandlerError(
                f"SageMaker could not delete tuning job '{description.get('HyperParameterTuningJobName')}': "
                f"{description.get('FailureReason') or 'no reason given'}"
            )
        return DeleteStep.DONE
    # Completed, Failed or Stopped: nothing runs any more.
    return DeleteStep.DELETE_RECORD if delete_job_record else DeleteStep.DONE


def refused_delete_is_progress(description_after: Mapping[str, Any] | None) -> bool:
    """Whether a refused DeleteHyperParameterTuningJob still left the record on its way out.

    Describe can show a job as ended for a while after its record's delete was accepted, so a later poll
    deletes again, and SageMaker may refuse the repeat with an error other than not-found. Describing
    again settles it: a job that is gone or ``Deleting`` is progress, anything else is a real failure.

    :param description_after: DescribeHyperParameterTuningJob after the refusal (``None``: no such job).
    """
    return description_after is None or description_after.get("HyperParameterTuningJobStatus") == "Deleting"
