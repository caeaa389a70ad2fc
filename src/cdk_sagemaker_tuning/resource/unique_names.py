"""Two jobs of one app with the same fixed name fail at synth, when they would deploy to the same place.

SageMaker names a tuning job uniquely per account and region, and never reuses a name: the second job
to deploy fails with "ResourceInUse" (or, across stacks, the handler refuses a job it does not own).
Jobs declared in one app are known together at synth, so the clash is reported before any deploy. Only
literal names are compared (case-insensitively, as SageMaker treats them), and only between jobs whose
stacks have the same account and region; two environment-agnostic stacks count as the same place, since
``cdk deploy`` puts both in the caller's account and region.

The check is kept on the app (the root of the construct tree, above every stage), once, and every job
registers itself with it; each stack with jobs adds one validation that reports, under the stack's path,
the clashes its jobs take part in (a validation of the app would be reported under an empty path,
``[]``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import jsii
from aws_cdk import Stack
from constructs import Construct, IValidation

from .._core import checks
from .._core.tokens import is_unresolved

_ATTRIBUTE = "_cdk_sagemaker_tuning_unique_names"


def _fixed_name(job: Construct) -> str | None:
    request: Any = getattr(job, "request", None)
    name = request.get("HyperParameterTuningJobName") if isinstance(request, dict) else None
    return name if isinstance(name, str) and name and not is_unresolved(name) else None


class _UniqueNames:
    """The app's check. Each job is registered with its stack, so that the stack's account and region are
    read once per stack, and a job's path only when it clashes: each read is a call into Node.js.

    CDK reports a validation's messages under the path of the construct it is added to, and the app's
    path is empty (``[]``): each stack with jobs reports the clashes its own jobs take part in instead
    (``_StackNames``), under its path. The clashes are found once for all the stacks.
    """

    def __init__(self) -> None:
        self.jobs: list[tuple[Construct, Stack]] = []
        self._clashes: list[tuple[str, list[Stack]]] | None = None

    def add(self, job: Construct, stack: Stack) -> None:
        self.jobs.append((job, stack))
        self._clashes = None  # found again at the next validation

    def messages_for(self, stack: Stack) -> list[str]:
        """The message of each clash a job of ``stack`` takes part in."""
        if self._clashes is None:
            self._clashes = self._find_clashes()
        return [message for message, stacks in self._clashes if any(s is stack for s in stacks)]

    def _find_clashes(self) -> list[tuple[str, list[Stack]]]:
        by_name: dict[str, list[tuple[str, Construct, Stack]]] = defaultdict(list)
        for job, stack in self.jobs:
            name = _fixed_name(job)
            if name is not None:
                by_name[name.lower()].append((name, job, stack))
        # Only a name fixed more than once needs its jobs' places (a call into Node.js per stack).
        places: dict[int, tuple[str, str]] = {}
        by_place: dict[tuple[str, str, str], list[tuple[str, Construct, Stack]]] = defaultdict(list)
        for key, named in by_name.items():
            if len(named) < 2:
                continue
            for name, job, stack in named:
                if id(stack) not in places:
                    places[id(stack)] = (stack.account, stack.region)
                by_place[(*places[id(stack)], key)].append((name, job, stack))
        clashes = []
        for (account, region, _), jobs in by_place.items():
            if len(jobs) < 2:
                continue
            name = jobs[0][0]
            paths = [job.node.path for _, job, _ in jobs]
            where = (
                "the same account and region"
                if is_unresolved(account) or is_unresolved(region)
                else (f"account {account}, region {region}")
            )
            problem = checks.UNIQUE_JOB_NAMES.problem(
                f"tuning job name '{name}' is fixed by {len(paths)} jobs deploying to {where} "
                f"({', '.join(paths)}); SageMaker names are unique per account and region: give each job its "
                "own tuning_job_name (HyperParameterTuningJobName), or use tuning_job_name_prefix",
                prop="tuning_job_name",
                value=name,
            )
            clashes.append((problem.line(), [stack for _, _, stack in jobs]))
        return clashes


@jsii.implements(IValidation)
class _StackNames:
    """One stack's part of the app's check: reported under the stack's path."""

    def __init__(self, app_check: _UniqueNames, stack: Stack) -> None:
        self._app_check = app_check
        self._stack = stack

    def validate(self) -> list[str]:
        return self._app_check.messages_for(self._stack)


def register(job: Construct, stack: Stack) -> None:
    """Include ``job`` of ``stack`` in its app's check for fixed names used twice."""
    checker = getattr(stack, _ATTRIBUTE, None)  # remembered on the stack: the root is a call away
    if checker is None:
        root = stack.node.root
        checker = getattr(root, _ATTRIBUTE, None)
        if checker is None:
            checker = _UniqueNames()
            setattr(root, _ATTRIBUTE, checker)
        setattr(stack, _ATTRIBUTE, checker)
        stack.node.add_validation(_StackNames(checker, stack))  # once per stack with jobs
    checker.add(job, stack)
