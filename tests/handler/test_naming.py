"""Generated job names: valid for SageMaker, readable, deterministic per create request (no mocks)."""

import uuid

from hypothesis import given
from hypothesis import strategies as st

from cdk_sagemaker_tuning._handler import contract, naming

STACK_ID = (
    "arn:aws:cloudformation:eu-west-1:123456789012:stack/ml-Tuning-prod/0a1b2c3d-4e5f-11ef-8f00-0aa1b2c3d4e5"
)

stack_names = st.from_regex(r"[A-Za-z][-A-Za-z0-9]{0,127}", fullmatch=True)
logical_ids = st.text(min_size=1, max_size=255)
request_ids = st.uuids().map(str) | st.text(min_size=1, max_size=64)


@given(stack=stack_names, logical_id=logical_ids, request_id=request_ids)
def test_every_generated_name_is_valid_and_deterministic(
    stack: str, logical_id: str, request_id: str
) -> None:
    # GIVEN any stack, logical id and request id
    stack_id = f"arn:aws:cloudformation:us-east-1:123456789012:stack/{stack}/{uuid.uuid4()}"

    # WHEN a name is generated twice
    first = naming.generated_name(stack_id, logical_id, request_id)
    second = naming.generated_name(stack_id, logical_id, request_id)

    # THEN SageMaker accepts it and a retried create computes the same name
    assert len(first) <= 32
    assert contract.NAME_PATTERN.fullmatch(first)
    assert first == second


def test_name_reads_stack_then_construct_then_suffix() -> None:
    # WHEN
    name = naming.generated_name(STACK_ID, "XgboostTuning4C6C3B92", "5f3c2b1a-0000-4000-8000-000000000001")

    # THEN
    # (12 characters of the logical id, the rest of the 21-character prefix for the stack name)
    assert name.startswith("ml-Tunin-XgboostTunin-")
    assert len(name) == 32


def test_each_create_request_gets_its_own_name() -> None:
    # GIVEN two create requests of one resource (a create and a replacing update)
    first = naming.generated_name(STACK_ID, "Tuning", str(uuid.uuid4()))
    second = naming.generated_name(STACK_ID, "Tuning", str(uuid.uuid4()))

    # THEN
    assert first != second
    assert first.split("-")[:-1] == second.split("-")[:-1]


def test_same_logical_id_in_two_stacks_gets_different_names() -> None:
    other_stack = STACK_ID.replace("ml-Tuning-prod", "ml-Tuning-dev")
    request_id = str(uuid.uuid4())
    assert naming.generated_name(STACK_ID, "Tuning", request_id) != naming.generated_name(
        other_stack, "Tuning", request_id
    )


def test_stack_name_is_read_from_the_stack_id() -> None:
    assert naming.stack_name(STACK_ID) == "ml-Tuning-prod"
    assert naming.stack_name("not-an-arn") == "not-an-arn"


def test_nothing_readable_falls_back_to_a_fixed_prefix() -> None:
    name = naming.generated_name("arn:aws:cloudformation:us-east-1:1:stack/---/x", "___", "r")
    assert name.startswith("tuning-")
    assert contract.is_valid_name(name)


def test_is_valid_name() -> None:
    assert contract.is_valid_name("a")
    assert contract.is_valid_name("my--job-1")
    assert not contract.is_valid_name("-job")
    assert not contract.is_valid_name("job_1")
    assert not contract.is_valid_name("x" * 33)
    assert not contract.is_valid_name(str(uuid.uuid4()))  # a RequestId is 36 characters


@given(prefix=st.from_regex(r"[a-zA-Z0-9](-*[a-zA-Z0-9]){0,20}", fullmatch=True), request_id=request_ids)
def test_every_valid_prefix_gives_valid_names_that_start_with_it(prefix: str, request_id: str) -> None:
    # GIVEN a prefix SageMaker's pattern allows, at most MAX_NAME_PREFIX_LENGTH long
    if len(prefix) > contract.MAX_NAME_PREFIX_LENGTH:
        prefix = prefix[: contract.MAX_NAME_PREFIX_LENGTH].rstrip("-")

    # WHEN
    name = naming.generated_name(STACK_ID, "Tuning", request_id, prefix)

    # THEN the name starts with it and SageMaker accepts it
    assert contract.is_valid_prefix(prefix)
    assert name.startswith(prefix + "-")
    assert contract.is_valid_name(name)


def test_a_prefix_is_refused_when_it_leaves_no_room_for_the_suffix_or_has_underscores() -> None:
    assert not contract.is_valid_prefix("p" * (contract.MAX_NAME_PREFIX_LENGTH + 1))
    assert not contract.is_valid_prefix("churn_xgb")
    assert not contract.is_valid_prefix("churn-")
