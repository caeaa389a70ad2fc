"""The supported range of aws-cdk-lib, constructs and jsii: declared once, tested at both ends.

``make test`` runs the suite on the newest versions pyproject.toml allows, ``make test-floor`` on the
floor pinned in ``constraints/floor.txt``; these tests keep the two declarations and the README in step,
and check what differs between the ends (cdk-nag acknowledgements, which aws-cdk-lib 2.269 widened).
"""

from __future__ import annotations

import importlib.metadata
import tomllib
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ssm as ssm
from aws_cdk.assertions import Annotations, Match
from packaging.requirements import Requirement

from cdk_sagemaker_tuning.grants import nag
from tests.packaging.wheel_support import REPO
from tests.samples import typed_job

FLOOR_FILE = REPO / "constraints" / "floor.txt"
RANGE = ("aws-cdk-lib", "constructs", "jsii")


def floor_pins() -> dict[str, str]:
    pins = {}
    for line in FLOOR_FILE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.strip()] = version.strip()
    return pins


def lower_bounds(requirements: list[str]) -> dict[str, str]:
    bounds = {}
    for text in requirements:
        requirement = Requirement(text)
        for specifier in requirement.specifier:
            if specifier.operator == ">=":
                bounds[requirement.name] = specifier.version
    return bounds


def test_the_floor_pins_are_the_declared_lower_bounds() -> None:
    # GIVEN pyproject.toml's requirements and the floor CI installs
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = lower_bounds(project["dependencies"])
    dev = lower_bounds(project["optional-dependencies"]["dev"])
    pins = floor_pins()
    # THEN each of aws-cdk-lib, constructs and jsii is pinned at exactly its declared lower bound
    assert {name: declared[name] for name in RANGE} == {name: pins[name] for name in RANGE}
    # AND the integration-test library of the dev extra starts at the same aws-cdk-lib version
    assert dev["aws-cdk.integ-tests-alpha"] == pins["aws-cdk.integ-tests-alpha"] == f"{pins['aws-cdk-lib']}a0"


def test_the_readme_states_the_floor() -> None:
    # GIVEN the README's Install section
    readme = (REPO / "README.md").read_text()
    install = readme[readme.index("## Install") : readme.index("\n## ", readme.index("## Install") + 1)]
    # THEN it names the floor's aws-cdk-lib version
    assert f"aws-cdk-lib {floor_pins()['aws-cdk-lib']} or later" in install


def test_the_running_versions_are_in_the_supported_range() -> None:
    # GIVEN the versions this suite runs on (the newest in .venv, the floor in .venv-floor)
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = {Requirement(text).name: Requirement(text) for text in project["dependencies"]}
    # THEN each is one the package declares it supports
    for name in RANGE:
        installed = importlib.metadata.version(name)
        assert requirements[name].specifier.contains(installed), f"{name} {installed}"


def _running_version() -> tuple[int, ...]:
    return tuple(int(part) for part in importlib.metadata.version("aws-cdk-lib").split(".")[:2])


def _acknowledged(scope: cdk.Stack) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    for entry in scope.node.metadata:
        if entry.type == "aws:cdk:acknowledged-rules":
            rules.update(entry.data)
    return rules


IAM5 = "AwsSolutions::AwsSolutions-IAM5[Resource::arn:aws:s3:::bucket/*]"
SQS3 = "AwsSolutions::AwsSolutions-SQS3"


def test_acknowledgements_hold_on_the_running_aws_cdk_lib() -> None:
    # GIVEN the running aws-cdk-lib (2.269 or later accepts "::" inside a rule id's brackets)
    version = _running_version()
    stack = cdk.Stack(cdk.App(), "Acknowledging")
    # WHEN the library acknowledges an IAM5 finding and an SQS3 one
    nag.acknowledge(stack, [(IAM5, "by design"), (SQS3, "the dead letters themselves")])
    # THEN nothing fails; SQS3 is acknowledged everywhere, IAM5 where aws-cdk-lib can express it
    expected = {SQS3: "the dead letters themselves"}
    if version >= nag.BRACKETED_IDS_SINCE:
        expected[IAM5] = "by design"
    assert _acknowledged(stack) == expected


def test_before_2_269_bracketed_ids_are_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN an aws-cdk-lib that reports itself older than 2.269
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "2.268.0")
    nag._bracketed_ids_accepted.cache_clear()
    stack = cdk.Stack(cdk.App(), "Older")
    try:
        # WHEN the library acknowledges both
        nag.acknowledge(stack, [(IAM5, "by design"), (SQS3, "the dead letters themselves")])
    finally:
        nag._bracketed_ids_accepted.cache_clear()
    # THEN only the id without "::" in brackets is acknowledged, and the synth goes on
    assert _acknowledged(stack) == {SQS3: "the dead letters themselves"}


#: The first aws-cdk-lib that honours Annotations.acknowledge_warning for a warning added later.
LATE_ACKNOWLEDGEMENT_SINCE = (2, 271)


def test_a_cross_stack_warning_acknowledged_beforehand_is_honoured_from_2_271() -> None:
    # GIVEN a job whose ARN another stack imports, its export warning acknowledged before synthesis
    app = cdk.App()
    env = cdk.Environment(account="123456789012", region="us-east-1")
    producer = cdk.Stack(app, "Producer", env=env)
    job = typed_job(producer)
    ssm.StringParameter(cdk.Stack(app, "Consumer", env=env), "Arn", string_value=job.tuning_job_arn)
    cdk.Annotations.of(job).acknowledge_warning("cdk-sagemaker-tuning:cross-stack-export:tuning_job_arn")
    # WHEN the app is synthesized (the library adds the warning then)
    app.synth()
    # THEN the warning is gone on aws-cdk-lib 2.271 and later, and still there before (the README says so)
    found = Annotations.from_stack(producer).find_warning("*", Match.string_like_regexp("cross-stack-export"))
    expected = 0 if _running_version() >= LATE_ACKNOWLEDGEMENT_SINCE else 1
    assert len(found) == expected
