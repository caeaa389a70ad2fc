"""The pure-Python token test answers exactly what ``Token.is_unresolved`` answers through jsii."""

from __future__ import annotations

from typing import Any

import jsii
import pytest
from aws_cdk import Aws, Fn, IResolvable, IResolveContext, IStringProducer, Lazy, Stack, Token
from aws_cdk import aws_iam as iam

from cdk_sagemaker_tuning._core.tokens import is_unresolved


@jsii.implements(IStringProducer)
class _Producer:
    def __init__(self, value: str) -> None:
        self.value = value

    def produce(self, context: IResolveContext) -> str:
        return self.value


@jsii.implements(IResolvable)
class _Resolvable:
    def __init__(self) -> None:
        self.creation_stack: list[str] = []

    def resolve(self, context: IResolveContext) -> Any:
        return "resolved"

    def to_string(self) -> str:
        return Token.as_string(self)


def _values() -> list[Any]:
    stack = Stack()
    role = iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    string_token = role.role_arn
    number_token = Token.as_number(Fn.get_att("Thing", "Count"))
    list_token = Token.as_list(Fn.get_att("Thing", "Names"))
    return [
        # tokens, as users meet them
        string_token,
        f"prefix-{string_token}-suffix",
        Aws.REGION,
        Lazy.string(_Producer("x")),
        _Resolvable(),
        Token.as_string(_Resolvable()),
        number_token,
        Token.as_string(number_token),
        f"{Token.as_string(number_token)}s",
        list_token,
        Fn.get_att("Thing", "Arn"),
        # literals, including ones that look almost like tokens
        "",
        "ml.m5.xlarge",
        "Token[",
        "${Token[not valid!]}",
        "${Token[TOKEN.1]",
        "#{Token[TOKEN.12]}",
        "-1.888154589708e+289",
        0,
        1,
        -3,
        10**400,
        2.5,
        -1.8881545897087626e289,
        True,
        None,
        [],
        ["a"],
        [string_token],
        [string_token, "b"],
        {"Key": string_token},
        [*list_token, "extra"],
    ]


@pytest.mark.parametrize("index", range(len(_values())))
def test_answers_what_token_is_unresolved_answers(index: int) -> None:
    # GIVEN a value users may put in a request
    value = _values()[index]
    # WHEN both ask whether it is an unresolved token
    expected = Token.is_unresolved(value)
    # THEN they agree
    assert is_unresolved(value) is expected, f"value #{index}: {value!r}"


def test_sees_tokens_and_literals_apart() -> None:
    # GIVEN a token and a literal; WHEN tested; THEN only the token is unresolved (the parity test alone
    # would pass if both functions said False for everything)
    stack = Stack()
    assert is_unresolved(Aws.ACCOUNT_ID)
    assert is_unresolved(Token.as_number(Fn.get_att("X", "Y")))
    assert not is_unresolved("arn:aws:iam::123456789012:role/x")
    assert not is_unresolved(stack.node.id)
