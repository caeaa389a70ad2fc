"""Two jobs of one app with the same fixed name fail at synth, when they would deploy to the same place.

SageMaker names a tuning job uniquely per account and region, and never reuses a name: the second job
to deploy fails with "ResourceInUse" (or, across stacks, the handler refuses a job it does not own).
Jobs declared in one app are known together at synth, so the clash is reported before any deploy. Only
literal names are compared (case-insensitively, as SageMaker treats them), and only between jobs whose
stacks have the same account and region; two environment-agnostic stacks count as the same place, since
``cdk deploy`` puts both in the caller's account and region.

One validation is added to the app (the root of the construct tree, above every stage), once, and every
job registers itself with it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import jsii
from aws_cdk import Stack
from constructs import Construct, IValidation

from .tokens import is_unresolved

_ATTRIBUTE = "_cdk_sagemaker_tuning_unique_names"


class _Job:
    """What the check needs of a job; the job itself is not imported here (it imports this module)."""

    def __init__(self, construct: Construct) -> None:
        self.construct = construct

    def fixed_name(self) -> str | None:
        request: Any = getattr(self.construct, "request", None)
        name = request.get("HyperParameterTuningJobName") if isinstance(request, dict) else None
        return name if isinstance(name, str) and name and not is_unresolved(name) else None

    def place(self) -> tuple[str, str]:
        stack = Stack.of(self.construct)
        return stack.account, stack.region


@jsii.implements(IValidation)
class _UniqueNames:
    def __init__(self) -> None:
        self.jobs: list[_Job] = []

    def validate(self) -> list[str]:
        by_place: dict[tuple[str, str, str], list[tuple[str, str]]] = defaultdict(list)
        for job in self.jobs:
            name = job.fixed_name()
            if name is not None:
                by_place[(*job.place(), name.lower())].append((name, job.construct.node.path))
        errors = []
        for (account, region, _), jobs in by_place.items():
            if len(jobs) < 2:
                continue
            name = jobs[0][0]
            paths = [path for _, path in jobs]
            where = (
                "the same account and region"
                if is_unresolved(account) or is_unresolved(region)
                else (f"account {account}, region {region}")
            )
            errors.append(
                f"tuning job name '{name}' is fixed by {len(paths)} jobs deploying to {where} "
                f"({', '.join(paths)}); SageMaker names are unique per account and region: give each job its "
                "own tuning_job_name (HyperParameterTuningJobName), or use tuning_job_name_prefix"
            )
        return errors


def register(job: Construct) -> None:
    """Include ``job`` in its app's check for fixed names used twice."""
    root = job.node.root
    checker = getattr(root, _ATTRIBUTE, None)
    if checker is None:
        checker = _UniqueNames()
        setattr(root, _ATTRIBUTE, checker)
        root.node.add_validation(checker)
    checker.jobs.append(_Job(job))
