"""cfn-lint settings shared by every test that lints a synthesized template.

Every template the test suite synthesizes is linted by ``tests/cfn_lint_plugin.py`` with these settings;
``cfn_lint_findings(template)`` lints one template on demand (a file's text, or the dict of
``Template.from_stack(stack).to_json()``): an empty list means no error and no unreviewed warning.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from cfnlint.config import ConfigMixIn, ManualArgs
from cfnlint.decode.decode import decode_str
from cfnlint.match import Match
from cfnlint.runner import Runner

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
    "W3010": (
        "hardcoded availability zones: a VPC in a stack with an explicit account and region gets its "
        "zones from CDK context (placeholders such as 'dummy1a' offline), which aws-cdk-lib writes "
        "literally by design; only tests' own VPCs have subnets, the library never creates one."
    ),
}


@functools.cache
def _runner() -> Runner:
    # Loading cfn-lint's rules and resource schemas is the expensive part of a lint; the suite lints
    # many templates, so the runner is built once per process and reused (``cfnlint.api.lint`` builds
    # a new one per call).
    return Runner(ConfigMixIn(**ManualArgs(regions=REGIONS, ignore_checks=sorted(IGNORED_RULES))))


_RESOURCE_KEY = re.compile(r'^  ("(?:[^"\\]|\\.)*"):')


def _resource_at_line(text: str) -> dict[int, str]:
    """Line number (1-based) -> logical id of the resource it belongs to, in ``json.dumps(indent=1)``."""
    owners: dict[int, str] = {}
    in_resources, owner = False, ""
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(' "'):  # a top-level section
            in_resources, owner = line.startswith(' "Resources"'), ""
        elif in_resources and (key := _RESOURCE_KEY.match(line)):
            owner = json.loads(key[1])
        if owner:
            owners[number] = owner
    return owners


def _describe(match: Match, owners: dict[int, str]) -> str:
    where = f"Resources.{owners[match.linenumber]}" if match.linenumber in owners else "template"
    return f"[{match.rule.id}] {where} (line {match.linenumber}): {match.message}"


def cfn_lint_findings(template: str | dict[str, Any]) -> list[str]:
    """cfn-lint's errors and warnings for the template, minus ``IGNORED_RULES``, as readable lines.

    Informational findings are not reported (cfn-lint's default). Each line names the rule, the
    resource and the line in the template as ``json.dumps(template, indent=1)`` prints it.
    """
    document = json.loads(template) if isinstance(template, str) else template
    if not isinstance(document, dict):
        # cfn-lint finds nothing in what it cannot read as a template: that is not a pass.
        raise ValueError(f"not a template (a JSON object): {str(document)[:80]}")
    text = json.dumps(document, indent=1)
    decoded, errors = decode_str(text)
    matches = errors or ([] if decoded is None else list(_runner().validate_template(decoded)))
    owners = _resource_at_line(text)
    return [_describe(match, owners) for match in matches]
