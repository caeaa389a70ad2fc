"""When a tuning job may stop before ``max_training_jobs``: ``TuningJobCompletionCriteria``."""

from __future__ import annotations

import math
from typing import Any

from aws_cdk import Token


def _is_number_token(value: Any) -> bool:
    # jsii cannot carry NaN or infinity to Token.is_unresolved: only finite floats can be number tokens.
    return isinstance(value, float) and math.isfinite(value) and Token.is_unresolved(value)


# botocore's model: MaxNumberOfTrainingJobsNotImproving has min 3.
MIN_JOBS_NOT_IMPROVING = 3


class TuningJobCompletionCriteria:
    """Stop the tuning job early once it is good enough or no longer improving.

    ::

        TuningJobCompletionCriteria(target_objective_value=0.95)
        TuningJobCompletionCriteria(max_jobs_not_improving=10, complete_on_convergence=True)

    :param target_objective_value: stop as soon as a training job reaches this objective value.
        :default: - no target
    :param max_jobs_not_improving: stop once this many training jobs in a row have not improved the
        best objective value (at least 3).
        :default: - never stops for that reason
    :param complete_on_convergence: stop when SageMaker's automatic model tuning detects convergence
        (``True``), or explicitly not (``False``).
        :default: - not set; SageMaker's default applies
    """

    def __init__(
        self,
        *,
        target_objective_value: float | None = None,
        max_jobs_not_improving: int | None = None,
        complete_on_convergence: bool | None = None,
    ) -> None:
        errors: list[str] = []
        if target_objective_value is not None and not _is_number_token(target_objective_value):
            if isinstance(target_objective_value, bool) or not isinstance(
                target_objective_value, int | float
            ):
                errors.append(f"'target_objective_value' must be a number, got {target_objective_value!r}")
            elif not math.isfinite(target_objective_value):
                errors.append(f"'target_objective_value' must be finite, got {target_objective_value!r}")
        if (
            max_jobs_not_improving is not None
            and not _is_number_token(max_jobs_not_improving)
            and (
                isinstance(max_jobs_not_improving, bool)
                or not isinstance(max_jobs_not_improving, int)
                or max_jobs_not_improving < MIN_JOBS_NOT_IMPROVING
            )
        ):
            errors.append(
                f"'max_jobs_not_improving' must be an integer of at least {MIN_JOBS_NOT_IMPROVING}, "
                f"got {max_jobs_not_improving!r}"
            )
        if complete_on_convergence is not None and not isinstance(complete_on_convergence, bool):
            errors.append(f"'complete_on_convergence' must be True or False, got {complete_on_convergence!r}")
        if (
            target_objective_value is None
            and max_jobs_not_improving is None
            and complete_on_convergence is None
        ):
            errors.append(
                "TuningJobCompletionCriteria needs at least one of 'target_objective_value', "
                "'max_jobs_not_improving' or 'complete_on_convergence'"
            )
        if errors:
            raise ValueError("; ".join(errors))
        self.target_objective_value = target_objective_value
        self.max_jobs_not_improving = max_jobs_not_improving
        self.complete_on_convergence = complete_on_convergence

    def _render(self) -> dict[str, Any]:
        """The API's ``TuningJobCompletionCriteria``."""
        rendered: dict[str, Any] = {}
        if self.target_objective_value is not None:
            rendered["TargetObjectiveMetricValue"] = self.target_objective_value
        if self.max_jobs_not_improving is not None:
            rendered["BestObjectiveNotImproving"] = {
                "MaxNumberOfTrainingJobsNotImproving": self.max_jobs_not_improving
            }
        if self.complete_on_convergence is not None:
            rendered["ConvergenceDetected"] = {
                "CompleteOnConvergence": "Enabled" if self.complete_on_convergence else "Disabled"
            }
        return rendered

    def _prop_names(self, api_prefix: str, prop_prefix: str) -> dict[str, str]:
        return {
            f"{api_prefix}.TargetObjectiveMetricValue": f"{prop_prefix}.target_objective_value",
            f"{api_prefix}.BestObjectiveNotImproving": f"{prop_prefix}.max_jobs_not_improving",
            f"{api_prefix}.BestObjectiveNotImproving.MaxNumberOfTrainingJobsNotImproving": (
                f"{prop_prefix}.max_jobs_not_improving"
            ),
            f"{api_prefix}.ConvergenceDetected": f"{prop_prefix}.complete_on_convergence",
            f"{api_prefix}.ConvergenceDetected.CompleteOnConvergence": f"{prop_prefix}.complete_on_convergence",
        }
