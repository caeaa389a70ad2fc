"""Which request values a FAILED reason may never show, and how they are masked (pure functions)."""

from __future__ import annotations

from cdk_sagemaker_tuning._handler import redaction
from tests.support.cfn_events import cfn_stringify, xgboost_request


def request_with(environment: dict[str, str], static: dict[str, str]) -> dict[str, object]:
    request = xgboost_request()
    request["TrainingJobDefinition"]["Environment"] = environment
    request["TrainingJobDefinition"]["StaticHyperParameters"] = static
    return cfn_stringify(request)


def test_the_values_of_environment_and_static_hyperparameters_are_secret_longest_first() -> None:
    # GIVEN a request (as CloudFormation delivers it) and a multi-algorithm one
    request = request_with({"DB_PASSWORD": "s3cr3t-pw"}, {"token": "tok-1234567", "max_depth": "6"})
    multi = {"TrainingJobDefinitions": [{"Environment": {"KEY": "another-secret"}}, "not-an-object"]}

    # WHEN
    values = redaction.secret_values(request, multi, None)

    # THEN every value long enough to be a credential, longest first; "6" is left alone
    assert values == ["another-secret", "tok-1234567", "s3cr3t-pw"]


def test_a_reason_has_each_secret_value_and_any_value_quoted_at_a_secret_path_masked() -> None:
    # GIVEN SageMaker's constraint message quoting a value, and a value echoed elsewhere
    reason = (
        "1 validation error detected: Value 'short' at 'trainingJobDefinition.environment' failed to satisfy "
        "constraint; also s3cr3t-pw. Value 'ml.m5.huge' at 'resourceConfig.instanceType' is not valid"
    )

    # WHEN
    masked = redaction.redact(reason, ["s3cr3t-pw"])

    # THEN the values at the secret path and the known value are masked, an instance type is not
    assert masked == (
        "1 validation error detected: Value '***' at 'trainingJobDefinition.environment' failed to satisfy "
        "constraint; also ***. Value 'ml.m5.huge' at 'resourceConfig.instanceType' is not valid"
    )


def test_static_hyperparameters_paths_are_secret_paths_too() -> None:
    reason = "Value 'abc' at 'trainingJobDefinitions.1.member.staticHyperParameters' failed"
    assert (
        redaction.redact(reason, [])
        == "Value '***' at 'trainingJobDefinitions.1.member.staticHyperParameters' failed"
    )
