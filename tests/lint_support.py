"""cfn-lint settings shared by every test that lints a synthesized template.

Use ``cfn_lint_findings(template)`` on any template a test synthesizes (a file's text, or the dict of
``Template.from_stack(stack).to_json()``): an empty list means no error and no unreviewed warning.
"""

from __future__ import annotations

import json
from typing import Any

from cfnlint.api import ManualArgs, lint

# Regions the templates must be valid in: the example's region mapping covers these.
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"]

# Rules ignored in every template, each with its reason. Keep this short: a finding in our own
# resources is fixed instead.
IGNORED_RULES: dict[str, str] = {
    "W3005": (
        "obsolete DependsOn: aws-cdk-lib depends on a Role construct to also depend on its DefaultPolicy "
        "(Lambda functions, the waiter state machine, and each job on its training role so SageMaker "
        "can read the data from the first second); the Role entry repeats a GetAtt and is harmless."
    ),
}


def cfn_lint_findings(template: str | dict[str, Any], regions: list[str] | None = None) -> list[str]:
    """cfn-lint's errors and warnings for the template, minus ``IGNORED_RULES``, as readable lines."""
    text = template if isinstance(template, str) else json.dumps(template)
    config = ManualArgs(regions=regions or REGIONS, ignore_checks=sorted(IGNORED_RULES))
    return [str(match) for match in lint(text, config=config)]
