"""``export`` prints the request of every Step Functions task state that creates a tuning job."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    IntegerParameter,
    SageMakerCreateHyperParameterTuningJob,
    TrainingAlgorithm,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningObjective,
)
from cdk_sagemaker_tuning.export import find_task_requests, main
from cdk_sagemaker_tuning.export.states import DefinitionError, task_requests
from tests.sample_stacks import new_app
from tests.samples import xgboost_request

#: A request whose every value is known at synth time.
#: A raw request whose only run-time value is its name (a task's name must come from the execution: a fixed
#: one is refused at synth, as SageMaker would refuse the second run).
RAW_REQUEST = xgboost_request()
RAW_NAME_PATH = "$.Name"


def _typed(
    stack: cdk.Stack, id: str, bucket: s3.IBucket, **props: Any
) -> SageMakerCreateHyperParameterTuningJob:
    defaults: dict[str, Any] = {
        "objective": TuningObjective.maximize("validation:auc"),
        "parameter_ranges": [IntegerParameter("max_depth", 3, 10)],
        "max_training_jobs": 4,
    }
    prefix = props.pop("prefix", "data/train/")
    return SageMakerCreateHyperParameterTuningJob(
        stack,
        id,
        **defaults,
        **props,
        training=TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            inputs=[TrainingInput.from_bucket(bucket, prefix, channel_name="train")],
            output=TrainingOutput(bucket, "models/"),
            static_hyperparameters={"num_round": 100},  # XGBoost requires it
        ),
    )


@pytest.fixture(scope="module")
def assembly(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GIVEN a stack with three state machines: JSONPath (run-time name and prefix, one task inside a
    Parallel), JSONata, and a raw request whose values are all known at synth time."""
    outdir = tmp_path_factory.mktemp("cdk.out")
    app = new_app(outdir, **{"aws:cdk:enable-path-metadata": True})
    stack = cdk.Stack(app, "Retrain", env=cdk.Environment(account="123456789012", region="us-east-1"))
    bucket = s3.Bucket(stack, "Data")
    week = sfn.JsonPath.string_at("$.Week")
    tune = _typed(
        stack,
        "Tune",
        bucket,
        tuning_job_name=sfn.JsonPath.format("churn-{}", week),
        prefix="data/" + week + "/train/",
        integration_pattern=sfn.IntegrationPattern.RUN_JOB,
    )
    nested = _typed(stack, "Nested", bucket, tuning_job_name=sfn.JsonPath.string_at("$.Name"))
    parallel = sfn.Parallel(stack, "Both").branch(nested)
    sfn.StateMachine(
        stack, "JsonPath", definition_body=sfn.DefinitionBody.from_chainable(tune.next(parallel))
    )

    jsonata = SageMakerCreateHyperParameterTuningJob.jsonata(
        stack, "Jsonata", **_jsonata_props(stack, bucket)
    )
    sfn.StateMachine(stack, "JsonataMachine", definition_body=sfn.DefinitionBody.from_chainable(jsonata))

    raw = SageMakerCreateHyperParameterTuningJob.from_request(
        stack,
        "Raw",
        request={**RAW_REQUEST, "HyperParameterTuningJobName": sfn.JsonPath.string_at(RAW_NAME_PATH)},
    )
    sfn.StateMachine(stack, "RawMachine", definition_body=sfn.DefinitionBody.from_chainable(raw))
    app.synth()
    return outdir


def _jsonata_props(stack: cdk.Stack, bucket: s3.IBucket) -> dict[str, Any]:
    return {
        "tuning_job_name": "{% 'churn-' & $states.input.week %}",
        "objective": TuningObjective.maximize("validation:auc"),
        "parameter_ranges": [IntegerParameter("max_depth", 3, 10)],
        "max_training_jobs": 4,
        "training": TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            inputs=[
                TrainingInput.from_bucket(bucket, "data/{% $states.input.week %}/", channel_name="train")
            ],
            output=TrainingOutput(bucket, "models/"),
            static_hyperparameters={"num_round": 100},
        ),
    }


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def _by_state(assembly: Path) -> dict[str, Any]:
    return {item.task.state: item.task for item in find_task_requests(assembly)}


