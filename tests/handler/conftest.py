"""The handler tests import the handler from the package; CloudFormation event helpers from tests/support."""

import sys
from pathlib import Path

# The tests import the handler from its asset directory: no bytecode caches written there.
sys.dont_write_bytecode = True
_ROOT = Path(__file__).resolve().parents[2]
for folder in (_ROOT / "tests" / "support",):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
