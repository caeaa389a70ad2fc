"""Shared test set-up: quiet jsii's Node.js notice and make the example app importable."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    # app.py lives at the project root: its stack class is the snapshot test's subject.
    sys.path.insert(0, str(PROJECT_ROOT))

# cfn-lint on every template the tests synthesize (see the plugin's docstring).
pytest_plugins = ["pytester", "tests.cfn_lint_plugin"]
