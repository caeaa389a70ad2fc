"""SageMaker for the lifecycle scenarios: moto in server mode, behind a small proxy that plays what moto lacks.

moto (on 127.0.0.1) keeps the jobs, their requests and tags, and answers Create, Describe, ListTags,
AddTags, DeleteTags, Delete and List. Its tuning jobs are born ``Completed`` and it has no
StopHyperParameterTuningJob, so the proxy keeps each job's life itself and rewrites what moto says:

- a job runs (``InProgress``) until stopped, or for ``JobScript.in_progress_describes`` Describe calls and
  then ends as ``Completed`` (with a best training job, whose DescribeTrainingJob the proxy answers) or
  ``Failed``; Stop turns it ``Stopping`` for ``stopping_describes`` Describe calls, then ``Stopped``;
- ``created_ago`` makes a job older than it is (its ``CreationTime``);
- SageMaker's refusals that moto lacks: Stop of a job that is not ``InProgress``, Delete of a job that is
  still running (both ``ValidationException``);
- ``fail(operation, code, message, times)`` answers the next attempts at ``operation`` with an error, before
  moto sees them (throttling, limits, validation);
- ``lose_answer(operation)`` lets moto act on the next attempt, then drops the connection without answering,
  as a network fault would: botocore retries, and the retry meets what the first attempt did;
  ``garble_answer(operation)`` lets moto act, then answers with a body botocore cannot read.

``live_jobs()`` is the truth each scenario ends with: the jobs still running (or still stopping).
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

import boto3

from tests.harness.loopback import LoopbackServer

REGION = "us-east-1"
ACCOUNT = "123456789012"
RUNNING = frozenset({"InProgress", "Stopping"})
#: The best training job's objective value the proxy reports for a completed job.
BEST_OBJECTIVE_VALUE = 0.9312
#: The training job counts of a completed job.
COMPLETED_COUNTERS = {
    "Completed": 17,
    "InProgress": 0,
    "RetryableError": 1,
    "NonRetryableError": 1,
    "Stopped": 1,
}


@dataclass(frozen=True)
class JobScript:
    """How a job's status evolves, one step per DescribeHyperParameterTuningJob.

    :param in_progress_describes: how many Describe calls see it ``InProgress`` before it ends by itself;
        ``None``: it runs until stopped.
    :param ends_as: ``Completed`` or ``Failed``.
    :param failure_reason: SageMaker's FailureReason of a failed job.
    :param stopping_describes: how many Describe calls see it ``Stopping`` after a Stop.
    :param created_ago: its age when first seen (it was created that long ago).
    """

    in_progress_describes: int | None = None
    ends_as: str = "Completed"
    failure_reason: str = "All training jobs failed. ClientError: Data download failed"
    stopping_describes: int = 1
    created_ago: timedelta = timedelta(0)


@dataclass
class _Job:
    script: JobScript
    status: str
    countdown: int | None
    then: str | None
    creation_time: float
    stop_calls: int = 0

    def observe(self) -> str:
        """The status one Describe sees; it moves the job one step along its script."""
        if self.countdown == 0 and self.then is not None:
            self.status, self.countdown, self.then = self.then, None, None
        if self.countdown is not None:
            self.countdown -= 1
        return self.status


@dataclass
class _Fault:
    status: int
    code: str
    message: str


#: A fault that lets moto act, then answers 200 with a body no JSON parser reads (``garble_answer``).
_GARBLED = _Fault(200, "", "")


class SageMakerProxy(LoopbackServer):
    """The proxy server and the jobs' truth; one per session, ``reset()`` per test."""

    def __init__(self, moto_endpoint: str) -> None:
        moto = urlsplit(moto_endpoint)
        self._moto_host, self._moto_port = moto.hostname or "127.0.0.1", moto.port
        self._lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}
        self._best_jobs: dict[str, dict[str, Any]] = {}
        self._faults: dict[str, deque[_Fault | None]] = {}
        self.new_jobs = JobScript()
        #: Every attempt that reached the proxy, by operation (botocore's retries included).
        self.attempts: Counter[str] = Counter()
        #: The jobs the handler stopped, in order.
        self.stopped: list[str] = []
        proxy = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: without this, Nagle and delayed ACK add 40 ms a call.
            disable_nagle_algorithm = True

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                operation = self.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
                answer = proxy._handle(operation, dict(self.headers), body)
                if answer is None:  # the answer is lost: close without a word
                    self.close_connection = True
                    return
                status, payload = answer
                self.send_response(status)
                self.send_header("Content-Type", "application/x-amz-json-1.1")
                self.send_header("x-amzn-RequestId", "sagemaker-proxy")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *_: Any) -> None:
                """Quiet."""

        super().__init__(_Handler)
        self.moto_client = boto3.client(
            "sagemaker",
            endpoint_url=moto_endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def reset(self) -> None:
        """Forget every job (moto's too), fault and count."""
        conn = http.client.HTTPConnection(self._moto_host, self._moto_port, timeout=10)
        conn.request("POST", "/moto-api/reset")
        conn.getresponse().read()
        conn.close()
        with self._lock:
            self._jobs.clear()
            self._best_jobs.clear()
            self._faults.clear()
            self.attempts.clear()
            self.stopped.clear()
            self.new_jobs = JobScript()

    # -- what a scenario sets up ---------------------------------------------------------------------------

    def fail(self, operation: str, code: str, message: str, *, times: int = 1, status: int = 400) -> None:
        """Answer the next ``times`` attempts at ``operation`` with this error, without asking moto."""
        queue = self._faults.setdefault(operation, deque())
        queue.extend(_Fault(status, code, message) for _ in range(times))

    def lose_answer(self, operation: str) -> None:
        """Let moto act on the next attempt at ``operation``, then drop the connection unanswered."""
        self._faults.setdefault(operation, deque()).append(None)

    def garble_answer(self, operation: str) -> None:
        """Let moto act on the next attempt at ``operation``, then answer 200 with an unreadable body: the
        call went through, and the caller fails after it (botocore cannot parse what came back)."""
        self._faults.setdefault(operation, deque()).append(_GARBLED)

    def seed_job(self, request: dict[str, Any], script: JobScript = JobScript()) -> str:
        """A job that exists before the scenario (another stack's, or one made by hand); returns its ARN."""
        arn = str(self.moto_client.create_hyper_parameter_tuning_job(**request)["HyperParameterTuningJobArn"])
        with self._lock:
            self._register(request["HyperParameterTuningJobName"], script)
        return arn

    def set_script(self, name: str, script: JobScript) -> None:
        """Give an existing job a new script from now on (for example: make it two hours old)."""
        with self._lock:
            self._register(name, script)

    def stop_out_of_band(self, name: str) -> None:
        """Someone stops the job in the console."""
        status, answer = self._stop(name, by_handler=False)
        assert status == 200, answer

    def delete_out_of_band(self, name: str) -> None:
        """Someone deletes the job in the console: its record is gone."""
        self.moto_client.delete_hyper_parameter_tuning_job(HyperParameterTuningJobName=name)
        with self._lock:
            self._jobs.pop(name, None)

    # -- the truth a scenario ends with --------------------------------------------------------------------

    def live_jobs(self) -> dict[str, str]:
        """Every job still running or stopping, with its status (moto's record exists and the job has not ended)."""
        summaries = self.moto_client.list_hyper_parameter_tuning_jobs(MaxResults=100)
        names = [job["HyperParameterTuningJobName"] for job in summaries["HyperParameterTuningJobSummaries"]]
        with self._lock:
            return {
                name: self._jobs[name].status
                for name in names
                if name in self._jobs and self._jobs[name].status in RUNNING
            }

    def job_names(self) -> list[str]:
        summaries = self.moto_client.list_hyper_parameter_tuning_jobs(MaxResults=100)
        return sorted(
            job["HyperParameterTuningJobName"] for job in summaries["HyperParameterTuningJobSummaries"]
        )

    def status(self, name: str) -> str | None:
        with self._lock:
            job = self._jobs.get(name)
            return job.status if job else None

    def tags(self, name: str) -> dict[str, str]:
        arn = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:hyper-parameter-tuning-job/{name}"
        tags = self.moto_client.list_tags(ResourceArn=arn)["Tags"]
        return {tag["Key"]: tag["Value"] for tag in tags}

    def describe(self, name: str) -> dict[str, Any]:
        """moto's record of the job (what SageMaker was asked to run), without advancing its script."""
        return dict(self.moto_client.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName=name))

    # -- the proxy -----------------------------------------------------------------------------------------

    def _register(self, name: str, script: JobScript) -> None:
        ends = script.in_progress_describes is not None
        self._jobs[name] = _Job(
            script=script,
            status="InProgress",
            countdown=script.in_progress_describes,
            then=script.ends_as if ends else None,
            creation_time=time.time() - script.created_ago.total_seconds(),
        )

    def _handle(self, operation: str, headers: dict[str, str], body: bytes) -> tuple[int, bytes] | None:
        with self._lock:
            self.attempts[operation] += 1
            queued = self._faults.get(operation)
            faulty = bool(queued)
            fault = queued.popleft() if queued else None
        if faulty and fault in (None, _GARBLED):  # moto acts; the caller hears nothing, or nothing readable
            self._forward(headers, body)
            self._after(operation, json.loads(body or b"{}"), 200, {})
            return None if fault is None else (200, b"<html>502 Bad Gateway</html>")
        if fault is not None:
            return _error(fault.status, fault.code, fault.message)
        params = json.loads(body or b"{}")
        played = self._play(operation, params)
        if played is not None:
            return played
        status, answer = self._forward(headers, body)
        result = json.loads(answer or b"{}")
        self._after(operation, params, status, result)
        return status, json.dumps(result).encode()

    def _forward(self, headers: dict[str, str], body: bytes) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self._moto_host, self._moto_port, timeout=30)
        try:
            wanted = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection")}
            conn.request("POST", "/", body=body, headers=wanted)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def _play(self, operation: str, params: dict[str, Any]) -> tuple[int, bytes] | None:
        """Answer what moto cannot: Stop, the best training job, and SageMaker's refusals moto lacks."""
        if operation == "StopHyperParameterTuningJob":
            return self._stop(params["HyperParameterTuningJobName"])
        if operation == "DeleteHyperParameterTuningJob":
            name = params["HyperParameterTuningJobName"]
            with self._lock:
                job = self._jobs.get(name)
                if job is not None and job.status in RUNNING:
                    return _error(
                        400, "ValidationException", f"Tuning job {name} is {job.status}; stop it first"
                    )
        if operation == "ListHyperParameterTuningJobs":
            return self._list(params)
        if operation == "DescribeTrainingJob":
            with self._lock:
                best = self._best_jobs.get(params["TrainingJobName"])
            if best is not None:
                return 200, json.dumps(best).encode()
        return None

    def _list(self, params: dict[str, Any]) -> tuple[int, bytes]:
        """ListHyperParameterTuningJobs with the statuses the proxy plays (moto's are all ``Completed``).

        Listing does not move a job along its script: only Describe does.
        """
        wanted = params.get("StatusEquals")
        asked = {key: value for key, value in params.items() if key not in ("StatusEquals", "NextToken")}
        asked["MaxResults"] = 100
        summaries = self.moto_client.list_hyper_parameter_tuning_jobs(**asked)
        listed = []
        with self._lock:
            for summary in summaries["HyperParameterTuningJobSummaries"]:
                job = self._jobs.get(summary["HyperParameterTuningJobName"])
                status = job.status if job is not None else summary["HyperParameterTuningJobStatus"]
                if wanted is None or status == wanted:
                    listed.append({**summary, "HyperParameterTuningJobStatus": status})
        return 200, json.dumps({"HyperParameterTuningJobSummaries": listed}, default=_epoch).encode()

    def _stop(self, name: str, *, by_handler: bool = True) -> tuple[int, bytes]:
        if name not in self.job_names():
            return _error(
                400, "ResourceNotFound", f"Amazon SageMaker can't find a tuning job with name {name}"
            )
        with self._lock:
            job = self._jobs.setdefault(name, _Job(JobScript(), "Completed", None, None, time.time()))
            job.stop_calls += 1
            if job.status != "InProgress":
                return _error(
                    400,
                    "ValidationException",
                    f"The request was rejected because the tuning job is in status {job.status}.",
                )
            if by_handler:
                self.stopped.append(name)
            job.status = "Stopping"
            job.countdown = job.script.stopping_describes
            job.then = "Stopped"
        return 200, b"{}"

    def _after(self, operation: str, params: dict[str, Any], status: int, result: dict[str, Any]) -> None:
        """Keep the jobs' truth in step with moto, and rewrite what moto says about their life."""
        if status != 200:
            return
        name = params.get("HyperParameterTuningJobName", "")
        with self._lock:
            if operation == "CreateHyperParameterTuningJob":
                self._register(name, self.new_jobs)
            elif operation == "DeleteHyperParameterTuningJob":
                self._jobs.pop(name, None)
            elif operation == "DescribeHyperParameterTuningJob" and result:
                job = self._jobs.setdefault(name, _Job(JobScript(), "Completed", None, None, time.time()))
                self._rewrite(name, job, result)

    def _rewrite(self, name: str, job: _Job, result: dict[str, Any]) -> None:
        status = job.observe()
        result["HyperParameterTuningJobStatus"] = status
        result["CreationTime"] = job.creation_time
        for key in (
            "BestTrainingJob",
            "OverallBestTrainingJob",
            "HyperParameterTuningEndTime",
            "FailureReason",
        ):
            result.pop(key, None)
        if status == "Failed":
            result["FailureReason"] = job.script.failure_reason
        if status == "Completed":
            result["BestTrainingJob"] = self._best_job(name, result)
            result["TrainingJobStatusCounters"] = dict(COMPLETED_COUNTERS)

    def _best_job(self, name: str, description: dict[str, Any]) -> dict[str, Any]:
        best_name = f"{name}-017-1a2b3c4d"
        arn = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:training-job/{best_name.lower()}"
        output = (
            description.get("TrainingJobDefinition", {}).get("OutputDataConfig", {}).get("S3OutputPath", "")
        )
        self._best_jobs[best_name] = {
            "TrainingJobName": best_name,
            "TrainingJobArn": arn,
            "ModelArtifacts": {"S3ModelArtifacts": f"{output}/{best_name}/output/model.tar.gz"},
            "TrainingJobStatus": "Completed",
            "SecondaryStatus": "Completed",
            "AlgorithmSpecification": {"TrainingInputMode": "File"},
            "ResourceConfig": {"VolumeSizeInGB": 10},
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600},
            "CreationTime": time.time(),
        }
        return {
            "TrainingJobName": best_name,
            "TrainingJobArn": arn,
            "CreationTime": time.time(),
            "TrainingJobStatus": "Completed",
            "TunedHyperParameters": {"eta": "0.21", "max_depth": "6"},
            "FinalHyperParameterTuningJobObjectiveMetric": {
                "Type": "Maximize",
                "MetricName": "validation:auc",
                "Value": BEST_OBJECTIVE_VALUE,
            },
        }


def _epoch(value: Any) -> float:
    """boto3 parses timestamps into datetimes; the wire format is epoch seconds."""
    return float(value.timestamp())


def _error(status: int, code: str, message: str) -> tuple[int, bytes]:
    return status, json.dumps({"__type": code, "message": message}).encode()
