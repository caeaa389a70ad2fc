"""Shared by the validation tests: the sample requests (from tests/samples.py) and CloudFormation's stringification."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tests.samples import CUSTOM_IMAGE, ROLE_ARN, XGBOOST_IMAGE, base_request, multi_request

__all__ = ["CUSTOM_IMAGE", "ROLE_ARN", "XGBOOST_IMAGE", "base_request", "multi_request", "stringify"]

# -- the CloudFormation round trip ------------------------------------------------------------------------
# CloudFormation hands every scalar of a custom resource's properties to the handler as a string; the
# handler's own restorer (cdk_sagemaker_tuning._handler.request_types.restore_request) converts them back.


def stringify(value: Any) -> Any:
    """What CloudFormation delivers: every scalar as a string (booleans as "true"/"false")."""
    if isinstance(value, Mapping):
        return {key: stringify(item) for key, item in value.items()}
    if isinstance(value, list):
        return [stringify(item) for item in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
