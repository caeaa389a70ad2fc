"""Snapshot of the example app's template: any drift in what users deploy shows up in review."""

from __future__ import annotations

from aws_cdk import App
from aws_cdk.assertions import Template

from app import XgboostTuningStack
from tests.sample_stacks import CDK_JSON_CONTEXT


def test_example_stack_template_matches_snapshot(snapshot):
    # GIVEN the example app's stack, with cdk.json's feature flags as `cdk synth` passes them (without
    # them, the access-log bucket would get the legacy ACL that the flag replaces with a bucket policy)
    app = App(context=CDK_JSON_CONTEXT)
    stack = XgboostTuningStack(app, "XgboostTuningExample")
    # WHEN it is synthesized
    template = Template.from_stack(stack).to_json()
    # THEN the whole template is as reviewed (run `pytest --snapshot-update` deliberately on change)
    assert template == snapshot
