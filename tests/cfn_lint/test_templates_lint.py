"""cfn-lint on the templates of representative stacks: no error, no unreviewed warning.

The stacks cover what the construct renders: the example app, an awaited job in a VPC with a KMS key,
and several jobs (single and multi-algorithm, retained) sharing one provider. ``Custom::`` resource
properties have no schema, so cfn-lint checks everything around the ``Request`` (the provider's functions,
roles, policies, log groups, state machine, the references between them), not the request itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cfnlint.api import ManualArgs, lint

from tests.sample_stacks import BUILDERS, new_app, synthesize

# Regions the templates must be valid in: the example's region mapping covers these.
REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"]

# Rules ignored in every template, each with its reason. Keep this empty unless a rule is wrong for
# CDK output; a finding in our own resources is fixed instead.
IGNORED_RULES: dict[str, str] = {
    "W3005": (
        "obsolete DependsOn: aws-cdk-lib depends on a Role construct to also depend on its DefaultPolicy "
        "(Lambda functions, the waiter state machine, and each job on its training role so SageMaker "
        "can read the data from the first second); the Role entry repeats a GetAtt and is harmless."
    ),
}


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    app = new_app(tmp_path_factory.mktemp(f"cfn-lint-{request.param}"))
    return synthesize(BUILDERS[request.param](app))


def test_template_passes_cfn_lint(template: Path) -> None:
    # WHEN
    matches = lint(
        template.read_text(),
        config=ManualArgs(regions=REGIONS, ignore_checks=sorted(IGNORED_RULES)),
    )

    # THEN no error and no warning (informational findings are not reported by default)
    assert [str(m) for m in matches] == []


def test_the_linter_reports_a_broken_template() -> None:
    # GIVEN a template whose policy references a resource that does not exist
    broken = (
        '{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": '
        '{"Fn::GetAtt": ["Missing", "Arn"]}}}}}'
    )

    # WHEN
    matches = lint(broken, config=ManualArgs(regions=REGIONS))

    # THEN
    assert any(m.rule.id.startswith("E") for m in matches)
