"""Test doubles for SageMaker answers that moto does not model (see tests/lifecycle/conftest.py)."""

from __future__ import annotations

import json
from collections import Counter, deque
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from botocore.awsrequest import AWSResponse

REGION = "us-east-1"
ACCOUNT = "123456789012"


class _Body:
    def __init__(self, body: bytes) -> None:
        self._body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._body


class FaultInjector:
    """A documented test double for SageMaker's error answers, on top of the real HTTP exchange.

    ``fail(operation, code, message, status)`` queues one error answer for the next attempt at
    ``operation``; attempts with nothing queued go to moto. It hooks botocore's ``before-send`` event, which
    fires once per HTTP attempt inside botocore's retry loop, so retries behave exactly as in Lambda.
    """

    def __init__(self, client: Any) -> None:
        self._queued: dict[str, deque[tuple[int, str, str]]] = {}
        self.attempts: Counter[str] = Counter()
        client.meta.events.register("before-send.sagemaker", self._before_send)

    def fail(self, operation: str, code: str, message: str, status: int = 400) -> None:
        self._queued.setdefault(operation, deque()).append((status, code, message))

    def _before_send(self, request: Any, **_: Any) -> AWSResponse | None:
        target = request.headers.get("X-Amz-Target", b"")
        operation = (target.decode() if isinstance(target, bytes) else target).rsplit(".", 1)[-1]
        self.attempts[operation] += 1
        queued = self._queued.get(operation)
        if not queued:
            return None
        status, code, message = queued.popleft()
        body = json.dumps({"__type": code, "message": message}).encode()
        headers = {"Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": "fault-injected"}
        return AWSResponse(request.url, status, headers, _Body(body))

    @property
    def pending(self) -> int:
        return sum(len(queue) for queue in self._queued.values())


def job_arn(name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:hyper-parameter-tuning-job/{name}"


def describe_response(name: str, status: str, **extra: Any) -> dict[str, Any]:
    """A DescribeHyperParameterTuningJob answer with every member the model requires.

    The job was created just now unless ``CreationTime`` is given: the handler stops a job it waits for
    once the job is older than the deployment's wait budget.
    """
    return {
        "HyperParameterTuningJobName": name,
        "HyperParameterTuningJobArn": job_arn(name),
        "HyperParameterTuningJobConfig": {
            "Strategy": "Bayesian",
            "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 3},
        },
        "HyperParameterTuningJobStatus": status,
        "CreationTime": datetime.now(UTC),
        "TrainingJobStatusCounters": {},
        "ObjectiveStatusCounters": {},
        **extra,
    }


def create_moto_training_job(api: Any, name: str, output: str) -> None:
    """A training job in moto, so DescribeTrainingJob can answer for a tuning job's best training job."""
    api.client.create_training_job(
        TrainingJobName=name,
        AlgorithmSpecification={
            "TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/x:1",
            "TrainingInputMode": "File",
        },
        RoleArn=f"arn:aws:iam::{ACCOUNT}:role/training",
        OutputDataConfig={"S3OutputPath": output},
        ResourceConfig={"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
        StoppingCondition={"MaxRuntimeInSeconds": 3600},
    )
