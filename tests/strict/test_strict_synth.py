"""Warning-free for a correct app: no warning from the library's own resources in any stack.

Every stack of ``app.py`` and ``examples/``, environment-agnostic, region-only and with an explicit account
and region, and awaited jobs in a nested stack (``strict_app.py``): no warning or error annotation, and
``cdk synth --strict`` (which fails on any warning) succeeds.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import aws_cdk as cdk

from tests.sample_stacks import CDK_JSON_CONTEXT
from tests.strict import strict_app

ROOT = Path(__file__).resolve().parents[2]
CDK = ROOT / "node_modules" / ".bin" / "cdk"


def test_no_stack_has_a_warning(tmp_path: Path) -> None:
    # GIVEN every stack of the app and the examples, with and without an environment, nested included
    app = cdk.App(outdir=str(tmp_path), context=CDK_JSON_CONTEXT)
    stacks = strict_app.build(app)
    # WHEN the app is synthesized
    assembly = app.synth()
    # THEN no stack artifact (nested stacks report through their parent's) carries a warning or an error
    found = [
        f"{artifact.stack_name} {message.id}: {message.entry.data}"
        for artifact in assembly.stacks
        for message in artifact.messages
        if message.level != cdk.cx_api.SynthesisMessageLevel.INFO
    ]
    assert found == []
    assert len(assembly.stacks) == len(stacks) == 12
    # AND the nested stacks (whose messages their parents carry) were synthesized too
    assert len(list(tmp_path.glob("*.nested.template.json"))) == 2


def test_cdk_synth_strict_succeeds(tmp_path: Path) -> None:
    # GIVEN the same app, run by the CDK CLI with cdk.json's context (the repository root's)
    env = {**os.environ, "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1"}
    env["PATH"] = f"{ROOT / '.venv' / 'bin'}{os.pathsep}{env['PATH']}"
    # WHEN `cdk synth --strict` synthesizes it (a warning fails it)
    result = subprocess.run(
        [str(CDK), "synth", "--strict", "--quiet", "--no-notices", "--no-version-reporting",
         "--app", f"python {Path(strict_app.__file__).relative_to(ROOT)}", "--output", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    # THEN it succeeds, with a template for every stack and both nested stacks
    assert result.returncode == 0, result.stderr[-3000:]
    assert "[Warning" not in result.stderr, result.stderr[-3000:]
    assert len(list(tmp_path.glob("*.template.json"))) == 12 + 2
    assert len(list(tmp_path.glob("Nested*.nested.template.json"))) == 2
