"""The request every lifecycle scenario deploys: a realistic one, with secrets the handler must never log."""

from __future__ import annotations

from typing import Any

from tests.samples import deployed_request

#: Another stack of the same account and region: its jobs are not this stack's to stop or retag.
OTHER_STACK_ID = (
    "arn:aws:cloudformation:us-east-1:123456789012:stack/OtherStack/0a1b2c3d-4e5f-11ef-8a9b-0affe1c2b3d4"
)

#: A training container's secret, as users (wrongly, but commonly) put them in ``Environment``.
SECRET = "s3cr3t-Db-Passw0rd-7f3a9c"
#: A secret in the static hyperparameters (an API token for a metrics service, say).
SECRET_HYPERPARAMETER = "tok-91c2e7d4b5a6-never-log"


def sample_request(**overrides: Any) -> dict[str, Any]:
    """``tests/samples.py``'s ``deployed_request`` with secrets in ``Environment`` and ``StaticHyperParameters``."""
    request = deployed_request(**overrides)
    definition = request["TrainingJobDefinition"]
    definition["Environment"] = {"DB_PASSWORD": SECRET}
    definition["StaticHyperParameters"]["metrics_token"] = SECRET_HYPERPARAMETER
    return request


def changed_request(**overrides: Any) -> dict[str, Any]:
    """The sample with a field that SageMaker cannot change in place: the job must be replaced."""
    request = sample_request(**overrides)
    request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxNumberOfTrainingJobs"] = 40
    return request


def retagged_request(**overrides: Any) -> dict[str, Any]:
    """The sample with only its tags changed: the job is kept and retagged."""
    return sample_request(
        Tags=[{"Key": "project", "Value": "renamed"}, {"Key": "team", "Value": "ml"}], **overrides
    )
