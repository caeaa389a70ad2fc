"""The thin boto3 layer: one method per SageMaker call, errors turned into messages a person can act on.

Throttling and transient faults are retried by botocore itself (standard retry mode). The endpoint is
botocore's own business too: ``AWS_ENDPOINT_URL_SAGEMAKER`` (honoured by botocore) points the client
elsewhere, which is how the lifecycle tests reach a local SageMaker.

SageMaker's error message stays on the exception (``SageMakerError.sagemaker_message``) for the FAILED
reason; the handler logs only the operation and the error code, since the message may echo request values.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import (
    ClientError,
    HTTPClientError,
    ParamValidationError,
)
from botocore.exceptions import (
    ConnectionError as NoConnectionError,
)

#: Retry throttling and transient errors with exponential back-off (botocore's standard mode), and keep
#: each attempt short. SageMaker answers these control-plane calls in well under a second; the bounds only
#: matter when it (or the network) does not, and then they must fit in the function's timeout with every
#: other call of the same invocation, and in the event's budget: see worst_case_call_seconds, its users in
#: ``budget`` and ``index.MAX_SAGEMAKER_CALLS_PER_EVENT``.
MAX_ATTEMPTS = 5
CONNECT_TIMEOUT_SECONDS = 5
READ_TIMEOUT_SECONDS = 15
CLIENT_CONFIG = Config(
    retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
    connect_timeout=CONNECT_TIMEOUT_SECONDS,
    read_timeout=READ_TIMEOUT_SECONDS,
    user_agent_extra="cdk-sagemaker-tuning",
)
#: botocore's standard retry mode waits at most min(2 ** attempt, 20) seconds before each retry
#: (botocore.retries.standard.ExponentialBackoff, _MAX_BACKOFF = 20).
_MAX_BACKOFF_SECONDS = 20


def worst_case_call_seconds() -> int:
    """The longest one call can take: every attempt times out connecting and reading, plus back-off.

    With 5 attempts of 5 s connect + 15 s read, and back-off of at most 1 + 2 + 4 + 8 s: 115 s.
    """
    backoff = sum(min(1 << retry, _MAX_BACKOFF_SECONDS) for retry in range(MAX_ATTEMPTS - 1))
    return MAX_ATTEMPTS * (CONNECT_TIMEOUT_SECONDS + READ_TIMEOUT_SECONDS) + backoff


_NOT_FOUND_CODES = frozenset({"ResourceNotFound", "ResourceNotFoundException"})
# Some SageMaker describe calls report a missing resource as a ValidationException; on the paths where a
# missing job means "nothing to do" (describe, stop, delete) such a message counts as not found.
_NOT_FOUND_MESSAGE = re.compile(r"not found|could not find|can't find|cannot find|does not exist", re.I)


#: How SageMaker words a create refused while IAM has not yet propagated a role or a PassRole statement.
_IAM_PROPAGATION_MESSAGE = re.compile(r"iam:PassRole|assume (the )?role|not authorized", re.I)

#: Codes botocore's standard mode itself retries as throttling or transient (botocore.retries.standard),
#: less LimitExceededException, which SageMaker uses for account limits (not a passing condition).
_TRANSIENT_CODES = frozenset(
    {
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "TooManyRequestsException",
        "RequestLimitExceeded",
        "RequestThrottled",
        "SlowDown",
        "PriorRequestNotComplete",
        "RequestTimeout",
        "RequestTimeoutException",
        "InternalFailure",
        "InternalServerError",
        "ServiceUnavailable",
    }
)


class SageMakerError(Exception):
    """SageMaker refused a call; the message carries SageMaker's own code and words."""

    def __init__(
        self, operation: str, code: str, message: str, subject: str, http_status: int | None = None
    ) -> None:
        super().__init__(f"SageMaker {operation} for '{subject}' failed: {code}: {message}")
        self.operation = operation
        self.code = code
        self.sagemaker_message = message
        self.http_status = http_status

    @property
    def is_transient(self) -> bool:
        """Throttling, a server error or no answer at all, still so after all of botocore's attempts.

        While polling, such an error is no reason to fail a long wait: the next poll tries again.
        """
        return self.code in _TRANSIENT_CODES or (self.http_status is not None and self.http_status >= 500)

    @property
    def is_not_found(self) -> bool:
        return self.code in _NOT_FOUND_CODES or (
            self.code == "ValidationException" and bool(_NOT_FOUND_MESSAGE.search(self.sagemaker_message))
        )

    @property
    def is_in_use(self) -> bool:
        return self.code in ("ResourceInUse", "ResourceInUseException")

    @property
    def was_sent(self) -> bool:
        """Whether the request reached SageMaker (or may have): only botocore's own refusal says no."""
        return True

    @property
    def is_definite_refusal(self) -> bool:
        """Whether SageMaker read this very request and refused it: an answer, 4xx, other than throttling.

        Throttling, a server error or no answer at all after botocore's retries may follow an attempt that
        did what it asked (its answer lost).
        """
        return self.http_status is not None and 400 <= self.http_status < 500 and not self.is_transient

    @property
    def is_iam_propagation(self) -> bool:
        """Whether a refusal may be IAM's eventual consistency (a role or PassRole statement created
        seconds ago) rather than a missing permission: worth retrying for a while."""
        if self.code in ("AccessDenied", "AccessDeniedException"):
            return True
        return self.code == "ValidationException" and bool(
            _IAM_PROPAGATION_MESSAGE.search(self.sagemaker_message)
        )


