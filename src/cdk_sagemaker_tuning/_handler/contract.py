"""The contract between the construct (synth time) and the handler (deploy time), in one module.

Like aws-cdk's ``custom-resources/lib/provider-framework/runtime/consts.ts``: both sides import it, so a
property name, a tag key or a budget cannot drift apart. It must stay free of dependencies: the handler
imports it inside Lambda, where only the standard library and the runtime's boto3 exist.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

# -- the resource -----------------------------------------------------------------------------------------

#: The type every tuning job's custom resource has in the template.
RESOURCE_TYPE: Final = "Custom::SageMakerHyperParameterTuningJob"

# -- resource properties (CloudFormation delivers every scalar as a string) -------------------------------

#: The CreateHyperParameterTuningJob request, in the API's own structure and casing.
PROP_REQUEST: Final = "Request"
#: ``"true"``: finish creating only once the job has completed.
PROP_WAIT_FOR_COMPLETION: Final = "WaitForCompletion"
#: ``"true"``: on delete, once the job has stopped, also delete its record.
PROP_DELETE_JOB_RECORD: Final = "DeleteJobRecord"
#: What the resource keeps running on purpose, comma-separated: ``RETAIN_ON_DELETE`` (its DeletionPolicy is
#: Retain: ``removal_policy``) and ``RETAIN_ON_REPLACE`` (its UpdateReplacePolicy:
#: ``replaced_job_removal_policy``). The job is tagged ``RETAIN_TAG`` with the same value, so that the
#: stack's reconciler never takes it for an orphan once the resource has let it go.
PROP_RETAIN: Final = "RetainJob"
RETAIN_ON_DELETE: Final = "delete"
RETAIN_ON_REPLACE: Final = "replace"
#: On a job awaited by ``TuningJobWait.for_completion``: the logical id of its
#: ``AWS::CloudFormation::WaitConditionHandle`` and the wait's timeout in seconds (see ``WAIT_TAG``).
PROP_WAIT_HANDLE_ID: Final = "WaitHandleLogicalId"
PROP_WAIT_TIMEOUT: Final = "WaitTimeoutSeconds"
#: The start of the generated job name (``tuning_job_name_prefix``); absent: stack and construct names.
#: Not part of the request: changing it alone leaves the running job (and its name) as it is.
PROP_NAME_PREFIX: Final = "NamePrefix"

#: CloudFormation's own property (``CustomResource(service_timeout=...)``), delivered in ResourceProperties
#: like every other: the handler reads its budget from it, so the two cannot disagree.
PROP_SERVICE_TIMEOUT: Final = "ServiceTimeout"

#: The flag value the construct writes; an absent property means false.
TRUE: Final = "true"

# -- attributes (Fn::GetAtt) ------------------------------------------------------------------------------

ATTR_ARN: Final = "Arn"
ATTR_NAME: Final = "Name"
ATTR_BEST_TRAINING_JOB_NAME: Final = "BestTrainingJobName"
ATTR_BEST_OBJECTIVE_VALUE: Final = "BestObjectiveValue"
ATTR_BEST_MODEL_ARTIFACTS: Final = "BestModelArtifacts"

# -- tags the handler writes on every job it creates ------------------------------------------------------

#: Every key the handler writes starts with this prefix; users may not use it.
RESERVED_TAG_PREFIX: Final = "cdk-sagemaker-tuning:"
#: The RequestId of the create that started the job: a retried create adopts its own job, never another's.
REQUEST_ID_TAG: Final = RESERVED_TAG_PREFIX + "cfn-request-id"
#: A digest of the request the job was created from: a rolled-back update leaves the job alone.
FINGERPRINT_TAG: Final = RESERVED_TAG_PREFIX + "request-sha256"
#: On a job created by a replacing update, the job it replaces: its rollback returns to that job.
REPLACES_TAG: Final = RESERVED_TAG_PREFIX + "replaces"
#: The stack id (ARN) of the stack that owns the job. IAM allows Stop, Delete and tag changes only on jobs
#: whose tag names the provider's own stack, and the handler refuses to touch a job without it.
STACK_TAG: Final = RESERVED_TAG_PREFIX + "stack-id"
#: The logical id of the resource whose event started the job: a Delete whose physical id CloudFormation
#: made up (a create it cancelled) finds the job its create started, and nothing else.
LOGICAL_ID_TAG: Final = RESERVED_TAG_PREFIX + "logical-id"
#: On a job whose resource keeps it on purpose (``PROP_RETAIN``'s value): CloudFormation sends no Delete
#: when that resource leaves the stack (nor a clean-up Delete when it is replaced), and the stack's
#: reconciler must not take the job for an orphan and stop it. An update may change it.
RETAIN_TAG: Final = RESERVED_TAG_PREFIX + "retain"
#: On a job awaited by ``TuningJobWait.for_completion``: ``<handle logical id>@<deadline epoch second>``,
#: where the stack's function signals the job's outcome (the WaitConditionHandle of the job's stack) and
#: after when it stops a job still running. Set at create; an update that gives the job another handle (a
#: changed timeout) moves it, one that keeps the handle keeps the deadline.
WAIT_TAG: Final = RESERVED_TAG_PREFIX + "wait"
#: The tags that say who owns a job and where it came from: written once, at create, never changed (IAM
#: refuses the function any AddTags or DeleteTags of them after the create).
OWNERSHIP_TAG_KEYS: Final = frozenset(
    {REQUEST_ID_TAG, FINGERPRINT_TAG, REPLACES_TAG, STACK_TAG, LOGICAL_ID_TAG}
)
#: The reserved tags that follow the resource's properties (``RETAIN_TAG``, ``WAIT_TAG``): an in-place
#: update may change them.
MUTABLE_TAG_KEYS: Final = frozenset({RETAIN_TAG, WAIT_TAG})
RESERVED_TAG_KEYS: Final = OWNERSHIP_TAG_KEYS | MUTABLE_TAG_KEYS

#: SageMaker's limit on a job's tags (botocore's model: TagList max 50).
MAX_TAGS: Final = 50
#: What is left for the user's own tags once the handler's are on the job.
MAX_USER_TAGS: Final = MAX_TAGS - len(RESERVED_TAG_KEYS)

# -- job names --------------------------------------------------------------------------------------------

#: SageMaker's limit and pattern for HyperParameterTuningJobName (botocore's model).
MAX_NAME_LENGTH: Final = 32
NAME_PATTERN: Final = re.compile(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}")
#: What NAME_PATTERN allows, in words, for every message about a name (construct and handler alike).
NAME_RULE: Final = "letters, digits and hyphens (no underscores), starting and ending with a letter or digit"
#: A name the handler generates ends with ``-`` and this many hexadecimal characters (``_handler.naming``).
GENERATED_SUFFIX_LENGTH: Final = 10
#: The longest ``tuning_job_name_prefix``: what a generated name leaves before ``-<suffix>``.
MAX_NAME_PREFIX_LENGTH: Final = MAX_NAME_LENGTH - GENERATED_SUFFIX_LENGTH - 1


def is_valid_name(name: str) -> bool:
    """Whether SageMaker accepts ``name`` as a tuning job name."""
    return len(name) <= MAX_NAME_LENGTH and NAME_PATTERN.fullmatch(name) is not None


def is_valid_prefix(prefix: str) -> bool:
    """Whether ``prefix`` starts valid generated names: a valid name short enough to leave room for the suffix."""
    return len(prefix) <= MAX_NAME_PREFIX_LENGTH and NAME_PATTERN.fullmatch(prefix) is not None


# -- the SageMaker API model ------------------------------------------------------------------------------

#: The SageMaker API model both sides use, relative to the handler's folder (``_handler/``), in botocore's
#: loader layout (``<dir>/sagemaker/<api-version>/service-2.json``). ``scripts/vendor_sagemaker_model.py``
#: writes it from botocore; the construct validates requests against it at synth, and it ships in the
#: handler's asset, where the SageMaker client finds it first on botocore's loader search path.
API_MODELS_DIR: Final = "api_models"
SAGEMAKER_API_VERSION: Final = "2017-07-24"
SAGEMAKER_MODEL_FILE: Final = f"{API_MODELS_DIR}/sagemaker/{SAGEMAKER_API_VERSION}/service-2.json"

#: Optional, on the provider function: ``API_MODEL_RUNTIME`` makes the handler's SageMaker client use the
#: Lambda runtime's own model instead of the vendored one. The construct sets it when a job acknowledges
#: a field newer than the vendored model (``api-model-newer-field``): only a newer model can send it.
ENV_API_MODEL: Final = "SAGEMAKER_API_MODEL"
API_MODEL_RUNTIME: Final = "runtime"


# -- environment of the provider function -----------------------------------------------------------------

#: The id (ARN) of the stack the function belongs to (``AWS::StackId``): the handler answers only that
#: stack's events, and reads only that stack's resources.
ENV_STACK_ID: Final = "STACK_ID"

#: Optional: seconds the handler may poll for one CloudFormation event, counted from the event (its
#: ResponseURL's signing time). It can only shorten the budget the handler derives from ServiceTimeout
#: (``_handler.budget``); once it runs out the handler answers, stopping a job the event started.
ENV_EVENT_BUDGET_SECONDS: Final = "EVENT_BUDGET_SECONDS"

#: The provider function's Lambda timeout: Lambda's maximum. One invocation polls while it has time, then
#: re-invokes the function asynchronously with the event and a small continuation state.
FUNCTION_TIMEOUT_SECONDS: Final = 900

#: Seconds between two DescribeHyperParameterTuningJob calls while the handler waits for a job to complete
#: or to stop (default POLL_INTERVAL_SECONDS); the tests set it small.
ENV_POLL_INTERVAL_SECONDS: Final = "POLL_INTERVAL_SECONDS"
POLL_INTERVAL_SECONDS: Final = 30

# -- the handler's own re-invocation ----------------------------------------------------------------------

#: The key under which the handler adds its continuation state to the CloudFormation event when it
#: re-invokes itself asynchronously to go on waiting. CloudFormation never sends this key; its value is a
#: small JSON object (the first invocation's time and the job waited for), never a copy of the request.
CONTINUATION_KEY: Final = "CdkSageMakerTuningContinuation"

# -- budgets ----------------------------------------------------------------------------------------------

#: CloudFormation's largest ServiceTimeout for a custom resource (1 to 3600 seconds). Every tuning job
#: resource sets it, so CloudFormation never waits longer than this for an answer.
SERVICE_TIMEOUT_SECONDS: Final = 3600
# The handler's own budget per event is derived from the ServiceTimeout it reads from the event, less a
# margin for worst-case SageMaker calls and the answer (``_handler.budget.answer_margin_seconds``: about
# 12 minutes of an hour, so about 47 minutes of polling), so construct and handler cannot disagree.

# -- the response CloudFormation reads --------------------------------------------------------------------

#: CloudFormation refuses a response body over 4,096 bytes ("Response object is too long").
MAX_RESPONSE_BYTES: Final = 4096
#: The FAILED reason is cut to this many bytes (the rest is in the function's log stream, which it names).
MAX_REASON_BYTES: Final = 1024
#: Data is most of the response body; the rest (ids, reason, status) fits in what is left.
MAX_DATA_BYTES: Final = 3072

# -- waiting for completion beyond one event (TuningJobWait.for_completion) -------------------------------
# The job resource answers at once; an AWS::CloudFormation::WaitCondition waits up to its Timeout for one
# signal on its handle, which the provider function sends once the job has ended. Three more resources of
# the stack talk to the function:

#: Checks the job once the rule on its state changes exists (it may have ended before), and answers the
#: deadline by which the function stops a job still running.
WATCH_RESOURCE_TYPE: Final = "Custom::SageMakerTuningJobWatch"
#: After the WaitCondition: reads the ended job and answers its outcome as attributes.
RESULTS_RESOURCE_TYPE: Final = "Custom::SageMakerTuningJobResults"
#: Properties of those two resources: the job's name, the WaitCondition handle's presigned URL (a
#: credential: never logged) and the timeout in seconds.
PROP_JOB_NAME: Final = "JobName"
PROP_WAIT_HANDLE: Final = "WaitHandle"
PROP_TIMEOUT_SECONDS: Final = "TimeoutSeconds"
#: The watch's attributes: the epoch second after which a job still running is stopped, and the one-off
#: EventBridge schedule expression of that minute (``cron(M H D Mon ? Y)``, UTC) that checks it then.
ATTR_DEADLINE: Final = "Deadline"
ATTR_DEADLINE_SCHEDULE: Final = "DeadlineSchedule"

#: The key of the input that EventBridge rules send the function: ``{"job", "handle"[, "deadline"]}``.
#: The function re-reads the job's status from SageMaker rather than trusting the event's.
SIGNAL_KEY: Final = "CdkSageMakerTuningSignal"
#: Every signal of a job carries this UniqueId: a duplicate (EventBridge delivers at least once, SageMaker
#: may send several events per change) replaces the first instead of counting as a second signal.
SIGNAL_UNIQUE_ID: Final = "tuning-job-outcome"

#: CloudFormation's largest WaitCondition Timeout (12 hours).
MAX_WAIT_SECONDS: Final = 43200
#: The smallest timeout worth a WaitCondition: below it, the in-event wait (wait_for_completion) serves.
MIN_WAIT_SECONDS: Final = 1800
#: The deadline comes this long before the WaitCondition's timeout, so that the check at the deadline stops
#: the job and signals a readable reason before CloudFormation gives up on its own.
DEADLINE_MARGIN_SECONDS: Final = 600
#: A scheduled rule fires within its minute: a check this close before the deadline counts as at it.
DEADLINE_TOLERANCE_SECONDS: Final = 120

#: Results attributes beyond the best job's name, objective value and model artifacts.
ATTR_COMPLETED_TRAINING_JOBS: Final = "CompletedTrainingJobs"
ATTR_FAILED_TRAINING_JOBS: Final = "FailedTrainingJobs"
ATTR_STOPPED_TRAINING_JOBS: Final = "StoppedTrainingJobs"
#: ``BestHyperParameter.<name>``: each tuned hyperparameter value of the best training job.
ATTR_BEST_HYPERPARAMETER_PREFIX: Final = "BestHyperParameter."

# -- the stack's reconciler -------------------------------------------------------------------------------

#: The key of the input that the stack's scheduled rule sends the function: reconcile the stack's jobs
#: (stop orphans once the stack is stable; signal the waits of awaited jobs that have ended, stop those past
#: their deadline). Its value is an empty object.
RECONCILE_KEY: Final = "CdkSageMakerTuningReconcile"
#: Minutes between two reconciliations. A job still running at its wait's deadline is stopped by the next
#: one, so DEADLINE_MARGIN_SECONDS must hold at least one interval (with a minute to spare) before the
#: WaitCondition's own timeout.
RECONCILE_INTERVAL_MINUTES: Final = 5


# -- wording shared by synth-time and deploy-time messages ------------------------------------------------


def format_duration(seconds: int) -> str:
    """A duration as people read it in a message: ``2 h 30 min``, ``12 h``, ``45 min``."""
    hours, rest = divmod(int(seconds), 3600)
    minutes = rest // 60
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"


# -- property schemas: what the construct writes and the handler reads, one declaration each --------------


class PropertyError(ValueError):
    """A resource property the handler cannot read; the message names the property and what is allowed."""


def _flag(value: Any) -> bool:
    # CloudFormation stringifies booleans; the construct writes "true" and omits the property otherwise.
    return str(value).strip().lower() == TRUE


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _seconds(properties: Mapping[str, Any], key: str) -> int | None:
    value = properties.get(key)
    try:
        return int(str(value)) if value not in (None, "") else None
    except ValueError:
        raise PropertyError(f"property '{key}' must be a whole number of seconds, got {value!r}") from None


def _retained(value: Any) -> frozenset[str]:
    """``PROP_RETAIN``'s value as a set; ``"true"`` (a boolean flag) keeps the job on both occasions."""
    if value is None or str(value).strip() == "":
        return frozenset()
    if _flag(value):
        return frozenset({RETAIN_ON_DELETE, RETAIN_ON_REPLACE})
    return frozenset(part.strip() for part in str(value).split(",") if part.strip())


