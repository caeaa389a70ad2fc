"""What ``HyperParameterTuningJob.from_request`` returns: the same construct, declared with the raw request.

A subclass only for its initializer (jsii constructs are created in ``__init__``): it calls the one
initializer of every declaration, ``HyperParameterTuningJob._initialize``, with the request as given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aws_cdk import RemovalPolicy
from constructs import Construct

from .completion_wait import TuningJobWait
from .tuning_job import HyperParameterTuningJob


# It passes the lifecycle props through one by one (the same keyword list as from_request): keyword-only
# props are the construct's API, and a **kwargs pass-through would hide them from type checkers.
class RawRequestTuningJob(HyperParameterTuningJob):
    """What ``HyperParameterTuningJob.from_request`` returns: the same construct, built from raw JSON."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        request: Mapping[str, Any],
        tuning_job_name_prefix: str | None,
        wait_for_completion: bool | None,
        wait: TuningJobWait | None,
        removal_policy: RemovalPolicy | None,
        replaced_job_removal_policy: RemovalPolicy | None,
        delete_job_record: bool | None,
        arn_output: bool | None,
    ) -> None:
        # The same initializer as the typed props, with the request as given.
        self._initialize(
            scope,
            id,
            lambda job: (request, {}),
            tuning_job_name_prefix=tuning_job_name_prefix,
            wait_for_completion=wait_for_completion,
            wait=wait,
            removal_policy=removal_policy,
            replaced_job_removal_policy=replaced_job_removal_policy,
            delete_job_record=delete_job_record,
            arn_output=arn_output,
        )
