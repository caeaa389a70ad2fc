"""cfn-lint on the templates of representative stacks: no error, no unreviewed warning.

Every template any test synthesizes is linted too (``tests/cfn_lint_plugin.py``); these stacks are the
ones built for the purpose, with cdk.json's feature flags, so their coverage does not depend on what
other tests happen to build.

The stacks cover what the construct renders: the example app, an awaited job in a VPC with a KMS key,
and several jobs (single and multi-algorithm, retained) sharing one provider. ``Custom::`` resource
properties have no schema, so cfn-lint checks everything around the ``Request`` (the provider's function,
role, policies, log group, the references between them), not the request itself.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cfnlint.api import ManualArgs, lint

from tests import cfn_lint_plugin
from tests.lint_support import REGIONS, cfn_lint_findings
from tests.sample_stacks import BUILDERS, new_app, synthesize

# The representative stacks: an empty table would parametrize no test at all, and pass.
STACKS = ("example", "multi", "vpc")


@pytest.fixture(scope="module", params=sorted(BUILDERS))
def template(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    app = new_app(tmp_path_factory.mktemp(f"cfn-lint-{request.param}"))
    return synthesize(BUILDERS[request.param](app))


def test_every_representative_stack_is_linted() -> None:
    assert tuple(sorted(BUILDERS)) == STACKS


def test_template_passes_cfn_lint(template: Path) -> None:
    # GIVEN a template with the construct's resources (linting an empty one would prove nothing)
    text = template.read_text()
    assert json.loads(text)["Resources"]

    # WHEN / THEN no error and no unreviewed warning (informational findings are not reported by default)
    assert cfn_lint_findings(text) == []


def test_the_plugin_records_what_the_suite_synthesizes(tmp_path: Path) -> None:
    # GIVEN the plugin's count of templates recorded so far
    before = cfn_lint_plugin._RECORDER.seen + len(cfn_lint_plugin._RECORDER.pending)

    # WHEN a stack is synthesized
    synthesize(BUILDERS["example"](new_app(tmp_path)))

    # THEN the plugin has one more template to lint: a recorder that sees nothing would pass every run
    assert cfn_lint_plugin._RECORDER.seen + len(cfn_lint_plugin._RECORDER.pending) > before


def test_a_document_that_is_not_a_template_is_not_a_pass() -> None:
    with pytest.raises(ValueError, match="not a template"):
        cfn_lint_findings("[]")


def test_the_linter_reports_a_broken_template() -> None:
    # GIVEN a template whose policy references a resource that does not exist
    broken = (
        '{"Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": '
        '{"Fn::GetAtt": ["Missing", "Arn"]}}}}}'
    )

    # WHEN
    matches = lint(broken, config=ManualArgs(regions=REGIONS))
    findings = cfn_lint_findings(broken)

    # THEN
    assert any(m.rule.id.startswith("E") for m in matches)
    assert findings and all(f.startswith("[E") for f in findings)
