"""The task state: its Resource per integration pattern, JSONPath and JSONata, and validation."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_stepfunctions as sfn
from aws_cdk.assertions import Match, Template

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    IntegerParameter,
    SageMakerCreateHyperParameterTuningJob,
    TrainingAlgorithm,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningJobValidationError,
    TuningObjective,
)
from cdk_sagemaker_tuning.grants.nag import finding_resource
from tests.iam_support import policy_statements
from tests.problems import raises_problem
from tests.samples import ROLE_ARN, xgboost_request
from tests.stepfunctions.sfn_task_support import new_stack, state_json

JOB_NAME = sfn.JsonPath.string_at("$.JobName")


def typed_task(stack: Stack, id: str = "Tune", *, prefix: str = "data/train/", **props: Any) -> Any:
    bucket = s3.Bucket.from_bucket_name(stack, f"{id}Bucket", "example-bucket")
    task_props: dict[str, Any] = {
        "tuning_job_name": JOB_NAME,
        "objective": TuningObjective.maximize("validation:auc"),
        "parameter_ranges": [IntegerParameter("max_depth", 3, 10)],
        "max_training_jobs": 4,
        "training": TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            inputs=[TrainingInput.from_bucket(bucket, prefix, channel_name="train")],
            output=TrainingOutput(bucket, "models/"),
            static_hyperparameters={"num_round": 10},
        ),
        **props,
    }
    return SageMakerCreateHyperParameterTuningJob(stack, id, **task_props)


def _integration(state: dict[str, Any]) -> str:
    return "".join(p if isinstance(p, str) else "<partition>" for p in state["Resource"]["Fn::Join"][1])


def test_run_job_waits_for_the_job_with_the_sync_integration() -> None:
    # GIVEN a task with RUN_JOB WHEN it is rendered
    state = state_json(typed_task(new_stack(), integration_pattern=sfn.IntegrationPattern.RUN_JOB))
    # THEN it calls the optimized SageMaker integration with .sync
    assert _integration(state) == "arn:<partition>:states:::sagemaker:createHyperParameterTuningJob.sync"
    assert state["Type"] == "Task"


def test_request_response_is_the_default_and_starts_the_job() -> None:
    state = state_json(typed_task(new_stack()))
    assert _integration(state) == "arn:<partition>:states:::sagemaker:createHyperParameterTuningJob"


def test_wait_for_task_token_is_refused_with_the_supported_patterns() -> None:
    # GIVEN the callback pattern, which SageMaker's tuning integration does not offer
    with raises_problem("prop-value", "WAIT_FOR_TASK_TOKEN") as raised:
        typed_task(new_stack(), integration_pattern=sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN)
    # THEN the message names the patterns that work
    assert "RUN_JOB" in str(raised.value) and "REQUEST_RESPONSE" in str(raised.value)


def test_json_path_runtime_values_get_dollar_keys_and_embedded_ones_states_format() -> None:
    # GIVEN the job name and the week of the input prefix from the execution's input
    task = typed_task(new_stack(), prefix="data/" + sfn.JsonPath.string_at("$.Week") + "/train/")
    parameters = state_json(task)["Parameters"]
    # THEN the name is a reference and the prefix a States.Format around the bucket's literal name
    assert parameters["HyperParameterTuningJobName.$"] == "$.JobName"
    assert "HyperParameterTuningJobName" not in parameters
    source = parameters["TrainingJobDefinition"]["InputDataConfig"][0]["DataSource"]["S3DataSource"]
    assert source["S3Uri.$"] == "States.Format('s3://example-bucket/data/{}/train/', $.Week)"


def test_states_format_escapes_its_reserved_characters_in_literal_text() -> None:
    request = xgboost_request(HyperParameterTuningJobName=JOB_NAME)
    request["TrainingJobDefinition"]["Environment"] = {
        "GREETING": "it's {x}: " + sfn.JsonPath.string_at("$.W")
    }
    task = SageMakerCreateHyperParameterTuningJob.from_request(new_stack(), "Tune", request=request)
    value = state_json(task)["Parameters"]["TrainingJobDefinition"]["Environment"]["GREETING.$"]
    assert value == r"States.Format('it\'s \{x\}: {}', $.W)"


def test_jsonata_states_get_arguments_with_expressions_joined() -> None:
    # GIVEN a JSONata task whose name and input prefix are JSONata expressions
    task = typed_task(
        new_stack(),
        tuning_job_name="{% 'churn-' & $states.input.week %}",
        prefix="data/{% $states.input.week %}/train/",
        query_language=sfn.QueryLanguage.JSONATA,
    )
    state = state_json(task)
    # THEN the request is the state's Arguments, expressions as given or joined into one
    assert "Parameters" not in state
    arguments = state["Arguments"]
    assert arguments["HyperParameterTuningJobName"] == "{% 'churn-' & $states.input.week %}"
    source = arguments["TrainingJobDefinition"]["InputDataConfig"][0]["DataSource"]["S3DataSource"]
    assert source["S3Uri"] == "{% 's3://example-bucket/data/' & ($states.input.week) & '/train/' %}"


def test_a_task_follows_the_state_machines_query_language() -> None:
    # GIVEN a task without its own query language, rendered in a JSONata state machine
    task = typed_task(new_stack(), tuning_job_name="{% $states.input.name %}")
    state = state_json(task, sfn.QueryLanguage.JSONATA)
    assert state["Arguments"]["HyperParameterTuningJobName"] == "{% $states.input.name %}"
    # AND the jsonata factory sets the state's own
    jsonata = SageMakerCreateHyperParameterTuningJob.jsonata(
        new_stack(), "Tune", **_props_of(tuning_job_name="{% $states.input.name %}")
    )
    assert state_json(jsonata)["QueryLanguage"] == "JSONata"


def _props_of(**overrides: Any) -> dict[str, Any]:
    stack = new_stack("Props")
    bucket = s3.Bucket.from_bucket_name(stack, "Bucket", "example-bucket")
    return {
        "objective": TuningObjective.maximize("validation:auc"),
        "parameter_ranges": [IntegerParameter("max_depth", 3, 10)],
        "max_training_jobs": 4,
        "training": TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            role=iam.Role.from_role_arn(stack, "Role", ROLE_ARN, mutable=False),
            output=TrainingOutput(bucket, "models/"),
            static_hyperparameters={"num_round": 10},
        ),
        **overrides,
    }


def test_a_value_of_the_other_query_language_is_refused_when_rendered() -> None:
    # GIVEN a JSONata expression in a JSONPath state, and a JSONPath reference in a JSONata one
    jsonata_name = typed_task(new_stack(), tuning_job_name="{% $states.input.name %}")
    json_path_name = typed_task(new_stack(), query_language=sfn.QueryLanguage.JSONATA)
    # THEN rendering says which notation to use
    with raises_problem("query-language", "JSONata expression, but the task state uses JSONPath"):
        state_json(jsonata_name)
    with raises_problem("query-language", r"JSONPath reference .* but the task state uses JSONata"):
        state_json(json_path_name)


def test_literal_values_are_validated_and_runtime_values_skipped() -> None:
    # GIVEN run-time values where the model has patterns (name) THEN the task is declared
    typed_task(new_stack(), tuning_job_name=JOB_NAME)
    typed_task(new_stack(), tuning_job_name="{% 'churn-' & $states.input.week %}")
    # AND literal values are still checked against botocore's model, naming the prop
    with pytest.raises(TuningJobValidationError) as raised:
        typed_task(new_stack(), tuning_job_name="not a valid name!", max_parallel_training_jobs=0)
    message = str(raised.value)
    assert "tuning_job_name" in message and "max_parallel_training_jobs" in message


def test_raw_requests_are_validated_too() -> None:
    request = xgboost_request(HyperParameterTuningJobName=JOB_NAME)
    request["HyperParameterTuningJobConfig"]["Strategy"] = "Exhaustive"
    with pytest.raises(TuningJobValidationError, match="Strategy"):
        SageMakerCreateHyperParameterTuningJob.from_request(new_stack(), "Tune", request=request)


def test_a_runtime_execution_role_is_refused() -> None:
    # GIVEN a raw request whose RoleArn comes from the input: the state machine could pass any role
    request = xgboost_request(role_arn=sfn.JsonPath.string_at("$.Role"), HyperParameterTuningJobName=JOB_NAME)
    with raises_problem("task-roles-at-synth", r"'RoleArn' .* is a run-time value"):
        SageMakerCreateHyperParameterTuningJob.from_request(new_stack(), "Tune", request=request)


def test_the_read_grant_of_a_runtime_prefix_stops_before_the_runtime_part() -> None:
    # GIVEN an input prefix data/<week>/train/ with the week from the input
    stack = new_stack()
    typed_task(stack, prefix="data/" + sfn.JsonPath.string_at("$.Week") + "/train/")
    resources = [
        finding_resource(stack, r)
        for s in policy_statements(Template.from_stack(stack))
        if "s3:GetObject" in s["Action"]  # the least-privilege read grant (grants/s3_grants.py)
        for r in (s["Resource"] if isinstance(s["Resource"], list) else [s["Resource"]])
    ]
    # THEN the execution role may read data/*, and no policy names the JSONPath
    assert "arn:<AWS::Partition>:s3:::example-bucket/data/*" in resources
    assert not any("$" in str(r) for r in resources)


def test_the_task_is_a_state_of_a_state_machine_with_retries() -> None:
    # GIVEN the task with a retry and a result path, in a state machine
    stack = new_stack()
    task = typed_task(stack, integration_pattern=sfn.IntegrationPattern.RUN_JOB, result_path="$.Tuning")
    task.add_retry(errors=["SageMaker.AmazonSageMakerException"], max_attempts=2)
    sfn.StateMachine(stack, "Machine", definition_body=sfn.DefinitionBody.from_chainable(task))
    state = state_json(task)
    # THEN the task base's fields are rendered with the integration's
    assert state["ResultPath"] == "$.Tuning"
    assert state["Retry"] == [{"ErrorEquals": ["SageMaker.AmazonSageMakerException"], "MaxAttempts": 2}]
    Template.from_stack(stack).resource_count_is("AWS::StepFunctions::StateMachine", 1)


def test_a_task_in_a_vpc_is_connectable_and_grantable_like_the_construct() -> None:
    # GIVEN a typed task whose training jobs run in a VPC
    stack = new_stack()
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=0, subnet_configuration=[
        ec2.SubnetConfiguration(name="training", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
    ])  # fmt: skip
    bucket = s3.Bucket.from_bucket_name(stack, "Bucket", "example-bucket")
    task = SageMakerCreateHyperParameterTuningJob(
        stack, "Tune", **_props_of(tuning_job_name=JOB_NAME, training=TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            output=TrainingOutput(bucket, "models/"),
            vpc=vpc,
            static_hyperparameters={"num_round": 10},
        )),
    )  # fmt: skip
    database = ec2.SecurityGroup(stack, "Database", vpc=vpc)
    # WHEN it is allowed to reach a database and granted more data
    database.connections.allow_from(task, ec2.Port.tcp(5432))
    bucket.grant_read(task, "reference/*")
    # THEN the security group created in the task's scope is the one allowed in
    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::EC2::SecurityGroupIngress",
        {
            "FromPort": 5432,
            "SourceSecurityGroupId": {
                "Fn::GetAtt": [Match.string_like_regexp("^TuneSecurityGroup"), "GroupId"]
            },
        },
    )
    assert state_json(task)["Parameters"]["TrainingJobDefinition"]["VpcConfig"]["Subnets"]
    # AND the execution role (created in the task's scope) may read the extra prefix
    assert any(
        "reference/*" in str(s["Resource"])
        for s in policy_statements(template)
        if "s3:GetObject*" in s["Action"]  # the user's Bucket.grant_read
    )


def test_connections_of_a_task_without_a_vpc_say_why_there_are_none() -> None:
    with raises_problem("connections-need-a-vpc", "none of its training definitions runs in a VPC"):
        _ = typed_task(new_stack()).connections
