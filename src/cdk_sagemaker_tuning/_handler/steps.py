"""What the steps of an event (``create_steps``, ``wait_steps``) need of the invocation that runs them.

``index.Invocation`` is the shell (the event in, the answer out, the hand-over, failures, logging); the
steps of each kind of event are its mixins, written against this base so that each module can be read,
and type-checked, on its own.
"""

from __future__ import annotations

import abc
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import sagemaker_api
from .budget import EventBudget
from .continuation import Continuation
from .lifecycle import Answer, ResourceEvent


@dataclass(frozen=True)
class Pending:
    """The job is still being waited for and this invocation has no time left: hand over to the next."""

    job: str


Outcome = Answer | Pending


class Steps(abc.ABC):
    """The invocation's state and the shell's methods that the steps call."""

    api: sagemaker_api.SageMakerApi
    budget: EventBudget
    state: Continuation
    context: Any
    clock: Callable[[], float]
    sleep: Callable[[float], None]
    #: The job this invocation created (or adopted), so any later failure answers with its name.
    started_job: str | None
    #: The stack's status (DescribeStacks), ``None`` when it cannot be read.
    stack_status: Callable[[str], str | None]

    @abc.abstractmethod
    def _log(
        self, decision: str, resource: ResourceEvent | None, *, level: int = logging.INFO, **fields: Any
    ) -> None: ...

    @abc.abstractmethod
    def _fail(self, resource: ResourceEvent, reason: str, job: str | None = None) -> Answer: ...

    @abc.abstractmethod
    def _stop(self, resource: ResourceEvent, job: str) -> None: ...

    @abc.abstractmethod
    def _sagemaker_failure(
        self, resource: ResourceEvent, error: sagemaker_api.SageMakerError, job: str | None
    ) -> Answer: ...

    @abc.abstractmethod
    def _log_stream(self) -> str: ...

    @abc.abstractmethod
    def _await_completion(self, resource: ResourceEvent, name: str) -> Outcome: ...
