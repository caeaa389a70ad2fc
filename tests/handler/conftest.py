"""The handler's modules live in lambda/tuning_job (the Lambda asset), imported as top-level modules."""

import sys
from pathlib import Path

# The tests import the handler from its asset directory: no bytecode caches written there.
sys.dont_write_bytecode = True
_ROOT = Path(__file__).resolve().parents[2]
for folder in (_ROOT / "lambda" / "tuning_job", _ROOT / "tests" / "support"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
