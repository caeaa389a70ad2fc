"""The handler sends with the library's vendored SageMaker model, not the Lambda runtime's older one.

The Lambda runtime's boto3 can be months older than the model ``cdk synth`` validated against. Here the
runtime's botocore is made older: its built-in SageMaker model (botocore's default search path) loses a
field the vendored model has, ``HyperParameterTrainingJobDefinition.Environment``, as botocore releases from
before that field did. The handler's client finds the vendored model first on its loader's search path, so
the field still reaches SageMaker (moto); with the runtime's model (``contract.ENV_API_MODEL``) it cannot.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

import botocore.loaders
import pytest
from moto.core.utils import get_service_model as moto_service_model

from cdk_sagemaker_tuning._handler import contract, request_types, sagemaker_api
from tests.harness.cloudformation import CloudFormation
from tests.harness.sagemaker_proxy import SageMakerProxy
from tests.harness.sample import SECRET, sample_request

TRIMMED_SHAPE = "HyperParameterTrainingJobDefinition"
TRIMMED_FIELD = "Environment"
#: A number field trimmed too: CloudFormation delivers it as a string, which the handler must turn back
#: into the number the vendored model says it is, not leave as the runtime's model (which lacks it) would.
TRIMMED_NUMBER_SHAPE = "HyperParameterTuningJobConfig"
TRIMMED_NUMBER = "RandomSeed"


@pytest.fixture
def older_runtime_botocore(
    sagemaker: SageMakerProxy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """GIVEN a runtime botocore whose built-in SageMaker model lacks ``Environment`` in job definitions.

    Only the handler's clients, made from now on, see it: the harness (moto and the proxy's own client,
    set up by ``sagemaker`` first) keeps the full model. moto, in this process, loads its models on first
    use and keeps them: it loads SageMaker's now, before the runtime is made older.
    """
    moto_service_model("sagemaker")
    builtin = Path(botocore.loaders.Loader.BUILTIN_DATA_PATH)
    data = tmp_path / "botocore-data"
    data.mkdir()
    for entry in builtin.iterdir():
        if entry.name != "sagemaker":
            (data / entry.name).symlink_to(entry)
    real_version = builtin / "sagemaker" / contract.SAGEMAKER_API_VERSION
    version = data / "sagemaker" / contract.SAGEMAKER_API_VERSION
    version.mkdir(parents=True)
    for entry in real_version.iterdir():
        if not entry.name.startswith("service-2.json"):
            (version / entry.name).symlink_to(entry)
    opener = gzip.open if (real_version / "service-2.json.gz").exists() else open
    name = "service-2.json.gz" if opener is gzip.open else "service-2.json"
    with opener(real_version / name, "rt") as source:
        model = json.load(source)
    del model["shapes"][TRIMMED_SHAPE]["members"][TRIMMED_FIELD]
    del model["shapes"][TRIMMED_NUMBER_SHAPE]["members"][TRIMMED_NUMBER]
    (version / "service-2.json").write_text(json.dumps(model))
    monkeypatch.setattr(botocore.loaders.Loader, "BUILTIN_DATA_PATH", str(data))
    # Every model the handler loads is loaded afresh, from the older runtime.
    request_types.sagemaker_model.cache_clear()
    sagemaker_api.default_api.cache_clear()
    yield data
    request_types.sagemaker_model.cache_clear()
    sagemaker_api.default_api.cache_clear()


def test_the_older_runtime_model_really_lacks_the_field(older_runtime_botocore: Path) -> None:
    # WHEN botocore loads SageMaker's model from its default search path alone
    model = botocore.loaders.Loader().load_service_model("sagemaker", "service-2")
    # THEN the fields are not in it (the premise of the next tests)
    assert TRIMMED_FIELD not in model["shapes"][TRIMMED_SHAPE]["members"]
    assert TRIMMED_NUMBER not in model["shapes"][TRIMMED_NUMBER_SHAPE]["members"]


def test_a_number_field_missing_from_the_runtimes_botocore_is_restored_and_sent(
    older_runtime_botocore: Path, cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a request with a number field the runtime's botocore does not know (CloudFormation sends "7")
    request = sample_request()
    request["HyperParameterTuningJobConfig"][TRIMMED_NUMBER] = 7

    # WHEN CloudFormation creates the resource
    answer = cloudformation.create(request)

    # THEN the handler restored it as the number the vendored model says, and SageMaker took the request
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.live_jobs() != {}


def test_a_field_missing_from_the_runtimes_botocore_reaches_sagemaker(
    older_runtime_botocore: Path, cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a request with the field (the sample sets TrainingJobDefinition.Environment)
    request = sample_request()
    assert TRIMMED_FIELD in request["TrainingJobDefinition"]

    # WHEN CloudFormation creates the resource
    answer = cloudformation.create(request)

    # THEN the job was created with the field, sent by the client built on the vendored model
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.describe(answer.physical_id)["TrainingJobDefinition"]["Environment"] == {
        "DB_PASSWORD": SECRET
    }


def test_the_runtimes_own_model_refuses_that_field(
    older_runtime_botocore: Path,
    cloudformation: CloudFormation,
    sagemaker: SageMakerProxy,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # GIVEN the provider told to use the runtime's model (what an acknowledged newer field sets)
    monkeypatch.setenv(contract.ENV_API_MODEL, contract.API_MODEL_RUNTIME)

    # WHEN CloudFormation creates the same resource
    answer = cloudformation.create(sample_request())

    # THEN the older runtime's botocore refuses to send it, naming the field: what the vendored model avoids
    assert answer.status == "FAILED"
    assert f'Unknown parameter in TrainingJobDefinition: "{TRIMMED_FIELD}"' in answer.reason
    assert sagemaker.live_jobs() == {}
