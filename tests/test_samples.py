"""One source of the sample request: the handler's and the lifecycle's samples derive from ``tests/samples.py``."""

from __future__ import annotations

from cdk_sagemaker_tuning import validate_request
from tests import samples
from tests.harness import sample
from tests.support import cfn_events


def test_the_handler_tests_send_the_deployed_sample() -> None:
    # GIVEN the request the handler tests build their events from, THEN it is the samples module's
    assert cfn_events.xgboost_request is samples.deployed_request


def test_the_deployed_sample_is_a_valid_request() -> None:
    # WHEN the request every lifecycle scenario deploys is validated THEN SageMaker would take it
    report = validate_request(samples.deployed_request())
    assert (report.errors, report.warnings) == ([], [])


def test_the_deployed_sample_is_the_base_sample_as_the_example_stack_names_it() -> None:
    # GIVEN the validation tests' base request and the deployed one
    base, deployed = samples.base_request(), samples.deployed_request()

    # THEN they share the job's settings and differ only where the example stack names things
    assert (
        deployed["HyperParameterTuningJobConfig"]["ResourceLimits"]
        == (base["HyperParameterTuningJobConfig"]["ResourceLimits"])
    )
    assert "HyperParameterTuningJobName" not in deployed
    definition = deployed["TrainingJobDefinition"]
    assert definition["RoleArn"] == samples.DEPLOYED_ROLE_ARN
    assert definition["OutputDataConfig"]["S3OutputPath"].startswith(f"s3://{samples.DEPLOYED_BUCKET}/")
    assert {key: value for key, value in definition.items() if key not in _NAMED} == {
        key: value for key, value in base["TrainingJobDefinition"].items() if key not in _NAMED
    }


_NAMED = {"RoleArn", "InputDataConfig", "OutputDataConfig", "EnableNetworkIsolation"}


def test_the_lifecycle_sample_adds_only_its_secrets() -> None:
    # GIVEN the lifecycle scenarios' request
    request = sample.sample_request()

    # THEN it is the deployed sample with secrets in the environment and the static hyperparameters
    definition = request["TrainingJobDefinition"]
    assert definition.pop("Environment") == {"DB_PASSWORD": sample.SECRET}
    assert definition["StaticHyperParameters"].pop("metrics_token") == sample.SECRET_HYPERPARAMETER
    assert request == samples.deployed_request()


def test_overrides_replace_top_level_keys() -> None:
    assert samples.deployed_request(Tags=[])["Tags"] == []
