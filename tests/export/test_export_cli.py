"""``python -m cdk_sagemaker_tuning export``: requests out of a synthesized cloud assembly."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest

from cdk_sagemaker_tuning import RESOURCE_TYPE
from cdk_sagemaker_tuning.export import find_requests, main
from tests.sample_stacks import multi_job_stack, new_app, synthesize, vpc_stack


@pytest.fixture(scope="module")
def assembly(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """GIVEN an app with a top-level stack of three jobs and a stage holding a VPC stack with one job."""
    outdir = tmp_path_factory.mktemp("cdk.out")
    # The CDK CLI turns on path metadata; the header names the construct path from it.
    app = new_app(outdir, **{"aws:cdk:enable-path-metadata": True})
    many = multi_job_stack(app, jobs=3)
    staged = vpc_stack(cdk.Stage(app, "Prod"))
    templates = {
        "ManyTuningJobs": json.loads(synthesize(many).read_text()),
        "Prod/TuningInVpc": json.loads(synthesize(staged).read_text()),
    }
    return {"dir": outdir, "templates": templates}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def parse_blocks(text: str) -> list[tuple[str, Any]]:
    """Split the text output into (header, request) pairs; note lines after a header are dropped."""
    blocks: list[tuple[str, Any]] = []
    header, body = None, []
    for line in text.splitlines():
        if line.startswith("# stack "):
            if header is not None:
                blocks.append((header, json.loads("\n".join(body))))
            header, body = line, []
        elif not line.startswith("# "):
            body.append(line)
    if header is not None:
        blocks.append((header, json.loads("\n".join(body))))
    return blocks


def expected_requests(templates: dict[str, Any]) -> dict[tuple[str, str], Any]:
    return {
        (stack, logical_id): resource["Properties"]["Request"]
        for stack, template in templates.items()
        for logical_id, resource in template["Resources"].items()
        if resource["Type"] == RESOURCE_TYPE
    }


def test_prints_every_request_of_every_stack_including_stages(assembly: dict[str, Any]) -> None:
    # WHEN
    status, out, err = run("export", str(assembly["dir"]))

    # THEN every job appears once, headed by its stack and logical id, with the template's request
    assert status == 0, err
    blocks = parse_blocks(out)
    expected = expected_requests(assembly["templates"])
    assert len(blocks) == len(expected) == 4
    for (stack, logical_id), request in expected.items():
        matching = [r for h, r in blocks if h.startswith(f"# stack {stack}, resource {logical_id} (")]
        assert matching == [request]


def test_unresolved_values_are_shown_as_in_the_template(assembly: dict[str, Any]) -> None:
    # WHEN
    [staged] = find_requests(assembly["dir"], ["Prod/*"])

    # THEN the role ARN is still the GetAtt CloudFormation resolves at deploy time
    role_arn = staged.request["TrainingJobDefinition"]["RoleArn"]
    assert set(role_arn) == {"Fn::GetAtt"}
    assert role_arn["Fn::GetAtt"][1] == "Arn"
    # and literal numbers stay numbers, as --cli-input-json expects them
    assert staged.request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"] == 2
    assert staged.construct_path == "Prod/TuningInVpc/Tuning/Resource/Default"


def test_stack_option_keeps_only_matching_stacks(assembly: dict[str, Any]) -> None:
    # WHEN
    status, out, _ = run("export", str(assembly["dir"]), "--stack", "ManyTuningJobs")

    # THEN
    assert status == 0
    headers = [h for h, _ in parse_blocks(out)]
    assert len(headers) == 3
    assert all(h.startswith("# stack ManyTuningJobs,") for h in headers)


def test_unknown_stack_is_an_error_listing_the_stacks(assembly: dict[str, Any]) -> None:
    # WHEN
    status, out, err = run("export", str(assembly["dir"]), "--stack", "Nope")

    # THEN
    assert status == 1
    assert out == ""
    assert "no stack matches --stack Nope" in err
    assert "ManyTuningJobs" in err and "Prod/TuningInVpc" in err


def test_output_dir_writes_cli_input_json_files(assembly: dict[str, Any], tmp_path: Path) -> None:
    # WHEN
    status, out, _ = run("export", str(assembly["dir"]), "--stack", "Prod/*", "--output-dir", str(tmp_path))

    # THEN one file per job, whose whole content is the request
    assert status == 0
    [path] = out.splitlines()
    assert Path(path).parent == tmp_path
    assert Path(path).name.startswith("Prod-TuningInVpc.Tuning") and path.endswith(".json")
    [request] = expected_requests({"Prod/TuningInVpc": assembly["templates"]["Prod/TuningInVpc"]}).values()
    assert json.loads(Path(path).read_text()) == request


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing", "is not a directory"),
        (lambda d: d, "is not a cloud assembly: it has no manifest.json"),
    ],
)
def test_a_directory_that_is_not_a_cloud_assembly_fails_clearly(
    tmp_path: Path, make: Any, message: str
) -> None:
    # WHEN
    status, out, err = run("export", str(make(tmp_path)))

    # THEN
    assert status == 1
    assert out == ""
    assert err.startswith("error: ") and message in err


def test_a_manifest_without_artifacts_fails_clearly(tmp_path: Path) -> None:
    # GIVEN
    (tmp_path / "manifest.json").write_text('{"version": "1"}')

    # WHEN
    status, _, err = run("export", str(tmp_path))

    # THEN
    assert status == 1
    assert "has no 'artifacts' object" in err


def test_module_entry_point(assembly: dict[str, Any]) -> None:
    # WHEN the documented command runs in a fresh interpreter
    result = subprocess.run(
        [sys.executable, "-m", "cdk_sagemaker_tuning", "export", str(assembly["dir"]), "--stack", "Prod/*"],
        capture_output=True,
        text=True,
        check=False,
    )

    # THEN
    assert result.returncode == 0, result.stderr
    [(header, request)] = parse_blocks(result.stdout)
    assert header.startswith("# stack Prod/TuningInVpc, resource ")
    assert "VpcConfig" in request["TrainingJobDefinition"]


def test_a_request_without_a_name_says_it_is_generated_at_deploy(
    assembly: dict[str, Any], tmp_path: Path
) -> None:
    # GIVEN the sample requests, which leave the name to the handler
    # WHEN
    status, out, _ = run("export", str(assembly["dir"]), "--stack", "Prod/*")
    file_status, _, file_err = run(
        "export", str(assembly["dir"]), "--stack", "Prod/*", "--output-dir", str(tmp_path)
    )

    # THEN the note follows the header, and goes to stderr for files (which hold JSON only)
    assert status == file_status == 0
    lines = out.splitlines()
    assert lines[0].startswith("# stack Prod/TuningInVpc")
    assert lines[1].startswith("# no HyperParameterTuningJobName: the handler generates one at deploy time")
    assert "no HyperParameterTuningJobName" in file_err
