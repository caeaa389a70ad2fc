"""Fixtures of the lifecycle suite: the handler against moto over HTTP, botocore's Stubber, injected faults.

moto's SageMaker, served over HTTP on 127.0.0.1, plays SageMaker wherever it models the behaviour:
Create (including ResourceInUse on a taken name), Describe, ListTags/AddTags/DeleteTags, Delete and
DescribeTrainingJob. Its jobs are Completed the moment they are created and it has no
StopHyperParameterTuningJob, so the states it lacks (InProgress, Stopping, Failed, Stopped, Stop) come from
botocore's Stubber. Error answers (throttling, access denied) are injected into the real HTTP exchange with
moto by ``sagemaker_doubles.FaultInjector``, so that botocore's own retry logic runs.
"""

import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

# The tests import the handler from its asset directory: no bytecode caches written there.
sys.dont_write_bytecode = True
_ROOT = Path(__file__).resolve().parents[2]
for folder in (_ROOT / "tests" / "support",):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import boto3  # noqa: E402
import pytest  # noqa: E402
from cdk_sagemaker_tuning._handler import sagemaker_api  # noqa: E402
from botocore.stub import Stubber  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402
from sagemaker_doubles import REGION, FaultInjector  # noqa: E402


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture(autouse=True)
def offline_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Credentials and region that cannot reach AWS, and no profile from the machine."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    # Each test builds its own client (the handler caches one per warm Lambda environment).
    default_api = sagemaker_api.default_api
    default_api.cache_clear()
    yield
    default_api.cache_clear()


@pytest.fixture
def moto_sagemaker(moto_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> sagemaker_api.SageMakerApi:
    """The handler's own SageMakerApi, pointed at a freshly reset moto server through botocore's env var."""
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST")).close()
    monkeypatch.setenv("AWS_ENDPOINT_URL_SAGEMAKER", moto_endpoint)
    return sagemaker_api.default_api()


@pytest.fixture
def faults(moto_sagemaker: sagemaker_api.SageMakerApi) -> FaultInjector:
    return FaultInjector(moto_sagemaker.client)


@pytest.fixture
def stubbed(monkeypatch: pytest.MonkeyPatch) -> Iterator[Stubber]:
    """The handler's SageMakerApi over a client whose answers the test scripts with botocore's Stubber.

    An unexpected call fails the test; the test itself ends with ``assert_no_pending_responses()``.
    """
    # The endpoint is unreachable on purpose: the Stubber answers before anything is sent.
    client = boto3.client(
        "sagemaker", region_name=REGION, endpoint_url="http://127.0.0.1:9", config=sagemaker_api.CLIENT_CONFIG
    )
    with Stubber(client) as stubber:
        monkeypatch.setattr(sagemaker_api, "default_api", lambda: sagemaker_api.SageMakerApi(client))
        yield stubber
