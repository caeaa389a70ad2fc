"""How long a training job may run, wait and stay pending: the API's ``StoppingCondition``, declared once.

``StoppingOptions`` is the keyword group of ``TrainingJobDefinition``; ``StoppingCondition`` is its frozen
value object, which owns the type checks and the rendering.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypedDict

from aws_cdk import Duration

from .._core import checks
from .prop_types import Finding, seconds, type_error
from .request_builder import RequestBuilder

_DEFAULT_MAX_RUNTIME = Duration.days(1)


class StoppingOptions(TypedDict, total=False):
    """The limits of each training job (``StoppingCondition``).

    :param max_runtime: the longest a training job may run (``MaxRuntimeInSeconds``).
        :default: Duration.days(1) - SageMaker's own default
    :param max_wait: with ``spot``, the longest a job may wait for spot capacity plus run
        (``MaxWaitTimeInSeconds``, at least ``max_runtime``). Required with ``spot``. :default: - none
    :param max_pending: the longest a job may stay pending, 30 minutes to 28 days
        (``MaxPendingTimeInSeconds``). :default: - SageMaker's default
    """

    max_runtime: Duration | None
    max_wait: Duration | None
    max_pending: Duration | None


@dataclass(frozen=True)
class StoppingCondition:
    """The ``StoppingOptions`` of one training job definition as a value: type checks and render.

    :param options: the options as given to ``TrainingJobDefinition``.
    """

    options: StoppingOptions

    def errors(self) -> list[Finding]:
        """The finding of each option that is not a ``Duration`` or not a whole number of seconds."""
        found = [
            _duration_error("max_runtime", self.options.get("max_runtime")),
            _duration_error("max_wait", self.options.get("max_wait")),
            _duration_error("max_pending", self.options.get("max_pending")),
        ]
        return [error for error in found if error]

    def render(self, builder: RequestBuilder) -> None:
        """Write ``StoppingCondition``; ``MaxRuntimeInSeconds`` always (SageMaker requires it)."""
        options = self.options
        builder.put("StoppingCondition", None, "max_runtime")
        runtime = seconds(options.get("max_runtime") or _DEFAULT_MAX_RUNTIME)
        builder.put("StoppingCondition.MaxRuntimeInSeconds", runtime, "max_runtime")
        builder.put("StoppingCondition.MaxWaitTimeInSeconds", seconds(options.get("max_wait")), "max_wait")
        pending = seconds(options.get("max_pending"))
        builder.put("StoppingCondition.MaxPendingTimeInSeconds", pending, "max_pending")


def _duration_error(prop: str, value: Any) -> Finding | None:
    error = type_error(prop, value, Duration)
    if error:
        return error
    try:
        seconds(value)
    except Exception:  # jsii raises for a duration that is not a whole number of seconds
        message = f"'{prop}' must be a whole number of seconds, got {value.to_human_string()}"
        return checks.PROP_VALUE.problem(message, value=value)
    return None
