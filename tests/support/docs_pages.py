"""The README and the user guide (``docs/``) as the tests read them: pages, sections, fenced code blocks.

Every Python block of a page runs (``page_namespaces``), in the names its page's ``Context`` gives it: the
objects its prose assumes (a ``stack``, a ``job``, a ``request``...). The tests that check what a block
declares read the namespace it ran in; ``tests/docs/test_doc_code_blocks.py`` checks that every block of
every page is run or checked.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
_FENCE = re.compile(r"^```([\w-]*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
#: The first line of an excerpt of the source: a Python block that quotes a file rather than running.
_EXCERPT = re.compile(r"^# (src/\S+\.py)\n")


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    page: str  # relative to the repository root: README.md, docs/typed-api.md
    index: int  # its position among the page's blocks
    language: str
    code: str

    @property
    def first_line(self) -> str:
        return self.code.split("\n", 1)[0]

    @property
    def excerpt_of(self) -> str | None:
        """The source file a Python excerpt quotes (its first line, ``# src/...py``), if it is one."""
        match = _EXCERPT.match(self.code) if self.language == "python" else None
        return match[1] if match else None


def pages() -> list[str]:
    """Every page with code blocks for users: the README and each Markdown file under docs/."""
    return ["README.md", *sorted(path.relative_to(ROOT).as_posix() for path in DOCS.rglob("*.md"))]


def read(page: str) -> str:
    return (ROOT / page).read_text()


def blocks(page: str) -> list[Block]:
    return [Block(page, index, match[1], match[2]) for index, match in enumerate(_FENCE.finditer(read(page)))]


def section(page: str, heading: str) -> str:
    """The text under a heading (``## Limits``), up to the next heading of the same or a higher level."""
    lines = read(page).split("\n")
    start = lines.index(heading)
    level = len(heading.split(" ", 1)[0])
    in_code = False
    for end in range(start + 1, len(lines)):
        line = lines[end]
        in_code ^= line.startswith("```")  # a "# comment" in a code block is no heading
        marks = len(line) - len(line.lstrip("#"))
        if not in_code and 0 < marks <= level and line[marks : marks + 1] == " ":
            return "\n".join(lines[start:end])
    return "\n".join(lines[start:])


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)


# The objects each page's prose assumes, made anew for each run (each block, on a page of separate
# examples; the page, where its blocks build on its first). Built lazily: aws_cdk starts Node.js.


def _raw_request_context() -> dict[str, Any]:
    # The page's block makes its own app and stack: the role it names is a literal ARN here.
    return {
        "role": SimpleNamespace(role_arn="arn:aws:iam::123456789012:role/training"),
        # Your own training image: a built-in algorithm's would be held to its hyperparameters' data.
        "image_uri": "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn-training:1.0",
    }


def _job_stack_context() -> dict[str, Any]:
    from aws_cdk import App, Environment, Stack

    from tests.samples import typed_job

    env = Environment(account="123456789012", region="us-east-1")
    app = App()
    stack = Stack(app, "Producer", env=env)
    return {
        "app": app,
        "stack": stack,
        "other_stack": Stack(app, "Consumer", env=env),
        "job": typed_job(stack),
    }


def _use_the_name_in_the_other_stack(namespace: dict[str, Any]) -> None:
    from aws_cdk import aws_ssm as ssm

    ssm.StringParameter(namespace["other_stack"], "Copy", string_value=namespace["name"])


def _tuning_eta(request: dict[str, Any]) -> dict[str, Any]:
    """The page's request tunes eta, whose best value its example reads (synth refuses an untuned name)."""
    ranges = request["HyperParameterTuningJobConfig"]["ParameterRanges"]
    ranges["ContinuousParameterRanges"] = [{"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5"}]
    return request


def _waiting_context() -> dict[str, Any]:
    from aws_cdk import App, Stack
    from aws_cdk import aws_iam as iam

    from cdk_sagemaker_tuning import HyperParameterTuningJob
    from tests.test_tuning_job_from_request import minimal_request, sagemaker_role

    stack = Stack(App(), "Waiting")
    return {
        "stack": stack,
        "HyperParameterTuningJob": HyperParameterTuningJob,
        "request": _tuning_eta(minimal_request(sagemaker_role(stack).role_arn)),
        "model_role": iam.Role(
            stack, "ModelRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com")
        ),
        "xgboost_image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
    }


def _events_context() -> dict[str, Any]:
    from aws_cdk import App, Stack

    from cdk_sagemaker_tuning import HyperParameterTuningJob
    from tests.test_tuning_job_from_request import minimal_request

    stack = Stack(App(), "ReadmeEvents")
    request = minimal_request("arn:aws:iam::123456789012:role/training")
    return {"stack": stack, "job": HyperParameterTuningJob.from_request(stack, "Tuning", request=request)}


@dataclass(frozen=True)
class Context:
    """What a page's Python blocks run in."""

    make: Callable[[], dict[str, Any]] = dict
    #: True: the blocks build on one another, in one namespace; False: each block is an example of its own.
    shared: bool = False
    #: What the page's prose does next with what a block made, if the block leaves it unused.
    then: Callable[[dict[str, Any]], None] | None = None


CONTEXTS: dict[str, Context] = {
    "README.md": Context(),
    "docs/index.md": Context(),
    "docs/typed-api.md": Context(shared=True),  # "The examples below share this set-up"
    "docs/raw-requests.md": Context(_raw_request_context),
    # "The other stack sees the new name": it uses the name it reads.
    "docs/lifecycle.md": Context(_job_stack_context, then=_use_the_name_in_the_other_stack),
    "docs/waiting.md": Context(_waiting_context),
    "docs/events.md": Context(_events_context),
    "docs/step-functions.md": Context(),
    "docs/snapshot-testing.md": Context(),  # its test runs as a user suite: tests/testing/
}


@functools.cache
def page_namespaces(page: str) -> tuple[dict[str, Any], ...]:
    """Run the page's Python blocks (excerpts of the source aside) and return the namespaces they ran in.

    One namespace for a page whose blocks share a set-up, else one per block. Cached: a page runs once per
    test session, and the tests that check what it declares read the same objects.
    """
    context = CONTEXTS.get(page, Context())
    runnable = [block for block in blocks(page) if block.language == "python" and block.excerpt_of is None]
    if context.shared:
        namespace = context.make()
        source = "\n".join(block.code for block in runnable)
        exec(compile(source, str(ROOT / page), "exec"), namespace)
        if context.then is not None:
            context.then(namespace)
        return (namespace,)
    namespaces = []
    for block in runnable:
        namespace = context.make()
        exec(compile(block.code, f"{ROOT / page} (block {block.index})", "exec"), namespace)
        if context.then is not None:
            context.then(namespace)
        namespaces.append(namespace)
    return tuple(namespaces)
