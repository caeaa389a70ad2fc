"""The cfn-lint plugin (``tests/cfn_lint_plugin.py``) fails a run whose tests synthesize a bad template.

A tiny test file runs in a separate pytest process (the plugin patches aws-cdk-lib classes for the
whole process, so it is not nested in this one) with only the plugin loaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

TESTS = """
import aws_cdk as cdk
import pytest
from aws_cdk.assertions import Template


def topic_stack(name, **properties):
    stack = cdk.Stack(cdk.App(), name)
    cdk.CfnResource(stack, "Topic", type="AWS::SNS::Topic", properties=properties or None)
    return stack


def test_valid_template():
    assert Template.from_stack(topic_stack("Fine")).to_json()["Resources"]


def test_broken_template_from_stack():
    assert Template.from_stack(topic_stack("Broken", NotAProperty="x")).to_json()["Resources"]


def test_same_broken_template_again():
    # linted once per session: the finding is reported on the first test that produced it only
    assert Template.from_stack(topic_stack("Broken", NotAProperty="x")).to_json()["Resources"]


def test_broken_template_from_app_synth():
    stack = topic_stack("SynthBroken", TopicName=["not", "a", "string"])
    assert stack.node.root.synth().get_stack_by_name("SynthBroken").template


@pytest.mark.cfn_lint_exempt(reason="broken on purpose to test the exemption")
def test_exempt_broken_template():
    assert Template.from_stack(topic_stack("Exempt", Unknown="x")).to_json()["Resources"]
"""


def test_a_finding_fails_the_test_that_synthesized_the_template(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN tests synthesizing a valid template, two broken ones (one twice) and an exempted broken one
    pytester.makepyfile(test_templates=TESTS)
    monkeypatch.setenv("PYTHONPATH", str(REPO))

    # WHEN they run with the plugin
    result = pytester.runpytest_subprocess("-p", "tests.cfn_lint_plugin", "-p", "no:cacheprovider")

    # THEN the run fails, with an error at the teardown of each test that produced a broken template
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=5, errors=2)
    output = result.stdout.str()
    assert "ERROR at teardown of test_broken_template_from_stack" in output
    assert "ERROR at teardown of test_broken_template_from_app_synth" in output
    result.stdout.fnmatch_lines(
        [
            "*stack Broken: [[]E3002[]] Resources.Topic (line *): Additional properties are not allowed*",
            "*stack SynthBroken: [[]E3012[]] Resources.Topic (line *): *",
            "3 unique template(s) linted of 4 recorded, in * s",
            "not linted (cfn_lint_exempt): test_templates.py::test_exempt_broken_template: "
            "broken on purpose to test the exemption",
        ]
    )
    assert "Exempt" not in output.split("cfn-lint on synthesized templates")[0]
