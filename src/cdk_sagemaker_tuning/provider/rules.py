"""The EventBridge rules that invoke the provider's function: the reconciler's schedule and the stack's one
rule on tuning jobs' state changes, each with the one Lambda permission it needs (L1 resources, rendered
without calls back into Python)."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import aws_events as events
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


class EventRule(Construct):
    """An EventBridge rule that invokes the provider's function, and the permission it needs (L1s)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        function_arn: str,
        description: str,
        schedule_expression: str | None = None,
        event_pattern: dict[str, Any] | None = None,
        input: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(scope, id)
        target = events.CfnRule.TargetProperty(
            arn=function_arn, id="Function", input=json.dumps(input) if input is not None else None
        )
        self.rule = events.CfnRule(
            self,
            "Rule",
            description=description,
            schedule_expression=schedule_expression,
            event_pattern=event_pattern,
            state="ENABLED",
            targets=[target],
        )
        self.permission = lambda_.CfnPermission(
            self,
            "Permission",
            action="lambda:InvokeFunction",
            function_name=function_arn,
            principal="events.amazonaws.com",
            source_arn=self.rule.attr_arn,
        )
