"""Custom-resource handler for Custom::SageMakerHyperParameterTuningJob (Provider framework).

Work in progress: the full handler lands with the walking-skeleton issue.
"""

from typing import Any


def on_event(event: dict[str, Any], context: Any) -> dict[str, Any]:
    raise NotImplementedError("handler under construction")


def is_complete(event: dict[str, Any], context: Any) -> dict[str, Any]:
    raise NotImplementedError("handler under construction")
