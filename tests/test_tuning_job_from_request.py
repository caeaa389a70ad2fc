"""Template tests of HyperParameterTuningJob.from_request: the resource, its output, its permissions."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, RemovalPolicy, Stack, Tags
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Match, Template

from cdk_sagemaker_tuning import RESOURCE_TYPE, HyperParameterTuningJob
from tests.samples import xgboost_request


def minimal_request(role_arn: str, **overrides: Any) -> dict[str, Any]:
    """The shared XGBoost sample request with 10 jobs, 2 in parallel and no static hyperparameters."""
    request = xgboost_request(role_arn, **overrides)
    request["HyperParameterTuningJobConfig"]["ResourceLimits"] = {
        "MaxNumberOfTrainingJobs": 10,
        "MaxParallelTrainingJobs": 2,
    }
    if "TrainingJobDefinition" not in overrides:
        del request["TrainingJobDefinition"]["StaticHyperParameters"]
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


def test_handler_may_manage_tuning_jobs_of_its_own_account_and_region_only(single_job):
    template, _, _ = single_job
    tuning_job_arns = {
        "Fn::Join": [
            "",
            [
                "arn:",
                {"Ref": "AWS::Partition"},
                ":sagemaker:",
                {"Ref": "AWS::Region"},
                ":",
                {"Ref": "AWS::AccountId"},
                ":hyper-parameter-tuning-job/*",
            ],
        ]
    }
    template.has_resource_properties(
        "AWS::IAM::Policy",
        {
            "PolicyDocument": {
                "Statement": Match.array_with(
                    [
                        Match.object_like(
                            {
                                "Action": Match.array_with(
                                    [
                                        "sagemaker:CreateHyperParameterTuningJob",
                                        "sagemaker:DescribeHyperParameterTuningJob",
                                        "sagemaker:StopHyperParameterTuningJob",
                                        "sagemaker:AddTags",
                                    ]
                                ),
                                "Effect": "Allow",
                                "Resource": tuning_job_arns,
                            }
                        )
                    ]
                )
            }
        },
    )


def _pass_role_statements(template: Template) -> list[dict[str, Any]]:
    statements = []
    for policy in template.find_resources("AWS::IAM::Policy").values():
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]:
            if statement.get("Action") == "iam:PassRole":
                statements.append(statement)
    return statements


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
    # THEN both custom resources use the same service token, from one pair of handler functions
    tokens = {repr(r["Properties"]["ServiceToken"]) for r in template.find_resources(RESOURCE_TYPE).values()}
    assert len(tokens) == 1
    handlers = template.find_resources(
        "AWS::Lambda::Function", {"Properties": {"Handler": Match.string_like_regexp(r"^index\.")}}
    )
    assert sorted(h["Properties"]["Handler"] for h in handlers.values()) == [
        "index.is_complete",
        "index.on_event",
    ]
    # AND the provider may pass each role, each in its own statement
    resources = sorted(str(s["Resource"]) for s in _pass_role_statements(template))
    assert len(resources) == 2
    # AND each job has its own ARN output
    assert len(template.find_outputs("*")) == 2


def test_handler_functions_run_the_newest_python_on_arm64():
    stack = Stack(App(), "Runtime")
    HyperParameterTuningJob.from_request(
        stack, "A", request=minimal_request("arn:aws:iam::123456789012:role/x")
    )
    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {"Handler": "index.on_event", "Runtime": "python3.14", "Architectures": ["arm64"]},
    )


def test_handler_functions_know_the_wait_budget_below_the_providers_total_timeout():
    # GIVEN a stack with a job WHEN synthesized
    stack = Stack(App(), "Budget")
    HyperParameterTuningJob.from_request(
        stack, "A", request=minimal_request("arn:aws:iam::123456789012:role/x")
    )
    template = Template.from_stack(stack)
    # THEN both handler functions get the budget from the same constant: 55 minutes of the framework's hour
    handlers = template.find_resources(
        "AWS::Lambda::Function", {"Properties": {"Handler": Match.string_like_regexp(r"^index\.")}}
    )
    budgets = {h["Properties"]["Environment"]["Variables"]["WAIT_BUDGET_SECONDS"] for h in handlers.values()}
    assert budgets == {"3300"}


def test_options_reach_the_resource_and_its_deletion_policy():
    stack = Stack(App(), "Options")
    HyperParameterTuningJob.from_request(
        stack,
        "A",
        request=minimal_request("arn:aws:iam::123456789012:role/x"),
        wait_for_completion=True,
        delete_job_record=True,
        removal_policy=RemovalPolicy.RETAIN,
    )
    template = Template.from_stack(stack)
    template.has_resource(
        RESOURCE_TYPE,
        {
            "DeletionPolicy": "Retain",
            "Properties": {"WaitForCompletion": "true", "DeleteJobRecord": "true"},
        },
    )


def test_best_job_attributes_need_wait_for_completion():
    stack = Stack(App(), "Best")
    job = HyperParameterTuningJob.from_request(
        stack, "A", request=minimal_request("arn:aws:iam::123456789012:role/x")
    )
    with pytest.raises(ValueError, match="wait_for_completion=True"):
        _ = job.best_model_artifacts
    awaited = HyperParameterTuningJob.from_request(
        stack, "B", request=minimal_request("arn:aws:iam::123456789012:role/x"), wait_for_completion=True
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
    assert rendered["TrainingJobDefinition"]["Environment"] == {}
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
    with pytest.raises(ValueError, match=message):
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
