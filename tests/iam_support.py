"""The IAM statements of a synthesized template, wherever CDK put them."""

from __future__ import annotations

from typing import Any

from aws_cdk.assertions import Template


def policy_statements(template: Template) -> list[dict[str, Any]]:
    """Every statement of every policy: ``AWS::IAM::Policy`` resources and roles' inline policies.

    The provider keeps its statements (the ``iam:PassRole`` ones each job adds included) in its role's
    inline policy, other roles in a ``DefaultPolicy``; tests about a grant should not care which.
    """
    documents = [
        p["Properties"]["PolicyDocument"] for p in template.find_resources("AWS::IAM::Policy").values()
    ]
    for role in template.find_resources("AWS::IAM::Role").values():
        documents += [inline["PolicyDocument"] for inline in role["Properties"].get("Policies", [])]
    return [statement for document in documents for statement in document["Statement"]]


def pass_role_statements(template: Template) -> list[dict[str, Any]]:
    """The statements that grant ``iam:PassRole``."""
    return [s for s in policy_statements(template) if "iam:PassRole" in _actions(s)]


def _actions(statement: dict[str, Any]) -> list[str]:
    action = statement["Action"]
    return [action] if isinstance(action, str) else list(action)
