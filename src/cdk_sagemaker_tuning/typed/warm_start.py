"""Start a tuning job from the results of earlier ones: ``WarmStart.transfer_learning(parent)``."""

from __future__ import annotations

from enum import Enum
from typing import Any

from .interfaces import ITuningJob
from .prop_types import raise_for_type_errors

# How many parents (1 to 5) and their names' pattern are checked on the request against botocore's model.


class WarmStartType(Enum):
    """The API's ``HyperParameterTuningJobWarmStartType``."""

    IDENTICAL_DATA_AND_ALGORITHM = "IdenticalDataAndAlgorithm"
    TRANSFER_LEARNING = "TransferLearning"


class WarmStart:
    """Warm-start configuration: the parent tuning jobs whose results seed the new search.

    Parents are tuning jobs of this app, jobs imported with ``HyperParameterTuningJob.from_tuning_job_name``,
    or plain job names (1 to 5)::

        WarmStart.transfer_learning(previous_job, "older-tuning-job")
        WarmStart.identical_data_and_algorithm(previous_job)
    """

    def __init__(self, warm_start_type: WarmStartType, parents: tuple[ITuningJob | str, ...]) -> None:
        # A parent named twice is a rule of the request (validation/uniqueness.py): raw requests get it too.
        raise_for_type_errors(
            None
            if isinstance(warm_start_type, WarmStartType)
            else f"'warm_start_type' must be a WarmStartType, got {warm_start_type!r}",
            *(_parent_error(index, parent) for index, parent in enumerate(parents)),
        )
        names = [_parent_name(parent) for parent in parents]
        self.warm_start_type = warm_start_type
        self.parents = tuple(parents)
        self._names = names

    @classmethod
    def transfer_learning(cls, *parents: ITuningJob | str) -> WarmStart:
        """Seed the search with parents that may differ in data, algorithm image or ranges."""
        return cls(WarmStartType.TRANSFER_LEARNING, parents)

    @classmethod
    def identical_data_and_algorithm(cls, *parents: ITuningJob | str) -> WarmStart:
        """Continue the search of parents that used the same data and algorithm (ranges may change)."""
        return cls(WarmStartType.IDENTICAL_DATA_AND_ALGORITHM, parents)

    @property
    def parent_names(self) -> list[str]:
        """The parents' job names (tokens for jobs of this app)."""
        return list(self._names)

    def _render(self) -> dict[str, Any]:
        """The API's ``HyperParameterTuningJobWarmStartConfig``."""
        return {
            "ParentHyperParameterTuningJobs": [{"HyperParameterTuningJobName": name} for name in self._names],
            "WarmStartType": self.warm_start_type.value,
        }


def _parent_error(index: int, parent: Any) -> str | None:
    if isinstance(parent, str | ITuningJob):
        return None
    return f"warm start parent [{index}] must be a tuning job (ITuningJob) or a job name, got {parent!r}"


def _parent_name(parent: str | ITuningJob) -> str:
    return parent if isinstance(parent, str) else parent.tuning_job_name
