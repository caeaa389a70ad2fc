"""Tag rules, checked on the request's Tags when the job is declared and on the rendered tags at synth.

``Tags.of(...)`` is applied by an aspect during synthesis, after the constructor validated the request,
so its tags are checked by a construct validation: ``app.synth()`` fails with one line per problem,
``[<construct path>] Tags['<key>']...: <message>``. Each failing app below is synthesized once per module
and every test reads its own construct's lines.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from aws_cdk import App, Fn, Stack, Tags, Token
from aws_cdk.assertions import Template
from validation_helpers import base_request, stringify

from cdk_sagemaker_tuning import RESOURCE_TYPE, HyperParameterTuningJob, TuningJobValidationError
from cdk_sagemaker_tuning._handler import contract, create_plan, lifecycle
from cdk_sagemaker_tuning.validation import tags as tag_rules
from cdk_sagemaker_tuning.validation import validate_request
from cdk_sagemaker_tuning.validation.structural import input_shape

RESERVED = tag_rules.RESERVED_KEY_PREFIX
MAX = tag_rules.MAX_USER_TAGS


def tags(count: int, prefix: str = "k") -> list[dict[str, str]]:
    return [{"Key": f"{prefix}{i:02d}", "Value": "v"} for i in range(count)]


def request_with_tags(tag_list: Any) -> dict[str, Any]:
    request = base_request()
    request["Tags"] = tag_list
    return request


def errors_of(tag_list: Any) -> list[str]:
    return [str(problem) for problem in validate_request(request_with_tags(tag_list)).errors]


# -- one place for the handler's constants, and it agrees with the handler --------------------------------


def test_the_user_limit_leaves_room_for_the_handlers_tags() -> None:
    # GIVEN SageMaker's limit from botocore's model THEN the user limit is that minus the handler's tags
    assert input_shape().members["Tags"].metadata["max"] == tag_rules.SAGEMAKER_MAX_TAGS
    assert MAX == contract.MAX_USER_TAGS == tag_rules.SAGEMAKER_MAX_TAGS - tag_rules.HANDLER_TAG_COUNT == 43


def test_the_handlers_reserved_keys_agree_with_the_construct() -> None:
    # GIVEN the keys the handler reserves THEN each is under the construct's prefix, and there are as many
    assert contract.RESERVED_TAG_KEYS
    assert all(key.startswith(RESERVED) for key in contract.RESERVED_TAG_KEYS)
    assert len(contract.RESERVED_TAG_KEYS) == tag_rules.HANDLER_TAG_COUNT


def test_a_request_with_the_most_user_tags_reaches_exactly_sagemakers_limit_in_the_handler() -> None:
    # GIVEN a request with as many tags as the construct allows, as CloudFormation delivers it
    request = request_with_tags(tags(MAX))
    assert validate_request(request).errors == []
    event = lifecycle.ResourceEvent(
        request_type="Create",
        request_id="0b4c7c33-1d0e-4d2c-9c1e-6f7e2b1a0a00",
        stack_id="arn:aws:cloudformation:us-east-1:123456789012:stack/S/1",
        logical_id="Job",
        physical_id=None,
        request=stringify(request),
        retain=frozenset({"delete", "replace"}),
        wait_handle_id="TuningCompletionHandle1A2B3C4D",
        wait_timeout_seconds=8 * 3600,
    )
    # WHEN the handler plans the create of a replacing update of a retained, awaited job (the most tags it adds)
    plan = create_plan.plan_create(event, replaces="xgboost-tuning-a1b2c3d4")
    # THEN the call carries the user's tags plus the handler's own: within SageMaker's maximum
    sent = plan.params["Tags"]
    assert len(sent) == MAX + len(contract.RESERVED_TAG_KEYS) == tag_rules.SAGEMAKER_MAX_TAGS
    assert {tag["Key"] for tag in sent if tag["Key"].startswith(RESERVED)} == contract.RESERVED_TAG_KEYS


# -- request["Tags"], through validate_request and the construct --------------------------------------------


def test_the_most_request_tags_pass_and_one_more_fails_with_the_reason() -> None:
    # GIVEN 43 tags THEN no error
    assert errors_of(tags(MAX)) == []
    # GIVEN 44 THEN one error on Tags naming the count, the maximum and why it is not 50
    [error] = errors_of(tags(MAX + 1))
    assert error.startswith("Tags: has 44 tags, more than the maximum of 43: SageMaker allows 50 per job")
    assert f"the cdk-sagemaker-tuning handler adds 7 of its own ({RESERVED}...)" in error


def test_the_reserved_prefix_is_refused_in_request_tags() -> None:
    # GIVEN a tag under the handler's prefix WHEN validated THEN its key is refused, saying why
    [error] = errors_of([{"Key": "project", "Value": "x"}, {"Key": f"{RESERVED}owner", "Value": "me"}])
    assert error == (
        f"Tags[1].Key: '{RESERVED}owner' starts with '{RESERVED}', a prefix reserved for the tags that the "
        "cdk-sagemaker-tuning handler adds to every job it creates and uses to recognise its own jobs; "
        "choose another key"
    )


def test_the_handlers_exact_keys_are_refused_too() -> None:
    for key in sorted(contract.RESERVED_TAG_KEYS):
        assert [e.path for e in validate_request(request_with_tags([{"Key": key, "Value": "x"}])).errors] == [
            "Tags[0].Key"
        ]


@pytest.mark.parametrize(
    "key",
    ["cdk-sagemaker-tuning", "cdk-sagemaker-tuning-owner", "my:cdk-sagemaker-tuning:x", "CDK-SageMaker:x"],
)
def test_keys_that_only_resemble_the_reserved_prefix_pass(key: str) -> None:
    assert errors_of([{"Key": key, "Value": "x"}]) == []


def test_the_construct_refuses_the_reserved_prefix_when_declared() -> None:
    # GIVEN a request tag under the handler's prefix WHEN the job is declared THEN it raises, naming it
    request = request_with_tags([{"Key": f"{RESERVED}request-sha256", "Value": "forged"}])
    with pytest.raises(
        TuningJobValidationError, match=r"Tags\[0\]\.Key: 'cdk-sagemaker-tuning:request-sha256'"
    ):
        HyperParameterTuningJob.from_request(Stack(App(), "S"), "Job", request=request)


def test_the_construct_refuses_one_tag_too_many_when_declared() -> None:
    with pytest.raises(TuningJobValidationError, match=r"Tags: has 44 tags, more than the maximum of 43"):
        HyperParameterTuningJob.from_request(
            Stack(App(), "S"), "Job", request=request_with_tags(tags(MAX + 1))
        )


@pytest.mark.parametrize(
    ("tag", "path", "message"),
    [
        ({"Key": "aws:team", "Value": "x"}, "Tags[0].Key", "'aws:team' starts with 'aws:'"),
        ({"Key": "AWS:team", "Value": "x"}, "Tags[0].Key", "'AWS:team' starts with 'aws:'"),
        (
            {"Key": "k" * 129, "Value": "x"},
            "Tags[0].Key",
            "is 129 characters long, longer than the maximum of 128",
        ),
        ({"Key": "", "Value": "x"}, "Tags[0].Key", "is 0 characters long, shorter than the minimum of 1"),
        ({"Key": "team#1", "Value": "x"}, "Tags[0].Key", "'team#1' does not match the pattern"),
        ({"Key": "team", "Value": "v" * 257}, "Tags[0].Value", "longer than the maximum of 256"),
        ({"Key": "team", "Value": "a;b"}, "Tags[0].Value", "'a;b' does not match the pattern"),
        ({"Key": "team"}, "Tags[0].Value", "is required in Tag but missing"),
    ],
)
def test_each_request_tag_rule_fails(tag: dict[str, str], path: str, message: str) -> None:
    # GIVEN one tag breaking one rule WHEN validated THEN exactly that field is reported, with what is allowed
    report = validate_request(request_with_tags([tag]))
    assert [problem.path for problem in report.errors] == [path]
    assert message in report.errors[0].message


@pytest.mark.parametrize(
    "tag",
    [
        {"Key": "team", "Value": "aws:allowed-in-values"},
        {"Key": "k" * 128, "Value": "v" * 256},
        {"Key": "équipe 1_a:b/c=d+e-f@g", "Value": ""},
        {"Key": "awsome", "Value": "x"},
    ],
)
def test_each_request_tag_rule_passes_at_its_boundary(tag: dict[str, str]) -> None:
    assert errors_of([tag]) == []


def test_duplicate_request_tag_keys_fail_and_distinct_ones_pass() -> None:
    [error] = errors_of([{"Key": "team", "Value": "a"}, {"Key": "team", "Value": "b"}])
    assert error == "Tags[1].Key: 'team' is already the key of Tags[0]; tag keys must be unique"
    assert errors_of([{"Key": "team", "Value": "a"}, {"Key": "Team", "Value": "b"}]) == []


def test_request_tag_tokens_are_skipped() -> None:
    # GIVEN token keys and values, and a whole token list THEN nothing is read or reported
    assert errors_of([{"Key": Fn.import_value("K"), "Value": Fn.import_value("V")}]) == []
    assert errors_of(Token.as_list(Fn.import_value("Tags"))) == []
    # AND a token key still counts towards the limit, as the list's length is known
    assert [
        e.path
        for e in validate_request(
            request_with_tags([*tags(MAX), {"Key": Fn.import_value("K"), "Value": "v"}])
        ).errors
    ] == ["Tags"]


# -- Tags.of, checked on the rendered tags at synth -----------------------------------------------------------

_LINE = re.compile(r"^\s*\[(?P<path>[^\]]+)\] (?P<message>.*)$")


def synth_errors(app: App) -> dict[str, list[str]]:
    """The validation messages of ``app.synth()``, by construct path."""
    with pytest.raises(RuntimeError, match="Validation failed with the following errors") as raised:
        app.synth()
    found: dict[str, list[str]] = {}
    for line in str(raised.value).splitlines():
        match = _LINE.match(line)
        if match:
            found.setdefault(match["path"], []).append(match["message"])
    return found


def job(stack: Stack, id: str, tag_list: list[dict[str, str]] | None = None) -> HyperParameterTuningJob:
    request = request_with_tags(tag_list or [])
    del request["HyperParameterTuningJobName"]  # several jobs of one app: a fixed name would clash at synth
    return HyperParameterTuningJob.from_request(stack, id, request=request)


@pytest.fixture(scope="module")
def failing() -> dict[str, list[str]]:
    """GIVEN one app whose jobs each break one rule through Tags.of WHEN it is synthesized (once)."""
    app = App()
    stack = Stack(app, "Fails")
    count = job(stack, "Count", tags(40))
    for i in range(MAX + 1 - 40):
        Tags.of(count).add(f"added{i}", "v")
    Tags.of(job(stack, "Reserved")).add(f"{RESERVED}cfn-request-id", "forged")
    Tags.of(job(stack, "Aws")).add("aws:team", "ml")
    Tags.of(job(stack, "KeyTooLong")).add("k" * 129, "v")
    Tags.of(job(stack, "KeyPattern")).add("team#1", "ml")
    Tags.of(job(stack, "ValueTooLong")).add("team", "v" * 257)
    # A stack-wide tag reaches every job of that stack.
    wide = Stack(app, "StackWide")
    job(wide, "First")
    job(wide, "Second")
    Tags.of(wide).add(f"{RESERVED}owner", "me")
    return synth_errors(app)


def test_tags_of_beyond_the_limit_fails_at_synth(failing: dict[str, list[str]]) -> None:
    # THEN the job with 40 request tags and 7 added ones is refused, saying where the tags come from
    assert failing["Fails/Count"] == [
        "Tags: has 44 tags (the request's Tags and those added with Tags.of), more than the maximum of 43: "
        f"SageMaker allows 50 per job and the cdk-sagemaker-tuning handler adds 7 of its own ({RESERVED}...); "
        "a stack-wide tag can leave tuning jobs out with Tags.of(scope).add(key, value, "
        "exclude_resource_types=['Custom::SageMakerHyperParameterTuningJob']) [tags]"
    ]


def test_tags_of_with_the_reserved_prefix_fails_at_synth(failing: dict[str, list[str]]) -> None:
    assert failing["Fails/Reserved"] == [
        f"Tags['{RESERVED}cfn-request-id'].Key: '{RESERVED}cfn-request-id' starts with '{RESERVED}', a prefix "
        "reserved for the tags that the cdk-sagemaker-tuning handler adds to every job it creates and uses to "
        "recognise its own jobs; choose another key [tags]"
    ]


def test_tags_of_a_stack_with_the_reserved_prefix_fails_on_every_job(failing: dict[str, list[str]]) -> None:
    for path in ("StackWide/First", "StackWide/Second"):
        [message] = failing[path]
        assert message.startswith(f"Tags['{RESERVED}owner'].Key: '{RESERVED}owner' starts with '{RESERVED}'")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("Fails/Aws", "Tags['aws:team'].Key: 'aws:team' starts with 'aws:', a prefix reserved for AWS"),
        (
            "Fails/KeyTooLong",
            f"Tags['{'k' * 116}...].Key: '{'k' * 116}... is 129 characters long, longer than the maximum of 128",
        ),
        ("Fails/KeyPattern", "Tags['team#1'].Key: 'team#1' does not match the pattern"),
        (
            "Fails/ValueTooLong",
            "Tags['team'].Value: '" + "v" * 116 + "... is 257 characters long, longer than",
        ),
    ],
)
def test_each_tags_of_rule_fails_at_synth(failing: dict[str, list[str]], path: str, message: str) -> None:
    [found] = failing[path]
    assert found.startswith(message), found


def test_every_tags_of_finding_ends_with_its_rule_s_id(failing: dict[str, list[str]]) -> None:
    # THEN each line names the rule that found it, like the constructor's findings
    messages = [message for found in failing.values() for message in found]
    assert messages and all(message.endswith(" [tags]") for message in messages)


def test_only_the_jobs_that_break_a_rule_are_reported(failing: dict[str, list[str]]) -> None:
    assert set(failing) == {
        "Fails/Count",
        "Fails/Reserved",
        "Fails/Aws",
        "Fails/KeyTooLong",
        "Fails/KeyPattern",
        "Fails/ValueTooLong",
        "StackWide/First",
        "StackWide/Second",
    }


@pytest.fixture(scope="module")
def passing() -> Template:
    """GIVEN one stack whose jobs sit at each rule's boundary through Tags.of, synthesized once."""
    stack = Stack(App(), "Passes")
    at_limit = job(stack, "AtLimit", tags(40))
    for i in range(MAX - 40):
        Tags.of(at_limit).add(f"added{i}", "v")
    Tags.of(job(stack, "Boundaries")).add("k" * 128, "v" * 256)
    Tags.of(job(stack, "Resembling")).add("cdk-sagemaker-tuning-owner", "aws:in-a-value")
    # The same key as a request tag: Tags.of wins (higher priority), there is no duplicate.
    Tags.of(job(stack, "SameKey", [{"Key": "team", "Value": "request"}])).add("team", "tags-of")
    Tags.of(job(stack, "TokenKey")).add(Fn.import_value("Key"), Fn.import_value("Value"))
    # The hint of the count message: a stack-wide tag that leaves tuning jobs out does not count. (A valid
    # key: the provider's resources do get it, and CloudFormation refuses an aws: key on them.)
    Tags.of(stack).add("stack-wide", "x", exclude_resource_types=[RESOURCE_TYPE])
    return Template.from_stack(stack)


