"""The Lambda function behind every custom resource of a stack: one function per stack, a dispatch table.

The function answers CloudFormation itself (no CDK Provider framework). ``handler`` hands each invocation
to the first route that takes it (``ROUTES``):

- the stack's reconciler and its rule on tuning jobs' state changes: ``reconcile`` (not CloudFormation
  events: nothing to answer);
- an event of another stack: refused before any resource sees it (``foreign_stack``);
- what stacks deployed by earlier versions still send (a watch rule's input, a watch resource): ``watch``;
- the completion wait's results resource: ``completion_results``;
- every other event is a tuning job resource's: ``tuning_job_handler``.

The resources are handlers of one custom-resource runtime (``runtime``: the event, the budget, the
hand-over to a next invocation, one policy for unexpected errors, one answer path), which knows nothing
of SageMaker.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

from . import (
    cloudformation_api,
    completion_results,
    contract,
    reconcile,
    sagemaker_api,
    tuning_job_handler,
    watch,
)
from .runtime import response
from .runtime.events import Answer

logger = logging.getLogger("cdk_sagemaker_tuning")
# Decisions are INFO lines; Lambda's application log level, when set, decides what is kept.
logger.setLevel(os.environ.get("AWS_LAMBDA_LOG_LEVEL", "INFO").upper())
# botocore logs whole request bodies (Environment, StaticHyperParameters) at DEBUG: whatever level the
# function runs at, the AWS libraries say no more than warnings.
for _library in ("boto3", "botocore", "urllib3", "s3transfer"):
    logging.getLogger(_library).setLevel(logging.WARNING)

#: Whether a route takes an invocation (given the event and the function's own stack id), and what serves it.
Route = tuple[
    Callable[[Mapping[str, Any], str | None], bool], Callable[[dict[str, Any], Any, str | None], None]
]


def handler(event: dict[str, Any], context: Any) -> None:
    """Lambda's entry point (``_handler.index.handler``): the first route that takes the event serves it."""
    own_stack = os.environ.get(contract.ENV_STACK_ID)
    for takes, serve in ROUTES:
        if takes(event, own_stack):
            serve(event, context, own_stack)
            return


def foreign_stack(event: Mapping[str, Any], own_stack: str | None) -> str | None:
    """The physical id to refuse ``event`` with when it comes from another stack than the function's own.

    Whoever may invoke the function may act as it: a stack that borrowed its ARN as a ServiceToken, or a
    hand-made event, must not start or stop jobs here. A Delete echoes its physical id; anything else gets
    an id that is no job name, so that the Delete that follows touches nothing.
    """
    stack = event.get("StackId")
    if not own_stack or stack is None or stack == own_stack:
        return None
    physical = event.get("PhysicalResourceId")
    return str(physical) if physical else f"foreign-stack:{event.get('RequestId', '')}"


def _reconcile(event: dict[str, Any], context: Any, own_stack: str | None) -> None:
    if not own_stack:
        logger.error("no-stack-id", extra={"decision": "no-stack-id"})
        return
    reconciler = reconcile.Reconciler(
        own_stack, sagemaker_api.default_api(), cloudformation_api.default_api()
    )
    if reconcile.is_reconcile(event):
        reconciler.reconcile()
    else:
        reconciler.state_change(event)


def _refuse_foreign(event: dict[str, Any], context: Any, own_stack: str | None) -> None:
    logger.error("foreign-stack", extra={"decision": "foreign-stack"})
    if event.get("ResponseURL"):
        reason = "This function serves only the stack it belongs to; the event came from another stack."
        response.send_answer(
            event,
            Answer.failed(str(foreign_stack(event, own_stack)), reason),
            log_stream_name=getattr(context, "log_stream_name", None),
        )


def _of_type(resource_type: str) -> Callable[[Mapping[str, Any], str | None], bool]:
    return lambda event, _: event.get("ResourceType") == resource_type


#: The dispatch table, in order: who serves which invocation.
ROUTES: tuple[Route, ...] = (
    (lambda event, _: reconcile.is_reconcile(event) or reconcile.is_state_change(event), _reconcile),
    (lambda event, own_stack: foreign_stack(event, own_stack) is not None, _refuse_foreign),
    (
        lambda event, _: contract.SIGNAL_KEY in event,
        lambda event, context, _: watch.serve_signal(event, context),
    ),
    (_of_type(contract.WATCH_RESOURCE_TYPE), lambda event, context, _: watch.serve_resource(event, context)),
    (
        _of_type(contract.RESULTS_RESOURCE_TYPE),
        lambda event, context, _: completion_results.serve(event, context),
    ),
    (lambda event, _: True, lambda event, context, _: tuning_job_handler.serve(event, context)),
)
