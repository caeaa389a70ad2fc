"""Custom-resource handler for ``Custom::SageMakerHyperParameterTuningJob`` (CDK Provider framework).

``on_event`` starts the work of a CloudFormation event and returns at once; ``is_complete`` is then
polled by the Provider framework until it answers ``IsComplete: True`` or raises. An exception in either
fails the resource with the exception's message as the reason.

Properties (CloudFormation delivers every scalar as a string):

- ``Request``: the CreateHyperParameterTuningJob request, in the API's structure and casing.
- ``WaitForCompletion`` = ``"true"``: finish creating only once the job has completed, and return the
  best training job's name, objective value and model artifacts.
- ``DeleteJobRecord`` = ``"true"``: on delete, once the job has stopped, also delete its record.

The physical id is the job's name. ``RemovalPolicy.RETAIN`` needs nothing here: CloudFormation then
sends no Delete event at all.

This module is the thin shell: it reads the event, asks SageMaker (``sagemaker_api``), lets ``lifecycle``
decide, and logs one structured line per decision (never the request itself).
"""

from __future__ import annotations

import logging
import os
from datetime import UTC, datetime
from typing import Any

from . import lifecycle, sagemaker_api
from .lifecycle import DeleteStep, HandlerError, Progress, ResourceEvent

logger = logging.getLogger("cdk_sagemaker_tuning")
# Decisions are INFO lines; Lambda's application log level, when set, decides what is kept.
logger.setLevel(os.environ.get("AWS_LAMBDA_LOG_LEVEL", "INFO").upper())

#: How long is_complete waits for a job to complete, counted from the job's CreationTime. provider.py sets
#: it a margin below the Provider framework's total timeout; this default matches a one-hour timeout.
DEFAULT_WAIT_BUDGET_SECONDS = 55 * 60


#: The most SageMaker calls one invocation makes: a replacing update that is not a rollback describes
#: and lists the tags of the current job, then of the job it replaced, then creates the new job and, when
#: the create was a retry, describes it and lists its tags to adopt it (7). Every other path makes at most
#: three (for example Describe, Stop, Describe). provider.py's Lambda timeout covers this many calls at
#: sagemaker_api.worst_case_call_seconds each.
MAX_SAGEMAKER_CALLS_PER_EVENT = 7


def _wait_budget_seconds() -> float:
    return float(os.environ.get("WAIT_BUDGET_SECONDS", DEFAULT_WAIT_BUDGET_SECONDS))


def on_event(event: dict[str, Any], context: Any) -> dict[str, Any]:
    resource = ResourceEvent.from_cfn(event)
    api = sagemaker_api.default_api()
    try:
        if resource.request_type == "Create":
            return _create(resource, api)
        if resource.request_type == "Update":
            return _update(resource, api)
        return _delete(resource, api)
    except sagemaker_api.SageMakerError as error:
        _log("failed", resource, level=logging.ERROR, operation=error.operation, error_code=error.code)
        raise HandlerError(str(error)) from None


def is_complete(event: dict[str, Any], context: Any) -> dict[str, Any]:
    resource = ResourceEvent.from_cfn(event)
    api = sagemaker_api.default_api()
    try:
        if resource.request_type == "Delete":
            return _delete_progress(resource, api)
        return _completion_progress(resource, api)
    except sagemaker_api.SageMakerError as error:
        _log("failed", resource, level=logging.ERROR, operation=error.operation, error_code=error.code)
        raise HandlerError(str(error)) from None


# -- create and update ----------------------------------------------------------------------------------


def _create(
    resource: ResourceEvent, api: sagemaker_api.SageMakerApi, replaces: str | None = None
) -> dict[str, Any]:
    plan = lifecycle.plan_create(resource, replaces)
    try:
        arn = api.create_tuning_job(plan.params)
        _log("created", resource, job=plan.name, fixed_name=plan.name_is_fixed)
    except sagemaker_api.SageMakerError as error:
        if not error.is_in_use:
            raise
        # A retried create (CloudFormation or the Provider framework re-sending the same request, or
        # botocore retrying a create whose answer was lost) finds the job it started; anything else
        # holding the name is a conflict.
        description = api.describe_tuning_job(plan.name)
        if description is None:
            raise
        arn = description["HyperParameterTuningJobArn"]
        lifecycle.check_adoption(resource, plan.name, api.list_tags(arn))
        _log("adopted", resource, job=plan.name)
    return {"PhysicalResourceId": plan.name, "Data": lifecycle.response_data(arn, plan.name)}


def _update(resource: ResourceEvent, api: sagemaker_api.SageMakerApi) -> dict[str, Any]:
    name = resource.physical_id or ""
    description = api.describe_tuning_job(name) if lifecycle.is_job_name_of_ours(name) else None
    tags = api.list_tags(description["HyperParameterTuningJobArn"]) if description else None
    decision = lifecycle.decide_update(resource, (tags or {}).get(lifecycle.FINGERPRINT_TAG), tags)
    if isinstance(decision, lifecycle.Replace):
        rollback = _rollback_target(resource, api, tags)
        if rollback is not None:
            return rollback
        _log("replacing", resource, job=name)
        return _create(resource, api, replaces=name if description is not None else None)
    if description is None:
        raise HandlerError(
            f"Tuning job '{name}' no longer exists in SageMaker, so its tags cannot change. Change the "
            "request (for example the construct's id or a field) to create a new job."
        )
    arn = description["HyperParameterTuningJobArn"]
    if decision.add_tags:
        api.add_tags(arn, decision.add_tags)
    if decision.remove_tag_keys:
        api.delete_tags(arn, decision.remove_tag_keys)
    _log(
        "updated-in-place",
        resource,
        job=name,
        tags_added=len(decision.add_tags),
        tags_removed=len(decision.remove_tag_keys),
    )
    return {"PhysicalResourceId": name, "Data": lifecycle.response_data(arn, name)}


