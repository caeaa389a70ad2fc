"""Tuning job names: the name pattern in words, and the literal parts of names built from tokens.

botocore's model gives SageMaker's pattern, ``[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}``, which the structural
checks apply to a name known at synth time. A name built from tokens (``f"{Aws.STACK_NAME}_tuning"``)
is known only at deploy time, but its literal parts already tell whether SageMaker can ever accept it:
an underscore there fails every deploy, so it fails the synth instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from .._handler.contract import MAX_NAME_LENGTH, NAME_RULE
from . import registry, tokens
from .errors import Problem

#: The model's shapes whose pattern is SageMaker's tuning job name (a job's own name, a warm-start parent).
NAME_SHAPES = frozenset({"HyperParameterTuningJobName"})
_NOT_ALLOWED = re.compile(r"[^a-zA-Z0-9-]")


def rule(max_length: int = MAX_NAME_LENGTH) -> str:
    """What a name allows, in words: ``1 to 32 letters, digits and hyphens (no underscores), ...``."""
    return f"1 to {max_length} {NAME_RULE}"


def literal_problem(value: str, max_length: int = MAX_NAME_LENGTH, what: str = "name") -> str | None:
    """What is wrong with the literal parts of a name built from tokens, or ``None`` when they may be valid.

    :param value: a string that embeds tokens (or is one ``Fn.join`` token).
    :param max_length: the most characters the whole name may have; the literal parts alone must fit.
    :param what: the kind of name, for the message (``name``, ``name prefix``).
    """
    parts = [part for part in tokens.literal_parts(value) if part]
    text = "".join(parts)
    bad = sorted(set(_NOT_ALLOWED.findall(text)))
    shown = ", ".join(repr(part) for part in parts)
    if bad:
        return (
            f"the {what} is built from tokens and its literal parts ({shown}) hold "
            f"{', '.join(repr(char) for char in bad)}: a tuning job {what} takes {rule(max_length)}"
        )
    if len(text) > max_length:
        return (
            f"the {what} is built from tokens and its literal parts ({shown}) alone are {len(text)} "
            f"characters long, longer than the maximum of {max_length}"
        )
    return None


@registry.rule(
    "name-literals",
    level=registry.ERROR,
    source="botocore's model: HyperParameterTuningJobName pattern",
)
def token_name_literals(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A job name built from tokens (or a warm-start parent's) keeps SageMaker's rule in its literal parts."""
    for path, value in _names(request):
        if isinstance(value, str) and tokens.is_unresolved(value):
            problem = literal_problem(value)
            if problem is not None:
                yield Problem(path, problem, value)


def _names(request: Any) -> Iterator[tuple[str, Any]]:
    if not isinstance(request, Mapping):
        return
    yield "HyperParameterTuningJobName", request.get("HyperParameterTuningJobName")
    parents = tokens.items(
        tokens.get(tokens.mapping(request.get("WarmStartConfig")), "ParentHyperParameterTuningJobs")
    )
    for index, parent in enumerate(parents or []):
        yield (
            f"WarmStartConfig.ParentHyperParameterTuningJobs[{index}].HyperParameterTuningJobName",
            tokens.get(parent, "HyperParameterTuningJobName"),
        )
