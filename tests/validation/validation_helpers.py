"""Shared by the validation tests: the sample requests (from tests/samples.py) and CloudFormation's stringification."""

from __future__ import annotations

from tests.samples import CUSTOM_IMAGE, ROLE_ARN, XGBOOST_IMAGE, base_request, multi_request
from tests.support.cfn_events import cfn_stringify

__all__ = ["CUSTOM_IMAGE", "ROLE_ARN", "XGBOOST_IMAGE", "base_request", "multi_request", "stringify"]

# -- the CloudFormation round trip ------------------------------------------------------------------------
# CloudFormation hands every scalar of a custom resource's properties to the handler as a string; the
# handler's own restorer (cdk_sagemaker_tuning._handler.request_types.restore_request) converts them back.
# One stringifier for the whole suite: tests/support/cfn_events.py's.
stringify = cfn_stringify
