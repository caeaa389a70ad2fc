"""``wait=TuningJobWait...``: how ``cdk deploy`` waits for a tuning job. Two strategies, each owning its
construct part (here) and its handler part (in ``_handler/``):

- ``TuningJobWait.within_event()``: the job resource itself answers once the job has completed, within
  CloudFormation's one hour per event. Construct part: ``contract.PROP_WAIT_FOR_COMPLETION`` on the job
  resource. Handler part: ``_handler/wait_steps.py`` (``CompletionAwait``, polling within the event and
  across re-invocations of the function).
- ``TuningJobWait.for_completion(timeout=...)``: up to 12 hours, described below. Construct part:
  ``CompletionWait``. Handler part: ``_handler/reconcile.py`` (the stack's rule on state changes and its
  reconciler signal the WaitCondition) and ``_handler/completion_results.py`` (the results resource).

``for_completion``: the job resource answers as soon as SageMaker accepts the job. Then:

1. The job resource carries the wait's handle logical id and timeout (``contract.PROP_WAIT_HANDLE_ID``,
   ``PROP_WAIT_TIMEOUT``): the handler tags the job with them (``contract.WAIT_TAG``, the handle and a
   deadline: the timeout less ``contract.DEADLINE_MARGIN_SECONDS``), so whatever learns that the job ended
   knows where to signal.
2. The stack's one rule on tuning jobs' terminal state changes (``TuningJobProvider.state_change_rule``,
   shared by every awaited job of the stack) invokes the function, which signals the job's outcome to its
   handle. The job resource depends on that rule, so no state change of the job can be missed for want of
   it. The stack's reconciler (every ``contract.RECONCILE_INTERVAL_MINUTES``) checks every awaited job of
   a stack being deployed again: an ended job whose event was lost is signalled, a job still running past
   its deadline is stopped and its timeout signalled, so that the deployment fails with a readable reason
   before the WaitCondition gives up.
3. ``Handle`` and ``Wait``: an ``AWS::CloudFormation::WaitCondition`` (``Timeout`` the chosen timeout) on
   its handle. The function signals it with a fixed UniqueId, so duplicate events count as one. Neither
   can be updated: their logical ids carry a digest of the request and the timeout, so a job replaced by a
   changed request is waited for by a new pair.
4. ``Results`` (``Custom::SageMakerTuningJobResults``), after the WaitCondition: reads the ended job and
   answers the best training job's name, objective value, model artifacts and tuned hyperparameters, and
   the training job counts.

Four resources per awaited job (the job, the handle, the WaitCondition, the results), and nothing per job in
the function's resource policy. A job that fails or is stopped fails the WaitCondition with SageMaker's
reason, and the deployment rolls back (the rollback's delete of the job resource stops a job still
running). Should nothing signal before the timeout, CloudFormation's own timeout fails the WaitCondition
and the same rollback stops the job.
"""

from __future__ import annotations

import hashlib
import json
import math
import warnings
from collections.abc import Mapping
from typing import Any

from aws_cdk import (
    Annotations,
    CfnResource,
    CustomResource,
    Duration,
    Stack,
)
from aws_cdk import (
    aws_cloudformation as cloudformation,
)
from constructs import Construct

from .._core import checks
from .._core.tokens import is_unresolved
from .._handler import contract
from ..provider.tuning_job_provider import TuningJobProvider
from ..validation import tokens

#: CloudFormation's wait for an answer from the results resource: a few SageMaker calls.
_HELPER_SERVICE_TIMEOUT = Duration.minutes(10)
#: The longest handle logical id the job's wait tag holds: SageMaker's 256 characters per tag value, less
#: ``@`` and the deadline's epoch second.
_MAX_HANDLE_ID_LENGTH = 256 - len("@") - len(str(2**32))
#: The acknowledgement id of the warning that a job may outlast the wait (Annotations.acknowledge_warning).
TIMEOUT_WARNING_ID = "cdk-sagemaker-tuning:wait-timeout"