class InvalidRequestError(SageMakerError):
    """botocore refused to send the request: it does not fit the operation's input shape."""

    def __init__(self, operation: str, report: str, subject: str) -> None:
        Exception.__init__(self, f"Request for '{subject}' is not a valid {operation} request: {report}")
        self.operation = operation
        self.code = "InvalidRequest"
        self.sagemaker_message = report
        self.http_status = None

    @property
    def was_sent(self) -> bool:
        return False

    @property
    def is_definite_refusal(self) -> bool:
        return True


class SageMakerApi:
    """The SageMaker calls the handler makes, over any boto3 SageMaker client (real, moto or stubbed)."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def _call(self, operation: str, subject: str, **params: Any) -> dict[str, Any]:
        method = getattr(self.client, _snake(operation))
        try:
            response: dict[str, Any] = method(**params)
            return response
        except ClientError as error:
            details = error.response.get("Error", {})
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            raise SageMakerError(
                operation,
                details.get("Code", "Unknown"),
                details.get("Message", str(error)),
                subject,
                status if isinstance(status, int) else None,
            ) from None
        except (NoConnectionError, HTTPClientError) as error:
            # No answer at all (connection refused or reset, timeouts) after botocore's attempts: the code
            # is the error's type, the message botocore's, which names the endpoint and nothing else.
            raise SageMakerError(operation, type(error).__name__, str(error), subject, 503) from None
        except ParamValidationError as error:
            # botocore checks the request against the service model before sending it; its report names
            # every offending field by path.
            raise InvalidRequestError(operation, str(error.kwargs.get("report", error)), subject) from None

    def create_tuning_job(self, params: Mapping[str, Any]) -> str:
        """CreateHyperParameterTuningJob; returns the job's ARN."""
        name = str(params.get("HyperParameterTuningJobName"))
        response = self._call("CreateHyperParameterTuningJob", name, **params)
        return str(response["HyperParameterTuningJobArn"])

    def describe_tuning_job(self, name: str) -> dict[str, Any] | None:
        """DescribeHyperParameterTuningJob, or ``None`` when there is no such job."""
        try:
            return self._call("DescribeHyperParameterTuningJob", name, HyperParameterTuningJobName=name)
        except SageMakerError as error:
            if error.is_not_found:
                return None
            raise

    def stop_tuning_job(self, name: str) -> None:
        self._call("StopHyperParameterTuningJob", name, HyperParameterTuningJobName=name)

    def delete_tuning_job(self, name: str) -> None:
        """DeleteHyperParameterTuningJob; a job that is already gone is fine."""
        try:
            self._call("DeleteHyperParameterTuningJob", name, HyperParameterTuningJobName=name)
        except SageMakerError as error:
            if not error.is_not_found:
                raise

    def list_tags(self, arn: str) -> dict[str, str]:
        tags: dict[str, str] = {}
        token: str | None = None
        while True:
            page = self._call("ListTags", arn, ResourceArn=arn, **({"NextToken": token} if token else {}))
            tags.update({tag["Key"]: tag.get("Value", "") for tag in page.get("Tags", [])})
            token = page.get("NextToken")
            if not token:
                return tags

    def add_tags(self, arn: str, tags: list[dict[str, str]]) -> None:
        self._call("AddTags", arn, ResourceArn=arn, Tags=tags)

    def delete_tags(self, arn: str, keys: list[str]) -> None:
        self._call("DeleteTags", arn, ResourceArn=arn, TagKeys=keys)

    def list_running_jobs(self, name_contains: str | None = None) -> list[str]:
        """The names of every InProgress tuning job (whose name contains ``name_contains``), all pages."""
        return [name for name, _ in self.list_running_job_arns(name_contains)]

    def list_running_job_arns(self, name_contains: str | None = None) -> list[tuple[str, str]]:
        """The names and ARNs of every InProgress tuning job (whose name contains ``name_contains``)."""
        jobs: list[tuple[str, str]] = []
        token: str | None = None
        while True:
            page = self._call(
                "ListHyperParameterTuningJobs",
                name_contains or "*",
                StatusEquals="InProgress",
                MaxResults=100,
                **({"NameContains": name_contains} if name_contains else {}),
                **({"NextToken": token} if token else {}),
            )
            jobs.extend(
                (str(job["HyperParameterTuningJobName"]), str(job["HyperParameterTuningJobArn"]))
                for job in page.get("HyperParameterTuningJobSummaries", [])
            )
            token = page.get("NextToken")
            if not token:
                return jobs

    def describe_training_job(self, name: str) -> dict[str, Any]:
        return self._call("DescribeTrainingJob", name, TrainingJobName=name)


def botocore_session() -> Any:
    """A botocore session whose SageMaker model is the library's, as synth validated against.

    The model vendored with the library (``contract.SAGEMAKER_MODEL_FILE``, beside this module) comes first
    on botocore's loader search path, whatever boto3 the Lambda runtime has: the client sends, and
    ``request_types`` restores CloudFormation's strings with, exactly the shapes synth checked.
    ``contract.ENV_API_MODEL`` set to ``runtime`` (a job with an acknowledged field newer than that model)
    keeps the runtime's own model.
    """
    import os
    from pathlib import Path

    import botocore.session

    from . import contract

    session = botocore.session.get_session()
    if os.environ.get(contract.ENV_API_MODEL) != contract.API_MODEL_RUNTIME:
        models = Path(__file__).resolve().parent / contract.API_MODELS_DIR
        session.get_component("data_loader").search_paths.insert(0, str(models))
    return session


def make_client() -> Any:
    """A SageMaker client with the handler's retry and timeout settings, on the library's API model."""
    return boto3.session.Session(botocore_session=botocore_session()).client(
        "sagemaker", config=CLIENT_CONFIG
    )


@functools.cache
def default_api() -> SageMakerApi:
    """The SageMakerApi of this Lambda environment, built on first use and kept while it stays warm."""
    return SageMakerApi(make_client())


def _snake(operation: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()