def rendered_tags(template: Template, id: str) -> list[dict[str, Any]]:
    for logical_id, resource in template.find_resources(RESOURCE_TYPE).items():
        if logical_id.startswith(id):
            tag_list: list[dict[str, Any]] = resource["Properties"]["Request"]["Tags"]
            return tag_list
    raise AssertionError(f"no job {id}")


def test_the_most_tags_with_tags_of_pass(passing: Template) -> None:
    assert len(rendered_tags(passing, "AtLimit")) == MAX == 43


def test_tags_of_at_the_length_limits_and_resembling_the_prefix_pass(passing: Template) -> None:
    assert rendered_tags(passing, "Boundaries") == [{"Key": "k" * 128, "Value": "v" * 256}]
    assert rendered_tags(passing, "Resembling") == [
        {"Key": "cdk-sagemaker-tuning-owner", "Value": "aws:in-a-value"}
    ]


def test_tags_of_cannot_duplicate_a_request_key(passing: Template) -> None:
    # THEN the key is rendered once, with the value of Tags.of
    assert rendered_tags(passing, "SameKey") == [{"Key": "team", "Value": "tags-of"}]


def test_tags_of_with_tokens_is_skipped(passing: Template) -> None:
    [tag] = rendered_tags(passing, "TokenKey")
    assert tag == {"Key": {"Fn::ImportValue": "Key"}, "Value": {"Fn::ImportValue": "Value"}}


def test_a_tag_given_as_a_token_fails_at_synth_instead_of_crashing() -> None:
    # GIVEN a Tags list whose item is a token (found by test_properties: the construct then failed with
    # "TypeError: string indices must be integers" while merging the tags)
    request = request_with_tags([{"Key": "a", "Value": "b"}, Token.as_string(Fn.ref("TagParam"))])

    # WHEN / THEN a validation error names the item and what to give instead
    with pytest.raises(
        TuningJobValidationError, match=r"Tags\[1\]: is a token: give each tag as a \{Key, Value\}"
    ):
        HyperParameterTuningJob.from_request(Stack(App(), "TokenTag"), "Job", request=request)