def test_every_tuning_task_of_every_state_machine_is_found(assembly: Path) -> None:
    # WHEN
    tasks = find_task_requests(assembly)
    # THEN the four tasks, the one inside the Parallel state included, each with its machine and language
    found = {
        (t.task.state_machine.rstrip("0123456789ABCDEF"), t.task.state, t.task.query_language) for t in tasks
    }
    assert found == {
        ("JsonPath", "Tune", "JSONPath"),
        ("JsonPath", "Nested", "JSONPath"),
        ("JsonataMachine", "Jsonata", "JSONata"),
        ("RawMachine", "Raw", "JSONPath"),
    }
    assert {t.stack for t in tasks} == {"Retrain"}


def test_json_path_run_time_fields_are_listed_and_replaced_by_placeholders(assembly: Path) -> None:
    # WHEN
    tune = _by_state(assembly)["Tune"]
    # THEN the name and the embedded prefix are run-time fields, with Step Functions' expressions
    fields = {f.path: f.expression for f in tune.runtime_fields}
    uri = "TrainingJobDefinition.InputDataConfig[0].DataSource.S3DataSource.S3Uri"
    assert fields == {
        "HyperParameterTuningJobName": "States.Format('churn-{}', $.Week)",
        # the bucket's name, a deploy-time value inside the expression, in Fn::Sub notation
        uri: fields[uri],
    }
    assert fields[uri].startswith("States.Format('s3://${Data") and fields[uri].endswith(
        "/data/{}/train/', $.Week)"
    )
    # AND the request has the plain key with a placeholder naming the expression, no ".$" key left
    request = tune.request
    assert request["HyperParameterTuningJobName"] == "<run-time value: States.Format('churn-{}', $.Week)>"
    assert "HyperParameterTuningJobName.$" not in request
    # AND deploy-time values stay CloudFormation values, as for tuning jobs
    assert set(request["TrainingJobDefinition"]["RoleArn"]) == {"Fn::GetAtt"}
    assert request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxNumberOfTrainingJobs"] == 4


def test_jsonata_expressions_are_run_time_fields(assembly: Path) -> None:
    # WHEN
    jsonata = _by_state(assembly)["Jsonata"]
    # THEN
    fields = {f.path: f.expression for f in jsonata.runtime_fields}
    assert fields["HyperParameterTuningJobName"] == "{% 'churn-' & $states.input.week %}"
    assert jsonata.request["HyperParameterTuningJobName"] == (
        "<run-time value: {% 'churn-' & $states.input.week %}>"
    )
    # AND an expression around the bucket's name (a deploy-time value) is one too, shown in Fn::Sub notation
    uri = fields["TrainingJobDefinition.InputDataConfig[0].DataSource.S3DataSource.S3Uri"]
    assert uri.startswith("{% 's3://${Data") and uri.endswith("/data/' & ($states.input.week) & '/' %}")
    assert len(fields) == 2


def test_a_raw_request_has_only_its_name_as_a_run_time_field(assembly: Path) -> None:
    # WHEN
    raw = _by_state(assembly)["Raw"]
    # THEN it is the request as given, ready for --cli-input-json once the name is filled in
    assert [field.path for field in raw.runtime_fields] == ["HyperParameterTuningJobName"]
    assert {k: v for k, v in raw.request.items() if k != "HyperParameterTuningJobName"} == RAW_REQUEST


def test_the_text_output_heads_each_task_and_lists_its_run_time_fields(assembly: Path) -> None:
    # WHEN
    status, out, err = run("export", str(assembly))
    # THEN
    assert status == 0, err
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.endswith('state "Tune" (JSONPath)'))
    assert lines[header].startswith("# stack Retrain, state machine JsonPath")
    assert "(Retrain/JsonPath/Resource)" in lines[header]
    assert lines[header + 1].startswith(
        "# run-time values: Step Functions fills these in from each execution"
    )
    assert lines[header + 2] == "#   HyperParameterTuningJobName = States.Format('churn-{}', $.Week)"
    # AND the JSON block below the comments is the request
    body = []
    for line in lines[header + 1 :]:
        if line.startswith("# stack "):
            break
        if not line.startswith("#"):
            body.append(line)
    assert json.loads("\n".join(body)) == _by_state(assembly)["Tune"].request


