"""One SageMaker API model, shipped with the library: synth validates against the file the handler sends with.

The model is vendored by ``scripts/vendor_sagemaker_model.py`` from botocore; the library reads it without
botocore, the handler's client loads it first (tests/lifecycle/test_lifecycle_api_model.py), and a field
newer than it is an error that can be acknowledged by id.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Stack
from aws_cdk.assertions import Template

from cdk_sagemaker_tuning import (
    HyperParameterTuningJob,
    TuningJobValidationError,
    validate_request,
)
from cdk_sagemaker_tuning._handler import contract
from cdk_sagemaker_tuning.validation.api_model import MODEL_FILE, sagemaker_model
from tests.test_tuning_job_from_request import minimal_request

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
sys.path.insert(0, str(ROOT / "scripts"))
import vendor_sagemaker_model  # noqa: E402

ROLE = "arn:aws:iam::123456789012:role/training"
NEWER = "HyperParameterTuningJobConfig.SomeFieldFromNextYear"
ACK = f"cdk-sagemaker-tuning:unknown-field:{NEWER}"


def _model() -> dict[str, Any]:
    return dict(json.loads(MODEL_FILE.read_text()))


def test_the_model_is_where_botocore_looks_and_says_where_it_came_from() -> None:
    # GIVEN the vendored file
    model = _model()
    # THEN it sits in botocore's loader layout under the handler's folder, named by the contract
    assert MODEL_FILE.relative_to(Path(contract.__file__).parent).as_posix() == (
        f"api_models/sagemaker/{model['metadata']['apiVersion']}/service-2.json"
    )
    # AND it records the botocore release it was vendored from, and its operations
    assert model["vendored"]["botocore"] == sagemaker_model().botocore_version
    assert sagemaker_model().botocore_version.count(".") == 2
    assert sorted(model["operations"]) == sorted(vendor_sagemaker_model.OPERATIONS)


def test_every_shape_the_operations_reach_is_in_the_model() -> None:
    # GIVEN the vendored model
    model = _model()
    # WHEN every shape reference is followed
    missing = sorted(
        {name for shape in model["shapes"].values() for name in vendor_sagemaker_model._referenced(shape)}
        - set(model["shapes"])
    )
    # THEN none is missing, and no documentation was kept (it is most of the full model's size)
    assert missing == []
    assert "documentation" not in json.dumps(model)


def test_every_sagemaker_call_of_the_handler_is_in_the_model() -> None:
    # GIVEN the operations the handler calls (SageMakerApi._call("<Operation>", ...))
    source = (Path(contract.__file__).parent / "sagemaker_api.py").read_text()
    called = {
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "_call"
        and node.args
        and isinstance(node.args[0], ast.Constant)
    }
    assert "CreateHyperParameterTuningJob" in called
    # THEN a client built from the vendored model knows each of them
    assert sorted(called - set(sagemaker_model().operations)) == []


def test_the_script_keeps_exactly_what_the_operations_reach() -> None:
    # GIVEN a tiny service model: one operation used, one not, a recursive shape and documentation
    full = {
        "version": "2.0",
        "metadata": {"apiVersion": "2017-07-24"},
        "operations": {
            name: {"name": name, "input": {"shape": "In"}, "errors": [{"shape": "Oops"}]}
            for name in vendor_sagemaker_model.OPERATIONS
        }
        | {"Unused": {"name": "Unused", "input": {"shape": "Other"}}},
        "shapes": {
            "In": {"type": "structure", "members": {"Node": {"shape": "Node"}}, "documentation": "x"},
            "Node": {"type": "structure", "members": {"Children": {"shape": "Nodes"}}},
            "Nodes": {"type": "list", "member": {"shape": "Node"}},
            "Oops": {"type": "structure", "members": {}, "exception": True},
            "Other": {"type": "structure", "members": {}},
        },
    }
    # WHEN vendored
    vendored = vendor_sagemaker_model.vendor(full, "1.2.3")
    # THEN the used operations and their reachable shapes stay, the rest and the docs go
    assert sorted(vendored["shapes"]) == ["In", "Node", "Nodes", "Oops"]
    assert "Unused" not in vendored["operations"]
    assert "documentation" not in vendored["shapes"]["In"]
    assert vendored["vendored"]["botocore"] == "1.2.3"


def test_the_library_validates_and_synthesizes_without_botocore(tmp_path: Path) -> None:
    # GIVEN a Python where importing botocore fails
    script = (
        "import sys; sys.modules['botocore'] = None; sys.modules['boto3'] = None\n"
        "import aws_cdk as cdk\n"
        "from cdk_sagemaker_tuning import HyperParameterTuningJob, TuningJobValidationError\n"
        "from tests.test_tuning_job_from_request import minimal_request\n"
        "stack = cdk.Stack(cdk.App(outdir=sys.argv[1]), 'NoBotocore')\n"
        f"HyperParameterTuningJob.from_request(stack, 'Job', request=minimal_request({ROLE!r}))\n"
        "bad = minimal_request('arn:aws:iam::123456789012:role/r')\n"
        "bad['HyperParameterTuningJobConfig']['Strategy'] = 'Bayesan'\n"
        "try:\n"
        "    HyperParameterTuningJob.from_request(stack, 'Bad', request=bad)\n"
        "except TuningJobValidationError as error:\n"
        "    print(error)\n"
        "stack.node.root.synth()\n"
    )
    # WHEN a job is declared, a bad one refused, and the app synthesized
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={"PYTHONPATH": f"{SRC}:{ROOT}", "PATH": __import__("os").environ["PATH"]},
    )
    # THEN it all works from the vendored model, naming the field and what is allowed
    assert result.returncode == 0, result.stderr
    assert "'Bayesan' is not one of Bayesian, Random, Hyperband, Grid" in result.stdout
    assert (tmp_path / "NoBotocore.template.json").is_file()


def test_the_package_does_not_depend_on_botocore() -> None:
    # GIVEN the package's declared runtime dependencies
    import tomllib

    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    # THEN botocore is not among them (the model is vendored)
    assert [d for d in dependencies if d.lower().startswith(("botocore", "boto3"))] == []


# -- a field newer than the vendored model ------------------------------------------------------------------


def _newer_request() -> dict[str, Any]:
    request = minimal_request(ROLE)
    request["HyperParameterTuningJobConfig"]["SomeFieldFromNextYear"] = "on"
    return request


def test_an_unknown_field_is_an_error_that_names_its_acknowledgement() -> None:
    # WHEN a request with a field the model does not know is validated
    report = validate_request(_newer_request())
    # THEN it is an error of the unknown-field rule, naming the model's botocore and the id to acknowledge
    [error] = report.errors
    assert error.rule == "unknown-field"
    assert error.path == NEWER
    assert f"botocore {sagemaker_model().botocore_version}" in error.message
    assert ACK in error.message
    assert "'cdk-sagemaker-tuning:acknowledge'" in error.message


def test_a_typo_is_still_an_error_with_a_suggestion() -> None:
    # GIVEN a misspelt field
    request = minimal_request(ROLE)
    request["HyperParameterTuningJobConfig"]["Stratgy"] = "Random"
    # WHEN validated with an acknowledgement of another field
    report = validate_request(request, acknowledged=[ACK])
    # THEN the typo is still an error, with the nearest name
    [error] = report.errors
    assert "did you mean 'Strategy'?" in error.message
    assert report.acknowledged == []


def test_an_acknowledged_field_is_not_an_error() -> None:
    # WHEN validated with its acknowledgement
    report = validate_request(_newer_request(), acknowledged=[ACK])
    # THEN it is no error, and is reported as acknowledged
    assert report.errors == []
    assert [problem.path for problem in report.acknowledged] == [NEWER]


def test_only_unknown_fields_can_be_acknowledged() -> None:
    # GIVEN an invalid value of a known field, and its would-be acknowledgement id
    request = minimal_request(ROLE)
    request["HyperParameterTuningJobConfig"]["Strategy"] = "Bayesan"
    ack = "cdk-sagemaker-tuning:api-model:HyperParameterTuningJobConfig.Strategy"
    # WHEN validated with that id acknowledged
    report = validate_request(request, acknowledged=[ack])
    # THEN it stays an error
    assert [error.rule for error in report.errors] == ["api-model"]


def test_without_the_acknowledgement_the_job_fails_synth() -> None:
    # GIVEN a stack without acknowledgements
    stack = Stack(App(), "Newer")
    # WHEN a job with a newer field is declared
    with pytest.raises(TuningJobValidationError) as raised:
        HyperParameterTuningJob.from_request(stack, "Job", request=_newer_request())
    # THEN the error names the field and the id
    assert ACK in str(raised.value)


def _function_variables(template: Template) -> dict[str, Any]:
    [function] = template.find_resources("AWS::Lambda::Function").values()
    return dict(function["Properties"]["Environment"]["Variables"])


def test_an_acknowledged_field_synthesizes_and_the_handler_uses_the_runtimes_model() -> None:
    # GIVEN the field acknowledged in the app's context (cdk.json's "context" works alike)
    app = App(context={"cdk-sagemaker-tuning:acknowledge": [ACK]})
    stack = Stack(app, "Acknowledged")
    # WHEN the job is declared
    job = HyperParameterTuningJob.from_request(stack, "Job", request=_newer_request())
    # THEN it synthesizes with the field in its request
    template = Template.from_stack(stack)
    assert stack.resolve(job.request)["HyperParameterTuningJobConfig"]["SomeFieldFromNextYear"] == "on"
    # AND the stack's function sends with the Lambda runtime's own model (only a newer model can send it)
    assert _function_variables(template)[contract.ENV_API_MODEL] == contract.API_MODEL_RUNTIME


def test_a_stack_without_newer_fields_sends_with_the_vendored_model() -> None:
    # GIVEN a job without unknown fields, in an app that acknowledges one anyway
    app = App(context={"cdk-sagemaker-tuning:acknowledge": [ACK]})
    stack = Stack(app, "Vendored")
    HyperParameterTuningJob.from_request(stack, "Job", request=minimal_request(ROLE))
    # THEN the function is not switched to the runtime's model
    assert contract.ENV_API_MODEL not in _function_variables(Template.from_stack(stack))


def test_an_override_with_an_acknowledged_field_switches_the_function_too() -> None:
    # GIVEN a job declared without the field, in an app that acknowledges it
    app = App(context={"cdk-sagemaker-tuning:acknowledge": [ACK]})
    stack = Stack(app, "Override")
    job = HyperParameterTuningJob.from_request(stack, "Job", request=minimal_request(ROLE))
    # WHEN an override adds it
    job.add_request_override(NEWER, "on")
    # THEN the function sends with the runtime's model
    variables = _function_variables(Template.from_stack(stack))
    assert variables[contract.ENV_API_MODEL] == contract.API_MODEL_RUNTIME