@dataclass(frozen=True)
class TuningJobProperties:
    """The properties of a ``RESOURCE_TYPE`` resource (``PROP_*`` above say what each means).

    On the construct side the values may be CDK tokens; ``to_cfn`` only places them under their keys.
    """

    request: Mapping[str, Any]
    wait_for_completion: bool = False
    delete_job_record: bool = False
    #: ``RETAIN_ON_DELETE`` and/or ``RETAIN_ON_REPLACE``.
    retain: frozenset[str] = frozenset()
    wait_handle_id: str | None = None
    wait_timeout_seconds: int | None = None
    name_prefix: str | None = None

    def to_cfn(self) -> dict[str, Any]:
        """The resource's properties: flags only when set, as the handler reads an absent flag as false."""
        properties: dict[str, Any] = {PROP_REQUEST: self.request}
        if self.wait_for_completion:
            properties[PROP_WAIT_FOR_COMPLETION] = TRUE
        if self.delete_job_record:
            properties[PROP_DELETE_JOB_RECORD] = TRUE
        if self.retain:
            properties[PROP_RETAIN] = ",".join(sorted(self.retain))
        if self.wait_handle_id is not None:
            properties[PROP_WAIT_HANDLE_ID] = self.wait_handle_id
        if self.wait_timeout_seconds is not None:
            properties[PROP_WAIT_TIMEOUT] = str(self.wait_timeout_seconds)
        if self.name_prefix:
            properties[PROP_NAME_PREFIX] = self.name_prefix
        return properties

    @classmethod
    def from_cfn(cls, properties: Mapping[str, Any], *, request_required: bool = True) -> TuningJobProperties:
        """The properties as CloudFormation delivers them (every scalar a string).

        :param request_required: a Delete may carry no readable request (it touches only the job).
        :raises PropertyError: the request is not an object (when required), or a number is not one.
        """
        request = properties.get(PROP_REQUEST)
        if not isinstance(request, Mapping):
            if request_required:
                raise PropertyError(
                    f"property '{PROP_REQUEST}' must be the CreateHyperParameterTuningJob request as an "
                    f"object, got {type(request).__name__}"
                )
            request = {}
        return cls(
            request=request,
            wait_for_completion=_flag(properties.get(PROP_WAIT_FOR_COMPLETION)),
            delete_job_record=_flag(properties.get(PROP_DELETE_JOB_RECORD)),
            retain=_retained(properties.get(PROP_RETAIN)),
            wait_handle_id=_text(properties.get(PROP_WAIT_HANDLE_ID)),
            wait_timeout_seconds=_seconds(properties, PROP_WAIT_TIMEOUT),
            name_prefix=_text(properties.get(PROP_NAME_PREFIX)),
        )


