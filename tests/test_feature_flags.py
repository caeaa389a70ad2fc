"""cdk.json sets the feature flags a fresh ``cdk init`` sets, so ``cdk synth`` reports none unconfigured."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.sample_stacks import example_stack, new_app, synthesize

REPORT_TYPE = "cdk:feature-flag-report"


def unconfigured_flags(manifest: dict[str, Any]) -> list[str]:
    """The flags the CDK CLI lists as "not configured": unset, and behaving unlike the recommended value.

    aws-cdk-lib writes every flag it knows into the cloud assembly's feature-flag report, with the value
    the app set (``userValue``), the recommended one and how an unset flag behaves in v2 (``false`` when
    not said); the CLI counts those whose unset behaviour is not the recommended value.
    """
    [report] = [a for a in manifest["artifacts"].values() if a["type"] == REPORT_TYPE]
    return sorted(
        name
        for name, flag in report["properties"]["flags"].items()
        if "userValue" not in flag
        and flag.get("unconfiguredBehavesLike", {}).get("v2", False) != flag.get("recommendedValue")
    )


def test_cdk_json_configures_every_flag_that_matters(tmp_path: Path) -> None:
    # GIVEN the example app with cdk.json's context, as `cdk synth` runs it
    template = synthesize(example_stack(new_app(tmp_path)))

    # WHEN its feature-flag report is read
    manifest = json.loads((template.parent / "manifest.json").read_text())

    # THEN no flag is left to its legacy behaviour (on main's four flags, 81 were)
    assert unconfigured_flags(manifest) == []
