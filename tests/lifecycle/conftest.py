"""The lifecycle scenarios run the handler as Lambda would, against a local CloudFormation and SageMaker.

Session-wide, on 127.0.0.1 only: moto's SageMaker behind the fault proxy, the Lambda Invoke API, and the
ResponseURL server (tests/harness). Each scenario starts from nothing (no job, no fault, no queued
invocation) and ends with a check that holds for every scenario: no secret of the request and no
ResponseURL signature in any line the function logged or printed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.retries.standard import ExponentialBackoff
from moto.server import ThreadedMotoServer

from cdk_sagemaker_tuning._handler import cloudformation_api as handler_cloudformation
from cdk_sagemaker_tuning._handler import contract, sagemaker_api
from tests.harness.cloudformation import CloudFormation
from tests.harness.cloudformation_api import CloudFormationApi
from tests.harness.function_logs import FunctionLog
from tests.harness.lambda_service import LambdaService
from tests.harness.response_server import ResponseServer, signature_of
from tests.harness.sagemaker_proxy import REGION, SageMakerProxy
from tests.harness.sample import SECRET, SECRET_HYPERPARAMETER
from tests.harness.wait_condition import WaitConditionHandles
from tests.support.cfn_events import STACK_ID

#: Seconds between two Describe calls while the handler waits in one invocation: no real waiting here.
POLL_INTERVAL_SECONDS = "0.01"
#: The handler's logger.
HANDLER_LOGGER = "cdk_sagemaker_tuning"


@pytest.fixture(scope="session")
def sagemaker_proxy() -> Iterator[SageMakerProxy]:
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    host, port = moto.get_host_and_port()
    proxy = SageMakerProxy(f"http://{host}:{port}")
    proxy.start()
    yield proxy
    proxy.stop()
    moto.stop()


@pytest.fixture(scope="session")
def lambda_service() -> Iterator[LambdaService]:
    service = LambdaService()
    service.start()
    yield service
    service.stop()


@pytest.fixture(scope="session")
def response_server() -> Iterator[ResponseServer]:
    server = ResponseServer()
    server.start()
    yield server
    server.stop()


def _handler() -> Callable[[dict[str, Any], Any], Any]:
    from cdk_sagemaker_tuning._handler import index

    return index.handler


@pytest.fixture
def sagemaker(
    sagemaker_proxy: SageMakerProxy,
    lambda_service: LambdaService,
    cloudformation_api: CloudFormationApi,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Iterator[SageMakerProxy]:
    """SageMaker as the handler reaches it (through botocore's endpoint variables), reset for this test."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", sagemaker_proxy.endpoint)
    monkeypatch.setenv("AWS_ENDPOINT_URL_LAMBDA", lambda_service.endpoint)
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFORMATION", cloudformation_api.endpoint)
    monkeypatch.setenv(contract.ENV_STACK_ID, STACK_ID)
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "SageMakerTuningJobProvider")
    monkeypatch.setenv(contract.ENV_POLL_INTERVAL_SECONDS, POLL_INTERVAL_SECONDS)
    # botocore's retries really sleep (up to 1 + 2 + 4 + 8 s): the scenarios count attempts, not seconds.
    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0)
    sagemaker_proxy.reset()
    lambda_service.reset()
    cloudformation_api.reset(STACK_ID)
    # The handler keeps one client per warm environment: build them from this test's variables.
    sagemaker_api.default_api.cache_clear()
    handler_cloudformation.default_api.cache_clear()
    yield sagemaker_proxy
    sagemaker_api.default_api.cache_clear()
    handler_cloudformation.default_api.cache_clear()


@pytest.fixture(scope="session")
def handles() -> Iterator[WaitConditionHandles]:
    """WaitCondition handles' presigned URLs on loopback, recording every signal."""
    server = WaitConditionHandles()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def cloudformation_api() -> Iterator[CloudFormationApi]:
    server = CloudFormationApi()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def cfn_stack(sagemaker: SageMakerProxy, cloudformation_api: CloudFormationApi) -> CloudFormationApi:
    """The scenario's stack as the handler reads it (DescribeStacks, ListStackResources...)."""
    return cloudformation_api


@pytest.fixture
def stack_status(cfn_stack: CloudFormationApi) -> Callable[[str], None]:
    """Set the stack's status that DescribeStacks answers."""

    def set_status(status: str) -> None:
        cfn_stack.status = status

    return set_status


@pytest.fixture
def function_log(capsys: pytest.CaptureFixture[str]) -> Iterator[FunctionLog]:
    """Every line the function logs during the scenario: the handler's own at every level, the rest at INFO.

    INFO is Lambda's default application log level; botocore's DEBUG lines (which hold whole requests)
    are not written there.
    """
    log = FunctionLog()
    root, own = logging.getLogger(), logging.getLogger(HANDLER_LOGGER)
    levels = root.level, own.level
    root.addHandler(log)
    root.setLevel(logging.INFO)
    own.setLevel(logging.DEBUG)
    yield log
    root.removeHandler(log)
    root.setLevel(levels[0])
    own.setLevel(levels[1])


@pytest.fixture
def cloudformation(
    sagemaker: SageMakerProxy,
    lambda_service: LambdaService,
    response_server: ResponseServer,
    function_log: FunctionLog,
    capsys: pytest.CaptureFixture[str],
) -> Iterator[CloudFormation]:
    """CloudFormation for one scenario; afterwards, no secret in the function's log or output."""
    response_server.reset()
    cloud = CloudFormation(lambda_service, response_server, _handler, secrets=(SECRET, SECRET_HYPERPARAMETER))
    yield cloud
    printed = capsys.readouterr()
    never_seen = [SECRET, SECRET_HYPERPARAMETER, *(signature_of(event["RequestId"]) for event in cloud.sent)]
    # A capture that saw nothing would prove nothing: the handler logs every decision it takes.
    ran_the_handler = cloud.handler is _handler and cloud.lambda_service.deliveries
    assert function_log.lines or not ran_the_handler, "no log line of the handler captured"
    runtime_log = cloud.lambda_service.runtime_log
    leaks = function_log.leaks(never_seen, printed.out, printed.err, *runtime_log)
    assert leaks == [], "a secret reached the function's log"
