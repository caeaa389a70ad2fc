"""Tag checks, shared by the request's ``Tags`` and the tags rendered at synth (``Tags.of(...)`` included).

Tags get their own module because they are checked twice: with the rest of the request when the job is
declared, and again at synth on the tags as rendered, since ``Tags.of(job).add(...)`` is applied by an
aspect after the constructor ran. Both go through :func:`check`.

The deploy-time handler adds tags of its own to every job, under :data:`RESERVED_KEY_PREFIX`. Their keys
and count come from the contract module the handler imports too (``_handler/contract.py``), so the two
sides cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .._handler import contract
from . import registry, structural, tokens
from .api_model import Shape
from .errors import Problem, show
from .report import ValidationReport

#: The key prefix of the tags the handler adds to every job it creates. A later event recognises its
#: own job by them (SageMaker has no idempotency token), and IAM lets the handler touch only jobs tagged
#: with its stack, so a user tag under this prefix could make the handler adopt, or refuse, the wrong job.
RESERVED_KEY_PREFIX = contract.RESERVED_TAG_PREFIX
#: How many tags the handler adds at most (the contract's reserved keys).
HANDLER_TAG_COUNT = len(contract.RESERVED_TAG_KEYS)
#: SageMaker's limit of tags per job (API_CreateHyperParameterTuningJob: Tags, "Maximum number of 50
#: items"; botocore's model says the same).
SAGEMAKER_MAX_TAGS = contract.MAX_TAGS
#: What is left for the user's own tags once the handler's are added.
MAX_USER_TAGS = contract.MAX_USER_TAGS

PATH = "Tags"
RULE_ID = "tags"


#: A token stands where a {Key, Value} object belongs (the construct must read each tag to merge it).
TOKEN_TAG_MESSAGE = (
    "is a token: give each tag as a {Key, Value} object (its Key and Value may be tokens), or add it "
    "with Tags.of(job).add(key, value)"
)


def tag_list_shape() -> Shape:
    """The model's shape of the request's ``Tags``."""
    shape = structural.input_shape().members[PATH]
    assert shape.type_name == "list"
    return shape


#: How a finding names one tag: by its index in the request (``Tags[3]``), or by its key once
#: rendered, where the order is CDK's and not the user's (``Tags['team']``).
Label = Callable[[int, Any], str]


def by_index(index: int, tag: Any) -> str:
    return f"{PATH}[{index}]"


def by_key(index: int, tag: Any) -> str:
    key = tokens.get(tag, "Key")
    return f"{PATH}[{show(key)}]" if isinstance(key, str) else by_index(index, tag)


@registry.rule(
    RULE_ID,
    level=registry.ERROR,
    source="botocore's model; API_Tag; Tagging AWS resources; _handler/contract.py",
)
def request_tags(request: Mapping[str, Any]) -> Iterator[Problem]:
    """The request's Tags: structure, at most the user's share of 50, unique keys, no reserved prefixes."""
    yield from check(request.get(PATH)).errors


def check(tags: Any, *, label: Label = by_index, origin: str = "", count_hint: str = "") -> ValidationReport:
    """Every problem of a ``Tags`` list: structure, count, unique keys, reserved prefixes.

    Unresolved tokens are skipped: a token list entirely, a token key or value for the checks that
    need it.

    :param tags: the list of ``{"Key": ..., "Value": ...}`` objects (``None`` when there is none).
    :param label: how findings name each tag.
        :default: by its index in the list
    :param origin: where the tags come from, for the count message.
        :default: - not said
    :param count_hint: appended to the count message: how else to stay within it.
        :default: - none
    """
    report = _check(tags, label, origin, count_hint)
    # Also run on the tags rendered at synth (resource/job_rendering.py): its findings carry the rule's id too.
    report.errors = registry.stamped(RULE_ID, report.errors)
    return report


def _check(tags: Any, label: Label, origin: str, count_hint: str) -> ValidationReport:
    report = ValidationReport()
    if tags is None or tokens.is_unresolved(tags):
        return report
    tag_shape = tag_list_shape().member
    if not isinstance(tags, list | tuple):
        report.error(PATH, f"{show(tags)} must be a list of {tag_shape.name} objects", tags)
        return report
    if len(tags) > MAX_USER_TAGS:
        report.error(
            PATH,
            f"has {len(tags)} tags{origin}, more than the maximum of {MAX_USER_TAGS}: SageMaker allows "
            f"{SAGEMAKER_MAX_TAGS} per job and the cdk-sagemaker-tuning handler adds {HANDLER_TAG_COUNT} "
            f"of its own ({RESERVED_KEY_PREFIX}...){count_hint}",
            tags,
        )
    seen: dict[str, str] = {}
    for index, tag in enumerate(tags):
        path = label(index, tag)
        if tokens.is_unresolved(tag):
            # The construct merges the request's tags with Tags.of(...) at synth: it must read each one.
            report.error(path, TOKEN_TAG_MESSAGE, tag)
            continue
        # Lengths, patterns and required members come from botocore's model, as for the whole request.
        report.extend(structural.check_value(tag, tag_shape, path))
        key = tokens.string(tokens.get(tag, "Key"))
        if key is None:
            continue
        key_path = f"{path}.Key"
        if key.lower().startswith("aws:"):
            # Tagging AWS resources: keys may not start with aws: in any letter case (reserved for AWS).
            # https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
            report.error(key_path, f"{show(key)} starts with 'aws:', a prefix reserved for AWS", key)
        if key.startswith(RESERVED_KEY_PREFIX):
            report.error(
                key_path,
                f"{show(key)} starts with {RESERVED_KEY_PREFIX!r}, a prefix reserved for the tags that the "
                f"cdk-sagemaker-tuning handler adds to every job it creates and uses to recognise its own "
                "jobs; choose another key",
                key,
            )
        # API_Tag: "Tag keys must be unique per resource."
        # https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_Tag.html
        if key in seen:
            report.error(
                key_path, f"{show(key)} is already the key of {seen[key]}; tag keys must be unique", key
            )
        else:
            seen[key] = path
    return report
