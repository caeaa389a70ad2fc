"""What other constructs may rely on from a tuning job, declared here or imported by name."""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class ITuningJob(Protocol):
    """A SageMaker hyperparameter tuning job: one of this app, or one imported with
    ``HyperParameterTuningJob.from_tuning_job_name``. Usable as a warm-start parent."""

    @property
    def tuning_job_name(self) -> str:
        """The tuning job's name."""
        ...

    @property
    def tuning_job_arn(self) -> str:
        """The tuning job's ARN."""
        ...
