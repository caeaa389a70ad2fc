"""A tuning job that exists outside the app: ``HyperParameterTuningJob.from_tuning_job_name``."""

from __future__ import annotations

from aws_cdk import Resource, Stack
from constructs import Construct

from .._core.tokens import is_unresolved


class ImportedTuningJob(Resource):
    """What ``HyperParameterTuningJob.from_tuning_job_name`` returns: a reference, nothing is deployed."""

    def __init__(self, scope: Construct, id: str, tuning_job_name: str) -> None:
        super().__init__(scope, id)
        self.tuning_job_name: str = tuning_job_name
        # SageMaker writes job names in lower case in ARNs (names are case-insensitive).
        arn_name = tuning_job_name if is_unresolved(tuning_job_name) else tuning_job_name.lower()
        self.tuning_job_arn: str = Stack.of(self).format_arn(
            service="sagemaker", resource="hyper-parameter-tuning-job", resource_name=arn_name
        )