def test_output_dir_writes_one_file_per_task_and_names_the_run_time_fields_on_stderr(
    assembly: Path, tmp_path: Path
) -> None:
    # WHEN
    status, out, err = run("export", str(assembly), "--output-dir", str(tmp_path))
    # THEN
    assert status == 0
    paths = [Path(p) for p in out.splitlines()]
    [tune] = [p for p in paths if p.name.endswith(".Tune.json")]
    assert tune.name.startswith("Retrain.JsonPath")
    assert json.loads(tune.read_text()) == _by_state(assembly)["Tune"].request
    assert f"{tune}: run-time values" in err and "HyperParameterTuningJobName = States.Format(" in err
    [raw] = [p for p in paths if p.name.endswith(".Raw.json")]
    assert f"{raw}: run-time values" in err and f"HyperParameterTuningJobName = {RAW_NAME_PATH}" in err


def _machine(definition: Any, **properties: Any) -> dict[str, Any]:
    return {
        "Type": "AWS::StepFunctions::StateMachine",
        "Properties": {"DefinitionString": definition, **properties},
    }


_RESOURCE = "arn:aws:states:::sagemaker:createHyperParameterTuningJob"


def test_a_jsonata_request_that_is_one_expression_cannot_be_printed_and_says_why() -> None:
    # GIVEN a JSONata state whose whole Arguments are an expression
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "T",
        "States": {
            "T": {"Type": "Task", "Resource": _RESOURCE, "Arguments": "{% $states.input %}", "End": True}
        },
    }
    # WHEN
    [task] = task_requests("M", _machine(json.dumps(definition)))
    # THEN
    assert task.request is None
    assert task.unprintable == (
        "its Arguments are one JSONata expression, evaluated per execution: {% $states.input %}"
    )


def test_a_json_path_state_without_parameters_cannot_be_printed_and_says_why(tmp_path: Path) -> None:
    # GIVEN a state sending its input as the request, inside a Map state's processor
    inner = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": _RESOURCE + ".sync", "End": True}}}
    definition = {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": inner, "End": True}}}
    # WHEN
    [task] = task_requests("M", _machine(json.dumps(definition)))
    # THEN
    assert task.state == "T"
    assert task.unprintable is not None and "the request is the state's input" in task.unprintable


def test_other_task_states_are_not_tuning_tasks() -> None:
    # GIVEN a state calling createTrainingJob
    other = {"Type": "Task", "Resource": "arn:aws:states:::sagemaker:createTrainingJob", "Parameters": {}}
    definition = {"StartAt": "T", "States": {"T": {**other, "End": True}}}
    # WHEN / THEN
    assert task_requests("M", _machine(json.dumps(definition))) == []


@pytest.mark.parametrize(
    ("properties", "message"),
    [
        (
            {"DefinitionS3Location": {"Bucket": "b", "Key": "k"}},
            "its definition is in S3 (DefinitionS3Location)",
        ),
        ({"DefinitionString": "{not json"}, "its definition is not JSON"),
        ({"DefinitionString": {"Fn::Sub": "x"}}, "neither text nor an Fn::Join of text and values"),
    ],
)
def test_a_definition_outside_the_template_or_unreadable_is_reported(properties: Any, message: str) -> None:
    # GIVEN
    resource = {"Type": "AWS::StepFunctions::StateMachine", "Properties": properties}
    # WHEN / THEN
    with pytest.raises(DefinitionError, match=re.escape(message)):
        task_requests("Machine", resource)


def test_the_command_notes_a_state_machine_it_cannot_read_and_goes_on(tmp_path: Path) -> None:
    # GIVEN an assembly whose only state machine keeps its definition in S3
    template = {
        "Resources": {
            "M": {
                "Type": "AWS::StepFunctions::StateMachine",
                "Properties": {"DefinitionS3Location": {"Bucket": "b", "Key": "k"}},
            }
        }
    }
    (tmp_path / "S.template.json").write_text(json.dumps(template))
    manifest = {
        "artifacts": {
            "S": {"type": "aws:cloudformation:stack", "properties": {"templateFile": "S.template.json"}}
        }
    }
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    # WHEN
    status, out, err = run("export", str(tmp_path))
    # THEN
    assert status == 0 and out == ""
    assert (
        "note: stack S, state machine M: its definition is in S3 (DefinitionS3Location), not in the template"
        in err
    )
    assert "no Custom::SageMakerHyperParameterTuningJob resource and no tuning task state" in err
