"""What the handler decides, as pure functions of the CloudFormation event and SageMaker's answers.

Nothing here calls AWS: ``index`` asks SageMaker, hands the answers to these functions and carries out
what they return. That keeps every decision testable without mocks, and makes every decision a function
of the event and SageMaker's state: a duplicate delivery of an event, or Lambda's retry of an invocation,
decides the same again.

SageMaker has no idempotency token for CreateHyperParameterTuningJob, so the tags the handler writes on
every job it creates (``contract.RESERVED_TAG_KEYS``) are how a later event recognises it: the RequestId
of the create that started it (a retried create adopts its own job, never someone else's), a digest of the
request it was created from (a rolled-back update leaves it alone), the job a replacing update replaced (a
rollback returns to that job instead of starting a third) and the stack that owns it (the handler, and
IAM, never stop, delete or retag a job of another stack).
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import contract, naming, request_types
from .contract import FINGERPRINT_TAG, REPLACES_TAG, REQUEST_ID_TAG, STACK_TAG


class HandlerError(Exception):
    """A failure answered to CloudFormation as the resource's FAILED reason: say what to do."""


# -- the answer -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """What the handler answers CloudFormation for one event."""

    status: str  # "SUCCESS" or "FAILED"
    physical_id: str
    reason: str = ""
    data: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def success(cls, physical_id: str, data: Mapping[str, str] | None = None) -> Answer:
        return cls("SUCCESS", physical_id, "", dict(data or {}))

    @classmethod
    def failed(cls, physical_id: str, reason: str) -> Answer:
        return cls("FAILED", physical_id, reason)


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
    name_prefix: str | None = None

    @classmethod
    def from_cfn(cls, event: Mapping[str, Any]) -> ResourceEvent:
        request_type = event.get("RequestType")
        if request_type not in ("Create", "Update", "Delete"):
            raise HandlerError(f"RequestType must be Create, Update or Delete, got {request_type!r}")
        properties = event.get("ResourceProperties") or {}
        request = properties.get(contract.PROP_REQUEST)
        if not isinstance(request, Mapping):
            if request_type != "Delete":
                raise HandlerError(
                    f"property '{contract.PROP_REQUEST}' must be the CreateHyperParameterTuningJob request as an object, "
                    f"got {type(request).__name__}"
                )
            request = {}
        old_properties = event.get("OldResourceProperties") or {}
        old_request = old_properties.get(contract.PROP_REQUEST)
        return cls(
            request_type=request_type,
            request_id=str(event["RequestId"]),
            stack_id=str(event["StackId"]),
            logical_id=str(event["LogicalResourceId"]),
            physical_id=event.get("PhysicalResourceId"),
            request=request,
            old_request=old_request if isinstance(old_request, Mapping) else None,
            wait_for_completion=_flag(properties.get(contract.PROP_WAIT_FOR_COMPLETION)),
            delete_job_record=_flag(properties.get(contract.PROP_DELETE_JOB_RECORD)),
            old_wait_for_completion=_flag(old_properties.get(contract.PROP_WAIT_FOR_COMPLETION)),
            name_prefix=str(properties[contract.PROP_NAME_PREFIX])
            if properties.get(contract.PROP_NAME_PREFIX)
            else None,
        )


def _flag(value: Any) -> bool:
    # CloudFormation stringifies booleans; the construct writes "true" and omits the property otherwise.
    return str(value).strip().lower() == contract.TRUE


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
            f"{contract.MAX_NAME_LENGTH} {contract.NAME_RULE}, or drop it to have a name generated"
        )
    prefix = event.name_prefix
    if given is None and prefix is not None and not naming.is_valid_prefix(prefix):
        raise HandlerError(
            f"{contract.PROP_NAME_PREFIX}: {prefix!r} is not a valid tuning job name prefix; use at most "
            f"{contract.MAX_NAME_PREFIX_LENGTH} {contract.NAME_RULE}"
        )
    name = given or naming.generated_name(event.stack_id, event.logical_id, event.request_id, prefix)
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
    ]
    if replaces is not None:
        tags.append({"Key": REPLACES_TAG, "Value": replaces})
    return tags


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
        the deployment fails now instead of polling a dead job until the budget runs out.
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


def stop_is_the_budgets(status: str | None, budget_exhausted: bool) -> bool:
    """Whether a job found stopping or stopped while waiting for it is the budget's own doing.

    Once the budget has run out the handler stops the job the event started; if the invocation dies right
    after that Stop, Lambda's retry finds the job stopping. Reading that as "stopped before it completed"
    would answer differently from the attempt that died: it gets the out-of-budget answer instead.
    """
    return budget_exhausted and status in ("Stopping", "Stopped")


def out_of_budget_reason(name: str, budget_seconds: float, *, stopped: bool) -> str:
    """The FAILED reason once a job outran the event's budget while the handler waited for it."""
    minutes = max(int(budget_seconds // 60), 1)
    if stopped:
        what = "so it was stopped (this deployment started it)"
    else:
        what = "and was left running: this deployment did not start it, so it is not stopped"
    return (
        f"Tuning job '{name}' did not complete within this deployment's budget of {minutes} minutes "
        f"(the resource's ServiceTimeout less a margin to answer), {what}. Lower its "
        "MaxNumberOfTrainingJobs or MaxRuntimeInSeconds, wait up to 12 hours with "
        "wait=TuningJobWait.for_completion(timeout=...) instead of wait_for_completion, or drop "
        "wait_for_completion to let the deployment finish while the job runs."
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
        contract.ATTR_BEST_TRAINING_JOB_NAME: str(best["TrainingJobName"]),
        # A string attribute: Fn::GetAtt results are strings, and repr keeps every digit of the float.
        contract.ATTR_BEST_OBJECTIVE_VALUE: repr(float(metric["Value"])),
        contract.ATTR_BEST_MODEL_ARTIFACTS: str(artifacts),
    }


def response_data(arn: str, name: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The Data returned to CloudFormation, checked against its response size limit."""
    data = {contract.ATTR_ARN: arn, contract.ATTR_NAME: name, **(extra or {})}
    size = len(json.dumps(data).encode())
    if size > contract.MAX_DATA_BYTES:
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

    When a create fails before starting a job, the handler answers ``failed_create_physical_id``, which is
    not a job name; the delete that follows must then succeed without touching SageMaker. (Ids written by
    earlier versions, the Provider framework's CREATE_FAILED marker or a RequestId, are not job names
    either.)
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


def delete_out_of_budget(name: str, delete_job_record: bool, budget_seconds: float) -> Answer:
    """The answer to a delete whose budget ran out while SageMaker was still stopping (or deleting) the job.

    SageMaker has accepted the stop and finishes it on its own, so the delete succeeds (and logs it): the
    stack does not wait for a job that can no longer run for long. Only when ``DeleteJobRecord`` asks for
    the record to go does the delete fail, since SageMaker deletes a record only once the job has stopped;
    deleting the stack (or the resource) again later finishes it.
    """
    if not delete_job_record:
        return Answer.success(name)
    minutes = max(int(budget_seconds // 60), 1)
    return Answer.failed(
        name,
        f"Tuning job '{name}' was still stopping after this deployment's budget of {minutes} minutes, so its "
        "record (DeleteJobRecord) could not be deleted yet. SageMaker goes on stopping it: delete again once "
        "its status is Stopped, or drop delete_job_record.",
    )
