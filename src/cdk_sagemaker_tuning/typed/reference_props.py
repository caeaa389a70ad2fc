"""Props that take a CDK construct reference (``iam.IRole``, ``kms.IKey``), given a string by mistake.

SageMaker's API and the SDK take a role ARN string; aws-cdk-lib's style (and this library's typed API)
takes the construct, so a string ARN is the usual first mistake. Without this check it surfaced as
``AttributeError: 'str' object has no attribute 'role_arn'`` deep inside the binding; the message names
the prop and the aws-cdk-lib factory that imports the existing resource.
"""

from __future__ import annotations

from typing import Any


def reference_error(prop: str, value: Any, *, interface: str, attribute: str, factory: str) -> str | None:
    """The message for a prop that must be a construct reference and is not, else ``None``.

    :param interface: the expected type as users write it (``iam.IRole``).
    :param attribute: an attribute every such reference has (``role_arn``): jsii interfaces are
        protocols, which ``isinstance`` cannot check.
    :param factory: the aws-cdk-lib method that imports an existing resource by its string
        (``iam.Role.from_role_arn``).
    """
    if value is None or (not isinstance(value, str) and hasattr(value, attribute)):
        return None
    if isinstance(value, str):
        return (
            f"'{prop}' must be an {interface}, got the string {value!r}: to use an existing one, pass "
            f"{factory}(self, '<id>', {value!r})"
        )
    return f"'{prop}' must be an {interface}, got {value!r}"


def role_error(value: Any, prop: str = "role") -> str | None:
    """:func:`reference_error` for an execution role."""
    return reference_error(
        prop, value, interface="iam.IRole", attribute="role_arn", factory="iam.Role.from_role_arn"
    )


def key_error(prop: str, value: Any) -> str | None:
    """:func:`reference_error` for a KMS key."""
    return reference_error(
        prop, value, interface="kms.IKey", attribute="key_arn", factory="kms.Key.from_key_arn"
    )
