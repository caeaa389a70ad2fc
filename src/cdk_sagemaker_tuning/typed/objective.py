"""The metric a tuning job optimises: ``TuningObjective.maximize("validation:auc")``."""

from __future__ import annotations

from enum import Enum

from .prop_types import raise_for_type_errors


class ObjectiveType(Enum):
    """Whether the tuning job looks for the largest or the smallest value of the objective metric."""

    MAXIMIZE = "Maximize"
    MINIMIZE = "Minimize"


class TuningObjective:
    """The objective metric of a tuning job (``HyperParameterTuningJobObjective``).

    Create one with :meth:`maximize` or :meth:`minimize`, like the SageMaker Python SDK's
    ``objective_type="Maximize"``::

        TuningObjective.maximize("validation:auc")
        TuningObjective.minimize("validation:rmse")
    """

    def __init__(self, objective_type: ObjectiveType, metric_name: str) -> None:
        """
        :param objective_type: maximise or minimise the metric.
        :param metric_name: the metric's name as the algorithm reports it (for a custom container, the
            ``name`` of one of its metric definitions).
        """
        raise_for_type_errors(
            None
            if isinstance(objective_type, ObjectiveType)
            else f"'objective_type' must be ObjectiveType.MAXIMIZE or ObjectiveType.MINIMIZE, got {objective_type!r}",
            # its length and pattern are the model's (MetricName)
            None if isinstance(metric_name, str) else f"'metric_name' must be a string, got {metric_name!r}",
        )
        self.objective_type = objective_type
        self.metric_name = metric_name

    @classmethod
    def maximize(cls, metric_name: str) -> TuningObjective:
        """Look for the training job with the largest value of ``metric_name``."""
        return cls(ObjectiveType.MAXIMIZE, metric_name)

    @classmethod
    def minimize(cls, metric_name: str) -> TuningObjective:
        """Look for the training job with the smallest value of ``metric_name``."""
        return cls(ObjectiveType.MINIMIZE, metric_name)

    def _render(self) -> dict[str, str]:
        """The API's ``HyperParameterTuningJobObjective``."""
        return {"Type": self.objective_type.value, "MetricName": self.metric_name}

    def __repr__(self) -> str:
        return f"TuningObjective.{self.objective_type.name.lower()}({self.metric_name!r})"