def _rollback_target(
    resource: ResourceEvent, api: sagemaker_api.SageMakerApi, tags: dict[str, str] | None
) -> dict[str, Any] | None:
    """The answer that returns to the job the current one replaced, when this update rolls that back."""
    replaced = lifecycle.replaced_job(tags)
    if replaced is None:
        return None
    description = api.describe_tuning_job(replaced)
    if description is None:
        return None
    arn = description["HyperParameterTuningJobArn"]
    if not lifecycle.is_rollback_to(resource, description, api.list_tags(arn)):
        return None
    _log("rolled-back-to-replaced-job", resource, job=replaced, replacement=resource.physical_id)
    return {"PhysicalResourceId": replaced, "Data": lifecycle.response_data(arn, replaced)}


def _completion_progress(resource: ResourceEvent, api: sagemaker_api.SageMakerApi) -> dict[str, Any]:
    if not resource.wait_for_completion:
        # The resource exists as soon as SageMaker accepted the job: nothing to wait for, no call to make.
        return {"IsComplete": True}
    name = resource.physical_id or ""
    description = api.describe_tuning_job(name)
    if description is None:
        raise HandlerError(f"Tuning job '{name}' disappeared while waiting for it to complete")
    try:
        progress = lifecycle.completion_progress(description)
    except HandlerError:
        _log(
            "job-ended-unsuccessfully",
            resource,
            job=name,
            status=description.get("HyperParameterTuningJobStatus"),
        )
        raise
    if progress is Progress.WAITING:
        if lifecycle.exceeds_wait_budget(description, datetime.now(UTC), _wait_budget_seconds()):
            _log("stopping-out-of-wait-budget", resource, level=logging.ERROR, job=name)
            api.stop_tuning_job(name)
            raise lifecycle.out_of_wait_budget(name)
        _log("waiting-for-completion", resource, job=name, status="InProgress")
        # The Provider framework refuses Data on an incomplete answer.
        return {"IsComplete": False}
    best_name = description["BestTrainingJob"]["TrainingJobName"]
    best = lifecycle.best_job_data(description, api.describe_training_job(best_name))
    _log("completed", resource, job=name, best_training_job=best_name)
    data = lifecycle.response_data(description["HyperParameterTuningJobArn"], name, best)
    return {"IsComplete": True, "Data": data}


# -- delete ---------------------------------------------------------------------------------------------


def _delete(resource: ResourceEvent, api: sagemaker_api.SageMakerApi) -> dict[str, Any]:
    name = resource.physical_id
    if not lifecycle.is_job_name_of_ours(name):
        _log("nothing-to-delete", resource, reason="physical id is not a tuning job name (create failed)")
        return {"PhysicalResourceId": name}
    assert name is not None
    description = api.describe_tuning_job(name)
    step = lifecycle.delete_step(description, resource.delete_job_record)
    _take_delete_step(step, name, api, resource)
    return {"PhysicalResourceId": name}


def _delete_progress(resource: ResourceEvent, api: sagemaker_api.SageMakerApi) -> dict[str, Any]:
    name = resource.physical_id
    if not lifecycle.is_job_name_of_ours(name):
        return {"IsComplete": True}
    assert name is not None
    description = api.describe_tuning_job(name)
    step = lifecycle.delete_step(description, resource.delete_job_record)
    _take_delete_step(step, name, api, resource)
    return {"IsComplete": step is DeleteStep.DONE}


def _take_delete_step(
    step: DeleteStep, name: str, api: sagemaker_api.SageMakerApi, resource: ResourceEvent
) -> None:
    _log(f"delete-{step.value}", resource, job=name)
    if step is DeleteStep.STOP:
        try:
            api.stop_tuning_job(name)
        except sagemaker_api.SageMakerError as error:
            # The job may have ended between Describe and Stop; only a job that still runs is an error.
            if error.is_not_found:
                return
            after = api.describe_tuning_job(name)
            if after is not None and after.get("HyperParameterTuningJobStatus") == "InProgress":
                raise
    elif step is DeleteStep.DELETE_RECORD:
        try:
            api.delete_tuning_job(name)
        except sagemaker_api.SageMakerError as error:
            if not lifecycle.refused_delete_is_progress(api.describe_tuning_job(name)):
                raise
            _log("delete-record-already-under-way", resource, job=name, error_code=error.code)


def _log(decision: str, resource: ResourceEvent, *, level: int = logging.INFO, **fields: Any) -> None:
    """One line per decision; with Lambda's JSON log format, ``extra`` fields become JSON keys."""
    logger.log(
        level,
        decision,
        extra={
            "decision": decision,
            "request_type": resource.request_type,
            "logical_id": resource.logical_id,
            "request_id": resource.request_id,
            **fields,
        },
    )
