"""CI synthesizes the integration app (integ/integ_tuning_job.py); deploying it needs an AWS account."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import pytest

from cdk_sagemaker_tuning import RESOURCE_TYPE
from tests.lint_support import cfn_lint_findings
from tests.sample_stacks import new_app

INTEG_APP = Path(__file__).resolve().parents[2] / "integ" / "integ_tuning_job.py"


@pytest.fixture(scope="module")
def assembly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GIVEN the integration app, synthesized as integ-runner would."""
    spec = importlib.util.spec_from_file_location("integ_tuning_job", INTEG_APP)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    outdir = tmp_path_factory.mktemp("integ")
    app = new_app(outdir)
    module.build(app)
    app.synth()
    return outdir


def read(path: Path) -> Any:
    return json.loads(path.read_text())


def test_the_test_case_deploys_the_tuning_stack_then_asserts(assembly: Path) -> None:
    [case] = read(assembly / "integ.json")["testCases"].values()
    assert case["stacks"] == ["SageMakerTuningInteg"]
    assert case["assertionStack"] == "TuningJobInteg/DefaultTest/DeployAssert"


def test_the_assertion_describes_the_deployed_job(assembly: Path) -> None:
    [case] = read(assembly / "integ.json")["testCases"].values()
    assertions = read(assembly / f"{case['assertionStackName']}.template.json")["Resources"]
    [call] = [
        r["Properties"] for r in assertions.values() if r["Type"].startswith("Custom::DeployAssert@SdkCall")
    ]
    assert (call["service"], call["api"]) == ("SageMaker", "describeHyperParameterTuningJob")

    # The job's name reaches the call, and the expectation, from the tuning stack's outputs: weak
    # references (cdk.json's "@aws-cdk/core:defaultCrossStackReferences": "weak", as `cdk init` sets it),
    # read with Fn::GetStackOutput rather than an Export and Fn::ImportValue.
    tuning = read(assembly / "SageMakerTuningInteg.template.json")
    [logical_id] = [k for k, r in tuning["Resources"].items() if r["Type"] == RESOURCE_TYPE]
    parameters = json.dumps(call["parameters"])
    assert "HyperParameterTuningJobName" in parameters
    assert "Fn::GetStackOutput" in parameters
    assert f"PublishOutputRef{logical_id}" in parameters
    expected = json.dumps(call["expected"])
    assert '\\"$ObjectLike\\"' in expected
    assert f"PublishOutputFnGetAtt{logical_id}Arn" in expected
    assert '\\"Strategy\\":\\"Random\\"' in expected


def test_the_integration_templates_pass_cfn_lint(assembly: Path) -> None:
    for template in sorted(assembly.glob("*.template.json")):
        assert cfn_lint_findings(template.read_text()) == [], template.name