class TuningJobWait:
    """How ``cdk deploy`` waits for a tuning job: ``TuningJobWait.within_event()`` (up to about an hour) or
    ``TuningJobWait.for_completion(timeout=Duration.hours(8))`` (up to 12 hours).

    The deployment goes on once the job has completed, and fails with SageMaker's reason when it fails or
    is stopped. The job then has its best training job as attributes (``best_training_job_name``,
    ``best_objective_value``, ``best_model_artifacts``); ``for_completion`` adds
    ``best_hyperparameter(name)`` and the training job counts.
    """

    #: How long the deployment waits at most; ``None`` for ``within_event`` (bounded by the event).
    timeout: Duration | None = None

    @classmethod
    def within_event(cls) -> TuningJobWait:
        """Wait within the job resource's own event: bounded by CloudFormation's one hour per event.

        The job resource is created only once the job has completed (about 47 minutes of waiting at most:
        ``TuningJobLifecycleOptions.wait``); a job still running then is stopped and the deployment fails.
        Replaces ``wait_for_completion=True``.
        """
        return _WithinEvent()

    @classmethod
    def for_completion(cls, *, timeout: Duration) -> TuningJobWait:
        """Wait until the job has ended, at most ``timeout``.

        :param timeout: 30 minutes to 12 hours (CloudFormation's longest WaitCondition). The job is stopped
            when it still runs about 10 minutes before the timeout, so that the deployment fails with that
            reason rather than CloudFormation's.
        """
        if not isinstance(timeout, Duration):
            raise checks.PROP_TYPE.error(f"'timeout' must be a Duration, got {timeout!r}")
        if not is_unresolved(timeout.to_seconds()):
            seconds = timeout.to_seconds()
            if not contract.MIN_WAIT_SECONDS <= seconds <= contract.MAX_WAIT_SECONDS:
                raise checks.WAIT_TIMEOUT.error(
                    f"'timeout' must be from {contract.MIN_WAIT_SECONDS // 60} minutes to "
                    f"{contract.MAX_WAIT_SECONDS // 3600} hours (CloudFormation's longest WaitCondition), got "
                    f"{timeout.to_human_string()}; for shorter jobs use TuningJobWait.within_event()",
                    value=timeout.to_human_string(),
                )
        return _ForCompletion(timeout)

    # -- the construct part of each strategy ----------------------------------------------------------------

    @property
    def _within_event(self) -> bool:
        """Whether the job resource itself waits (``contract.PROP_WAIT_FOR_COMPLETION``)."""
        return False

    def _attach(
        self,
        job: Construct,
        *,
        job_name: str,
        job_resource: CustomResource,
        provider: TuningJobProvider,
        request: Mapping[str, Any],
    ) -> CompletionWait | None:
        """Create what the strategy adds to the job's scope once its resource exists."""
        return None


class _WithinEvent(TuningJobWait):
    """``within_event``: the job resource's property is all; the handler's ``CompletionAwait`` waits."""

    @property
    def _within_event(self) -> bool:
        return True

    def __repr__(self) -> str:
        return "TuningJobWait.within_event()"


class _ForCompletion(TuningJobWait):
    """``for_completion``: a WaitCondition signalled by the stack's rule and reconciler, then the results."""

    def __init__(self, timeout: Duration) -> None:
        self.timeout = timeout

    def _attach(
        self,
        job: Construct,
        *,
        job_name: str,
        job_resource: CustomResource,
        provider: TuningJobProvider,
        request: Mapping[str, Any],
    ) -> CompletionWait | None:
        completion = CompletionWait(
            job,
            "Completion",
            job_name=job_name,
            job_resource=job_resource,
            provider=provider,
            wait=self,
            request=request,
        )
        completion.warn_if_job_may_outlast(request)
        return completion

    def __repr__(self) -> str:
        return f"TuningJobWait.for_completion(timeout={self.timeout})"


class CompletionWait(Construct):
    """The resources of one job's completion wait (see the module's docstring); ``results`` has the outcome."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        job_name: str,
        job_resource: Construct,
        provider: TuningJobProvider,
        wait: TuningJobWait,
        request: Mapping[str, Any],
    ) -> None:
        super().__init__(scope, id)
        assert wait.timeout is not None  # a for_completion wait
        seconds = int(wait.timeout.to_seconds())
        self._seconds = seconds
        self.handle = cloudformation.CfnWaitConditionHandle(self, "Handle")

        # The handler tags the job with where its outcome goes and when it is due (contract.WAIT_TAG). The
        # handle's logical id is a lazy string, resolved to the final id (after track_request's override)
        # without a Ref: the job does not depend on the handle.
        job = job_resource.node.default_child
        assert isinstance(job, CfnResource)
        job.add_property_override(contract.PROP_WAIT_HANDLE_ID, self.handle.logical_id)
        job.add_property_override(contract.PROP_WAIT_TIMEOUT, str(seconds))
        # The stack's rule on state changes exists before the job can end.
        job_resource.node.add_dependency(*provider.state_change_rule())

        self.wait_condition = cloudformation.CfnWaitCondition(
            self, "Wait", handle=self.handle.ref, timeout=str(seconds), count=1
        )
        self.wait_condition.node.add_dependency(job_resource)

        self.results = CustomResource(
            self,
            "Results",
            service_token=provider.service_token,
            resource_type=contract.RESULTS_RESOURCE_TYPE,
            properties={contract.PROP_JOB_NAME: job_name},
            service_timeout=_HELPER_SERVICE_TIMEOUT,
        )
        self.results.node.add_dependency(self.wait_condition)
        self.track_request(request)

    def track_request(self, request: Mapping[str, Any]) -> None:
        """Name the handle and the WaitCondition after the request (without tags) and the timeout.

        Neither resource supports updates, and a WaitCondition must not reuse a handle that was signalled
        before: a changed request (a new job) gets a new pair. Called again after a request override.
        """
        stack = Stack.of(self)
        canonical = json.dumps([stack.resolve(dict(request)), self._seconds], sort_keys=True, default=str)
        digest = hashlib.sha256(canonical.encode()).hexdigest()[:8].upper()
        for element in (self.handle, self.wait_condition):
            logical_id = stack.get_logical_id(element) + digest
            if element is self.handle and len(logical_id) > _MAX_HANDLE_ID_LENGTH:
                raise checks.WAIT_HANDLE_ID.error(
                    f"the completion wait's handle logical id {logical_id!r} has {len(logical_id)} characters; "
                    f"the job's wait tag holds at most {_MAX_HANDLE_ID_LENGTH}: give the job (or its scopes) "
                    "shorter construct ids"
                )
            element.override_logical_id(logical_id)

    def warn_if_job_may_outlast(self, request: Mapping[str, Any]) -> None:
        """Warn at synth when the job's limits allow it to run longer than the timeout."""
        for message in outlast_warnings(request, self._seconds):
            Annotations.of(self.node.scope or self).add_warning_v2(TIMEOUT_WARNING_ID, message)


