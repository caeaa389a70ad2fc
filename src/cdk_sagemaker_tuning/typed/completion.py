"""When a tuning job may stop before ``max_training_jobs``: ``TuningJobCompletionCriteria``."""

from __future__ import annotations

import math

from .._core import checks
from .._core.tokens import is_unresolved
from .prop_types import Finding, integer_error, raise_findings
from .request_builder import RequestBuilder


class TuningJobCompletionCriteria:
    """Stop the tuning job early once it is good enough or no longer improving.

    ::

        TuningJobCompletionCriteria(target_objective_value=0.95)
        TuningJobCompletionCriteria(max_jobs_not_improving=10, complete_on_convergence=True)

    :param target_objective_value: stop as soon as a training job reaches this objective value.
        :default: - no target
    :param max_jobs_not_improving: stop once this many training jobs in a row have not improved the
        best objective value (SageMaker allows 3 or more).
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
        errors: list[Finding] = []
        if target_objective_value is not None and not is_unresolved(target_objective_value):
            if isinstance(target_objective_value, bool) or not isinstance(
                target_objective_value, int | float
            ):
                errors.append(f"'target_objective_value' must be a number, got {target_objective_value!r}")
            elif not math.isfinite(target_objective_value):
                message = f"'target_objective_value' must be finite, got {target_objective_value!r}"
                errors.append(checks.PROP_VALUE.problem(message, value=target_objective_value))
        not_improving = integer_error("max_jobs_not_improving", max_jobs_not_improving)
        if not_improving:
            errors.append(not_improving)
        if complete_on_convergence is not None and not isinstance(complete_on_convergence, bool):
            errors.append(f"'complete_on_convergence' must be True or False, got {complete_on_convergence!r}")
        if (
            target_objective_value is None
            and max_jobs_not_improving is None
            and complete_on_convergence is None
        ):
            errors.append(
                checks.PROP_COMBINATION.problem(
                    "TuningJobCompletionCriteria needs at least one of 'target_objective_value', "
                    "'max_jobs_not_improving' or 'complete_on_convergence'"
                )
            )
        raise_findings(errors)
        self.target_objective_value = target_objective_value
        self.max_jobs_not_improving = max_jobs_not_improving
        self.complete_on_convergence = complete_on_convergence

    def _render(self, builder: RequestBuilder) -> None:
        """Write the API's ``TuningJobCompletionCriteria`` into its builder."""
        builder.put("TargetObjectiveMetricValue", self.target_objective_value, "target_objective_value")
        builder.put(
            "BestObjectiveNotImproving.MaxNumberOfTrainingJobsNotImproving",
            self.max_jobs_not_improving,
            "max_jobs_not_improving",
        )
        convergence = None
        if self.complete_on_convergence is not None:
            convergence = "Enabled" if self.complete_on_convergence else "Disabled"
        builder.put("ConvergenceDetected.CompleteOnConvergence", convergence, "complete_on_convergence")
