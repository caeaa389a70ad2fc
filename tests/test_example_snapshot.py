"""Snapshot of the example app's template: any drift in what users deploy shows up in review."""

from __future__ import annotations

from aws_cdk import App
from aws_cdk.assertions import Template

from app import XgboostTuningStack


def test_example_stack_template_matches_snapshot(snapshot):
    # GIVEN the example app's stack
    app = App()
    stack = XgboostTuningStack(app, "XgboostTuningExample")
    # WHEN it is synthesized
    template = Template.from_stack(stack).to_json()
    # THEN the whole template is as reviewed (run `pytest --snapshot-update` deliberately on change)
    assert template == snapshot
