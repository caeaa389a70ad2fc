"""Template tests of HyperParameterTuningJob.from_request: the resource, its output, its permissions."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Intrinsic, RemovalPolicy, Stack, Tags, Token
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Match, Template

from cdk_sagemaker_tuning import (
    RESOURCE_TYPE,
    HyperParameterTuningJob,
    TuningJobValidationError,
    TuningJobWait,
)
from tests.iam_support import pass_role_statements
from tests.problems import raises_problem
from tests.samples import xgboost_request

IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"


def minimal_request(role_arn: str, **overrides: Any) -> dict[str, Any]:
    """The shared XGBoost sample request with 10 jobs, 2 in parallel and one static hyperparameter, the one
    XGBoost requires (``num_round``)."""
    request = xgboost_request(role_arn, **overrides)
    request["HyperParameterTuningJobConfig"]["ResourceLimits"] = {
        "MaxNumberOfTrainingJobs": 10,
        "MaxParallelTrainingJobs": 2,
    }
    if "TrainingJobDefinition" not in overrides:
        request["TrainingJobDefinition"]["StaticHyperParameters"] = {"num_round": "10"}
    return request


def sagemaker_role(stack: Stack, id: str = "TrainingRole") -> iam.Role:
    return iam.Role(stack, id, assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))


@pytest.fixture(scope="module")
def single_job() -> tuple[Template, HyperParameterTuningJob, Stack]:
    # GIVEN a stack with one tuning job whose role is a Role of the same stack
    stack = Stack(App(), "Single")
    role = sagemaker_role(stack)
    role.add_to_policy(
        iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::example-bucket/*"])
    )
    # WHEN the job is declared from the raw request
    job = HyperParameterTuningJob.from_request(stack, "Tuning", request=minimal_request(role.role_arn))
    return Template.from_stack(stack), job, stack


def test_renders_one_custom_resource_carrying_the_request_in_api_structure(single_job):
    template, _, stack = single_job
    # THEN the request is in Request, in the API's own casing and structure, role as a reference
    expected = minimal_request(
        {
            "Fn::GetAtt": [
                stack.get_logical_id(stack.node.find_child("TrainingRole").node.default_child),
                "Arn",
            ]
        }
    )
    template.resource_count_is(RESOURCE_TYPE, 1)
    template.has_resource_properties(RESOURCE_TYPE, {"Request": expected, "ServiceToken": Match.any_value()})


def test_deletes_the_job_by_default_and_does_not_wait(single_job):
    template, _, _ = single_job
    template.has_resource(RESOURCE_TYPE, {"DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete"})
    template.has_resource_properties(
        RESOURCE_TYPE, {"WaitForCompletion": Match.absent(), "DeleteJobRecord": Match.absent()}
    )


def test_exposes_the_arn_as_a_stack_output(single_job):
    template, job, stack = single_job
    resource_id = stack.get_logical_id(job.node.find_child("Resource").node.default_child)
    outputs = template.find_outputs("*", {"Value": {"Fn::GetAtt": [resource_id, "Arn"]}})
    assert len(outputs) == 1
    assert stack.resolve(job.tuning_job_arn) == {"Fn::GetAtt": [resource_id, "Arn"]}
    assert stack.resolve(job.tuning_job_name) == {"Ref": resource_id}


_pass_role_statements = pass_role_statements


def test_handler_may_pass_only_the_requests_role_and_only_to_sagemaker(single_job):
    template, _, stack = single_job
    role_id = stack.get_logical_id(stack.node.find_child("TrainingRole").node.default_child)
    statements = _pass_role_statements(template)
    # THEN exactly one PassRole statement, on exactly the training role, conditioned on SageMaker
    assert statements == [
        {
            "Action": "iam:PassRole",
            "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [role_id, "Arn"]},
        }
    ]


def test_job_is_created_after_its_role_may_read_its_data(single_job):
    template, job, stack = single_job
    role = stack.node.find_child("TrainingRole")
    policy_id = stack.get_logical_id(role.node.find_child("DefaultPolicy").node.default_child)
    resource_id = stack.get_logical_id(job.node.find_child("Resource").node.default_child)
    depends_on = template.to_json()["Resources"][resource_id].get("DependsOn", [])
    assert policy_id in depends_on


def test_two_jobs_in_one_stack_share_one_provider():
    # GIVEN two jobs with different roles in one stack
    stack = Stack(App(), "Two")
    first, second = sagemaker_role(stack, "First"), sagemaker_role(stack, "Second")
    HyperParameterTuningJob.from_request(stack, "A", request=minimal_request(first.role_arn))
    HyperParameterTuningJob.from_request(stack, "B", request=minimal_request(second.role_arn))
    # WHEN the stack is synthesized
    template = Template.from_stack(stack)
    # THEN both custom resources use the same service token, from the stack's one function
    tokens = {repr(r["Properties"]["ServiceToken"]) for r in template.find_resources(RESOURCE_TYPE).values()}
    assert len(tokens) == 1
    template.resource_count_is("AWS::Lambda::Function", 1)
    # AND the provider may pass each role, each in its own statement
    resources = sorted(str(s["Resource"]) for s in _pass_role_statements(template))
    assert len(resources) == 2
    # AND each job has its own ARN output
    assert len(template.find_outputs("*")) == 2


def test_options_reach_the_resource_and_its_deletion_policy():
    stack = Stack(App(), "Options")
    HyperParameterTuningJob.from_request(
        stack,
        "A",
        request=minimal_request("arn:aws:iam::123456789012:role/x"),
        wait=TuningJobWait.within_event(),
        delete_job_record=True,
        removal_policy=RemovalPolicy.RETAIN,
    )
    template = Template.from_stack(stack)
    # THEN the job is kept when it leaves the stack, but a job replaced by a changed request is stopped
    template.has_resource(
        RESOURCE_TYPE,
        {
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Delete",
            "Properties": {"WaitForCompletion": "true", "DeleteJobRecord": "true"},
        },
    )


@pytest.mark.parametrize(
    ("removal_policy", "replaced_job_removal_policy", "deletion", "update_replace"),
    [
        (None, None, "Delete", "Delete"),
        (RemovalPolicy.RETAIN, None, "Retain", "Delete"),
        (RemovalPolicy.RETAIN, RemovalPolicy.RETAIN, "Retain", "Retain"),
        (None, RemovalPolicy.RETAIN, "Delete", "Retain"),
        (RemovalPolicy.RETAIN, RemovalPolicy.DESTROY, "Retain", "Delete"),
    ],
)
def test_a_replaced_job_is_stopped_unless_asked_otherwise(
    removal_policy, replaced_job_removal_policy, deletion, update_replace
):
    # GIVEN a job with the two removal policies
    stack = Stack(App(), "Replace")
    HyperParameterTuningJob.from_request(
        stack,
        "A",
        request=minimal_request("arn:aws:iam::123456789012:role/x"),
        removal_policy=removal_policy,
        replaced_job_removal_policy=replaced_job_removal_policy,
    )
    # THEN DeletionPolicy follows removal_policy and UpdateReplacePolicy replaced_job_removal_policy alone
    Template.from_stack(stack).has_resource(
        RESOURCE_TYPE, {"DeletionPolicy": deletion, "UpdateReplacePolicy": update_replace}
    )


def test_a_replaced_job_removal_policy_other_than_destroy_or_retain_is_refused():
    stack = Stack(App(), "Snapshot")
    with pytest.raises(
        ValueError, match=r"'replaced_job_removal_policy' must be RemovalPolicy.DESTROY .* got"
    ):
        HyperParameterTuningJob.from_request(
            stack,
            "A",
            request=minimal_request("arn:aws:iam::123456789012:role/x"),
            replaced_job_removal_policy=RemovalPolicy.SNAPSHOT,
        )


def test_the_arn_output_can_be_left_out():
    # GIVEN one job with the default output and one without
    stack = Stack(App(), "Outputs")
    with_output = HyperParameterTuningJob.from_request(
        stack, "A", request=minimal_request("arn:aws:iam::123456789012:role/x")
    )
    HyperParameterTuningJob.from_request(
        stack, "B", request=minimal_request("arn:aws:iam::123456789012:role/x"), arn_output=False
    )
    # WHEN synthesized
    outputs = Template.from_stack(stack).find_outputs("*")
    # THEN only the first job's ARN is an output
    resource_id = stack.get_logical_id(with_output.node.find_child("Resource").node.default_child)
    assert [o["Value"] for o in outputs.values()] == [{"Fn::GetAtt": [resource_id, "Arn"]}]


def test_best_job_attributes_need_a_wait():
    stack = Stack(App(), "Best")
    job = HyperParameterTuningJob.from_request(
        stack, "A", request=minimal_request("arn:aws:iam::123456789012:role/x")
    )
    with raises_problem("results-need-a-wait", r"wait=TuningJobWait.within_event\(\)"):
        _ = job.best_model_artifacts
    awaited = HyperParameterTuningJob.from_request(
        stack,
        "B",
        request=minimal_request("arn:aws:iam::123456789012:role/x"),
        wait=TuningJobWait.within_event(),
    )
    resource_id = stack.get_logical_id(awaited.node.find_child("Resource").node.default_child)
    assert stack.resolve(awaited.best_model_artifacts) == {"Fn::GetAtt": [resource_id, "BestModelArtifacts"]}
    assert stack.resolve(awaited.best_training_job_name) == {
        "Fn::GetAtt": [resource_id, "BestTrainingJobName"]
    }
    assert stack.resolve(awaited.best_objective_value) == {"Fn::GetAtt": [resource_id, "BestObjectiveValue"]}


def test_the_users_request_dict_is_not_changed():
    stack = Stack(App(), "Copy")
    request = minimal_request("arn:aws:iam::123456789012:role/x", Tags=[{"Key": "team", "Value": "ml"}])
    before = repr(request)
    job = HyperParameterTuningJob.from_request(stack, "A", request=request)
    job.add_request_override("HyperParameterTuningJobConfig.RandomSeed", 7)
    assert repr(request) == before


def test_tags_of_the_job_reach_the_requests_tags_after_the_requests_own():
    # GIVEN a job whose request carries a tag, and a stack-wide tag added afterwards
    stack = Stack(App(), "Tagged")
    request = minimal_request("arn:aws:iam::123456789012:role/x", Tags=[{"Key": "team", "Value": "ml"}])
    HyperParameterTuningJob.from_request(stack, "A", request=request)
    Tags.of(stack).add("cost-center", "42")
    # WHEN synthesized
    template = Template.from_stack(stack)
    # THEN both tags are in the request (sorted by key, as CloudFormation resources render them)
    template.has_resource_properties(
        RESOURCE_TYPE,
        {
            "Request": Match.object_like(
                {"Tags": [{"Key": "cost-center", "Value": "42"}, {"Key": "team", "Value": "ml"}]}
            )
        },
    )


def test_request_override_sets_replaces_and_removes_fields():
    stack = Stack(App(), "Override")
    job = HyperParameterTuningJob.from_request(
        stack, "A", request=minimal_request("arn:aws:iam::123456789012:role/x")
    )
    # WHEN one field is added and another removed through the escape hatch
    job.add_request_override("HyperParameterTuningJobConfig.RandomSeed", 7)
    job.add_request_override("TrainingJobDefinition.Environment", {"MODE": "tuning"})
    job.add_request_override("TrainingJobDefinition.OutputDataConfig", {"S3OutputPath": "s3://other/out"})
    job.add_request_override("TrainingJobDefinition.Environment.MODE", None)
    # THEN the rendered request shows both
    request = Template.from_stack(stack).find_resources(RESOURCE_TYPE)
    (rendered,) = [r["Properties"]["Request"] for r in request.values()]
    assert rendered["HyperParameterTuningJobConfig"]["RandomSeed"] == 7
    # (an object an override leaves empty is omitted, as aws-cdk-lib's overrides do: SageMaker reads it alike)
    assert "Environment" not in rendered["TrainingJobDefinition"]
    assert job.request["TrainingJobDefinition"]["Environment"] == {}
    assert rendered["TrainingJobDefinition"]["OutputDataConfig"] == {"S3OutputPath": "s3://other/out"}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("Tags", "Tags.of"),
        ("", "dotted path"),
        ("TrainingJobDefinitions[3].RoleArn", "no item"),
        ("HyperParameterTuningJobConfig.Strategy.Name", "not an object"),
    ],
)
def test_request_override_rejects_paths_it_cannot_apply(path, message):
    stack = Stack(App(), "BadOverride")
    job = HyperParameterTuningJob.from_request(
        stack, "A", request=minimal_request("arn:aws:iam::123456789012:role/x")
    )
    with raises_problem("override-path", message):
        job.add_request_override(path, 1)


def test_an_override_naming_another_role_lets_the_handler_pass_that_role_too():
    # GIVEN a job whose request names one role
    stack = Stack(App(), "OverrideRole")
    first, second = sagemaker_role(stack, "First"), sagemaker_role(stack, "Second")
    job = HyperParameterTuningJob.from_request(stack, "A", request=minimal_request(first.role_arn))
    # WHEN an override points the definition at another role
    job.add_request_override("TrainingJobDefinition.RoleArn", second.role_arn)
    # THEN the handler may pass the new role, and the job waits for that role's policies
    template = Template.from_stack(stack)
    second_id = stack.get_logical_id(second.node.default_child)
    assert {"Fn::GetAtt": [second_id, "Arn"]} in [s["Resource"] for s in _pass_role_statements(template)]
    resource_id = stack.get_logical_id(job.node.find_child("Resource").node.default_child)
    assert second_id in template.to_json()["Resources"][resource_id]["DependsOn"]


def test_typed_props_take_the_same_removal_and_output_options():
    # GIVEN a job declared with typed props, keeping replaced jobs and leaving the output out
    from aws_cdk import aws_s3 as s3

    from cdk_sagemaker_tuning import (
        IntegerParameter,
        TrainingAlgorithm,
        TrainingJobDefinition,
        TrainingOutput,
        TuningObjective,
    )

    stack = Stack(App(), "TypedOptions")
    HyperParameterTuningJob(
        stack,
        "A",
        objective=TuningObjective.maximize("validation:auc"),
        parameter_ranges=[IntegerParameter("max_depth", 3, 10)],
        max_training_jobs=2,
        training=TrainingJobDefinition(
            algorithm=TrainingAlgorithm.from_image_uri(IMAGE),
            output=TrainingOutput(s3.Bucket(stack, "Data"), "out/"),
            static_hyperparameters={"num_round": 10},
        ),
        replaced_job_removal_policy=RemovalPolicy.RETAIN,
        arn_output=False,
    )
    # WHEN synthesized
    template = Template.from_stack(stack)
    # THEN they reach the resource as they do through from_request
    template.has_resource(RESOURCE_TYPE, {"DeletionPolicy": "Delete", "UpdateReplacePolicy": "Retain"})
    assert template.find_outputs("*") == {}


@pytest.mark.parametrize(
    "tags",
    [
        pytest.param(
            lambda: [{"Key": "team", "Value": "ml"}, Token.as_string(Intrinsic({"Key": "k"}))], id="a tag"
        ),
        pytest.param(lambda: Token.as_list(Intrinsic([{"Key": "k", "Value": "v"}])), id="the list"),
    ],
)
def test_a_token_for_a_whole_tag_is_refused_with_its_index(tags: Any) -> None:
    # GIVEN a request whose Tags hold a token where a {Key, Value} object belongs
    stack = Stack(App(), "TokenTag")
    request = minimal_request("arn:aws:iam::123456789012:role/training", Tags=tags())
    # WHEN the job is declared THEN it is refused, naming the entry (it cannot be merged with Tags.of)
    with pytest.raises(
        TuningJobValidationError, match=r"Tags\[\d\]: is a token: give each tag as a \{Key, Value\} object"
    ):
        HyperParameterTuningJob.from_request(stack, "Job", request=request)