@dataclass(frozen=True)
class ResultsProperties:
    """The properties of a ``RESULTS_RESOURCE_TYPE`` resource: the job whose results it answers."""

    job_name: str

    def to_cfn(self) -> dict[str, Any]:
        return {PROP_JOB_NAME: self.job_name}

    @classmethod
    def from_cfn(cls, properties: Mapping[str, Any]) -> ResultsProperties:
        return cls(job_name=str(properties.get(PROP_JOB_NAME, "")))


@dataclass(frozen=True)
class WatchProperties:
    """The properties of a ``WATCH_RESOURCE_TYPE`` resource, deployed by earlier versions only.

    ``wait_handle`` is the WaitCondition handle's presigned URL: a credential, never logged.
    """

    job_name: str
    wait_handle: str
    timeout_seconds: int

    def to_cfn(self) -> dict[str, Any]:
        return {
            PROP_JOB_NAME: self.job_name,
            PROP_WAIT_HANDLE: self.wait_handle,
            PROP_TIMEOUT_SECONDS: str(self.timeout_seconds),
        }

    @classmethod
    def from_cfn(cls, properties: Mapping[str, Any]) -> WatchProperties:
        return cls(
            job_name=str(properties.get(PROP_JOB_NAME, "")),
            wait_handle=str(properties.get(PROP_WAIT_HANDLE, "")),
            timeout_seconds=_seconds(properties, PROP_TIMEOUT_SECONDS) or 0,
        )
