"""What a tuning job checks at synth time, once ``Tags.of`` aspects have been applied: its rendered tags (an
``IValidation``), and the finding for a token where a tag belongs. (The request itself reaches the template
as plain data and property overrides: ``request_template``.)"""

from __future__ import annotations

from typing import Any, Protocol

import jsii
from aws_cdk import TagManager
from constructs import IValidation

from .._handler.contract import RESOURCE_TYPE
from ..validation import Problem
from ..validation import tags as tag_rules


class _RenderedJob(Protocol):
    """What the two need of ``HyperParameterTuningJob`` (which imports this module)."""

    @property
    def tags(self) -> TagManager: ...


@jsii.implements(IValidation)
class RenderedTagsValidation:
    """Checks the job's tags as rendered, once ``Tags.of(...)`` aspects have run.

    The constructor validates the request's own ``Tags``, but ``Tags.of(job).add(...)`` (or
    ``Tags.of(stack)``) reaches the job during synthesis, after it. CDK runs construct validations
    after the aspects and reports every message with the construct's path, failing ``cdk synth``.
    """

    def __init__(self, job: _RenderedJob) -> None:
        self._job = job

    def validate(self) -> list[str]:
        rendered = self._job.tags.render_tags()
        report = tag_rules.check(
            rendered,
            label=tag_rules.by_key,
            origin=" (the request's Tags and those added with Tags.of)",
            # Stack-wide tags are the usual cause; other resources take 50 tags and may keep them.
            count_hint=(
                "; a stack-wide tag can leave tuning jobs out with Tags.of(scope).add(key, value, "
                f"exclude_resource_types=[{RESOURCE_TYPE!r}])"
            ),
        )
        return [problem.line() for problem in report.errors]  # each ending with its rule's id, [tags]


def token_tag_problem(index: int, tag: Any) -> Problem:
    """The request's ``Tags[index]`` is a token (of a token list, which the request's check cannot read)."""
    return Problem(f"Tags[{index}]", tag_rules.TOKEN_TAG_MESSAGE, tag, rule=tag_rules.RULE_ID)