def outlast_warnings(request: Mapping[str, Any], timeout_seconds: int) -> list[str]:
    """Why the job may run longer than ``timeout_seconds``, from the limits known at synth time.

    The tuning job's ``MaxRuntimeInSeconds``, and ceil(max jobs / parallel jobs) x the longest training
    job (its ``MaxWaitTimeInSeconds`` with managed spot training, else its ``MaxRuntimeInSeconds``).
    """
    if is_unresolved(timeout_seconds):
        return []
    warnings: list[str] = []
    wait = contract.format_duration(timeout_seconds)
    config = tokens.mapping(request.get("HyperParameterTuningJobConfig")) or {}
    limits = tokens.mapping(config.get("ResourceLimits")) or {}
    max_runtime = tokens.integer(limits.get("MaxRuntimeInSeconds"))
    if max_runtime is not None and max_runtime > timeout_seconds:
        warnings.append(
            f"HyperParameterTuningJobConfig.ResourceLimits.MaxRuntimeInSeconds is {contract.format_duration(max_runtime)}, "
            f"longer than the wait's timeout of {wait}: the job may be stopped at the timeout and the "
            "deployment fail. Lower max_runtime or raise the timeout (up to 12 hours)."
        )
    max_jobs = tokens.integer(limits.get("MaxNumberOfTrainingJobs"))
    parallel = tokens.integer(limits.get("MaxParallelTrainingJobs"))
    longest = _longest_training_job(request)
    if max_jobs is not None and longest is not None:
        rounds = math.ceil(max_jobs / max(parallel or 1, 1))
        if rounds * longest > timeout_seconds:
            warnings.append(
                f"ceil(MaxNumberOfTrainingJobs {max_jobs} / MaxParallelTrainingJobs {parallel or 1}) x the "
                f"longest training job ({contract.format_duration(longest)}) is {contract.format_duration(rounds * longest)}, longer than the "
                f"wait's timeout of {wait}: the job may be stopped at the timeout and the deployment fail."
            )
    return warnings


def _longest_training_job(request: Mapping[str, Any]) -> int | None:
    definitions = tokens.items(request.get("TrainingJobDefinitions")) or []
    single = tokens.mapping(request.get("TrainingJobDefinition"))
    if single is not None:
        definitions = [single, *definitions]
    longest: int | None = None
    for raw in definitions:
        definition = tokens.mapping(raw) or {}
        stopping = tokens.mapping(definition.get("StoppingCondition")) or {}
        spot = tokens.boolean(definition.get("EnableManagedSpotTraining"))
        field = "MaxWaitTimeInSeconds" if spot else "MaxRuntimeInSeconds"
        seconds = tokens.integer(stopping.get(field))
        if seconds is not None:
            longest = seconds if longest is None else max(longest, seconds)
    return longest


def resolve_wait(wait: Any, wait_for_completion: Any, scope: Construct) -> TuningJobWait | None:
    """The job's wait strategy from its lifecycle props; ``wait_for_completion=True`` is deprecated.

    :raises TuningJobValidationError: ``wait`` is not a ``TuningJobWait`` (``prop-type``), or both props are
        given (``prop-combination``).
    """
    if wait is not None and not isinstance(wait, TuningJobWait):
        raise checks.PROP_TYPE.error(f"'wait' must be a TuningJobWait, got {wait!r}")
    if not wait_for_completion:
        return wait
    if wait is not None:
        raise checks.PROP_COMBINATION.error(
            "give either 'wait' or 'wait_for_completion=True' (deprecated: it is "
            "wait=TuningJobWait.within_event()), not both"
        )
    message = "use wait=TuningJobWait.within_event() instead; it waits the same way"
    warnings.warn(f"'wait_for_completion' is deprecated: {message}", DeprecationWarning, stacklevel=4)
    Annotations.of(scope).add_deprecation(
        "cdk_sagemaker_tuning.TuningJobLifecycleOptions#wait_for_completion", message
    )
    return TuningJobWait.within_event()
