"""Vendor the SageMaker API model the library validates against and the handler sends with.

Reads botocore's ``sagemaker`` service-2 model (the installed botocore, or ``--botocore-data`` pointing at
a botocore ``data`` folder) and writes the shapes of the operations the library and its handler use, in
botocore's loader layout (``<dir>/sagemaker/<api-version>/service-2.json``) under the handler's folder::

    PYTHONPATH=src python scripts/vendor_sagemaker_model.py          # write
    PYTHONPATH=src python scripts/vendor_sagemaker_model.py --check  # compare (what the tests do)

The same file is validated against at synth (``validation/api_model.py``) and shipped in the handler's
Lambda asset, where the SageMaker client loads it before the runtime's own model: synth and deploy agree
on every field. Documentation strings are left out (they are most of the model's size); everything
botocore needs to validate, serialize and parse the calls is kept. The botocore version the model came
from is recorded in the file (``vendored.botocore``).

Add an operation to ``OPERATIONS`` when the handler makes a new SageMaker call: a client built from this
model knows only these operations (a test compares the list with the handler's calls).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cdk_sagemaker_tuning._handler import contract

#: Every SageMaker operation the library validates (CreateHyperParameterTuningJob) or the handler calls.
OPERATIONS = (
    "AddTags",
    "CreateHyperParameterTuningJob",
    "DeleteHyperParameterTuningJob",
    "DeleteTags",
    "DescribeHyperParameterTuningJob",
    "DescribeTrainingJob",
    "ListHyperParameterTuningJobs",
    "ListTags",
    "StopHyperParameterTuningJob",
)

TARGET = Path(contract.__file__).parent / contract.SAGEMAKER_MODEL_FILE


def _referenced(shape: dict[str, Any]) -> list[str]:
    names = [member["shape"] for member in shape.get("members", {}).values()]
    names += [shape[part]["shape"] for part in ("member", "key", "value") if part in shape]
    return names


def _without_docs(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_docs(item) for key, item in value.items() if key != "documentation"}
    if isinstance(value, list):
        return [_without_docs(item) for item in value]
    return value


def vendor(full: dict[str, Any], botocore_version: str) -> dict[str, Any]:
    """The model of ``OPERATIONS`` and every shape they reach (input, output, errors), without docs."""
    operations = {name: full["operations"][name] for name in OPERATIONS}
    pending = [
        ref["shape"]
        for operation in operations.values()
        for ref in [operation.get("input"), operation.get("output"), *operation.get("errors", [])]
        if ref
    ]
    shapes: dict[str, Any] = {}
    while pending:
        name = pending.pop()
        if name not in shapes:
            shapes[name] = full["shapes"][name]
            pending.extend(_referenced(shapes[name]))
    return {
        "version": full["version"],
        "metadata": full["metadata"],
        "operations": _without_docs(operations),
        "shapes": _without_docs(dict(sorted(shapes.items()))),
        # Not read by botocore (it reads version, metadata, operations and shapes): where this came from.
        "vendored": {"botocore": botocore_version, "operations": list(OPERATIONS)},
    }


def render(model: dict[str, Any]) -> str:
    return json.dumps(model, indent=1, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the vendored file differs")
    args = parser.parse_args(argv)
    import botocore  # a development dependency (boto3): the library itself does not need it
    import botocore.loaders

    full = botocore.loaders.Loader().load_service_model(
        "sagemaker", "service-2", contract.SAGEMAKER_API_VERSION
    )
    text = render(vendor(full, botocore.__version__))
    if args.check:
        current = TARGET.read_text() if TARGET.is_file() else ""
        if current != text:
            print(f"{TARGET} differs from botocore {botocore.__version__}'s model: run {sys.argv[0]}")
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text)
    print(f"wrote {TARGET} ({len(text)} bytes) from botocore {botocore.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
