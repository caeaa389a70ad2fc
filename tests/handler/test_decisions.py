"""The handler's pure decisions: create plans, adoption, updates, completion and delete steps (no mocks)."""

import json
from datetime import datetime
from typing import Any

import pytest

from cdk_sagemaker_tuning._handler import (
    completion_check,
    contract,
    create_plan,
    delete_plan,
    lifecycle,
    naming,
    update_plan,
)
from cdk_sagemaker_tuning._handler.completion_check import Progress
from cdk_sagemaker_tuning._handler.delete_plan import DeleteStep
from cdk_sagemaker_tuning._handler.lifecycle import HandlerError, ResourceEvent
from cdk_sagemaker_tuning._handler.update_plan import Replace, UpdateInPlace
from tests.support.cfn_events import (
    CREATE_FAILED_MARKER,
    STACK_ID,
    cfn_event,
    new_request_id,
    xgboost_request,
)


def event(
    request_type: str = "Create", request: dict[str, Any] | None = None, **kwargs: Any
) -> ResourceEvent:
    return ResourceEvent.from_cfn(cfn_event(request_type, request or xgboost_request(), **kwargs))


# -- reading the event ------------------------------------------------------------------------------------


def test_event_flags_are_read_from_their_strings() -> None:
    # GIVEN an update whose new properties wait and delete the record, and whose old ones did not wait
    parsed = event(
        "Update",
        physical_id="job-1",
        old_request=xgboost_request(),
        wait_for_completion=True,
        delete_job_record=True,
    )

    # THEN
    assert parsed.wait_for_completion is True
    assert parsed.delete_job_record is True
    assert parsed.old_wait_for_completion is False
    assert parsed.physical_id == "job-1"
    assert parsed.old_request is not None


def test_event_without_a_request_object_is_refused() -> None:
    raw = cfn_event("Create", xgboost_request())
    raw["ResourceProperties"]["Request"] = "not an object"
    with pytest.raises(HandlerError, match="property 'Request' must be the CreateHyperParameterTuningJob"):
        ResourceEvent.from_cfn(raw)


# -- create -----------------------------------------------------------------------------------------------


def test_create_plan_generates_a_name_and_tags_the_job_as_ours() -> None:
    # GIVEN a create without a name
    parsed = event()

    # WHEN
    plan = create_plan.plan_create(parsed)

    # THEN the name is the deterministic one and the request is typed, named and tagged
    assert plan.name == naming.generated_name(parsed.stack_id, parsed.logical_id, parsed.request_id)
    assert not plan.name_is_fixed
    assert plan.params["HyperParameterTuningJobName"] == plan.name
    assert plan.params["TrainingJobDefinition"]["ResourceConfig"]["InstanceCount"] == 1
    assert plan.params["Tags"] == [
        {"Key": "project", "Value": "xgboost-tuning-example"},
        {"Key": contract.REQUEST_ID_TAG, "Value": parsed.request_id},
        {"Key": contract.FINGERPRINT_TAG, "Value": create_plan.fingerprint(parsed.request)},
        {"Key": contract.STACK_TAG, "Value": parsed.stack_id},
        {"Key": contract.LOGICAL_ID_TAG, "Value": parsed.logical_id},
    ]


def test_create_plan_keeps_a_fixed_name() -> None:
    plan = create_plan.plan_create(event(request=xgboost_request(HyperParameterTuningJobName="my-tuning-1")))
    assert plan.name == "my-tuning-1"
    assert plan.name_is_fixed


def test_create_plan_refuses_a_name_sagemaker_would_refuse() -> None:
    with pytest.raises(HandlerError, match=r"HyperParameterTuningJobName: 'my_tuning' is not a valid"):
        create_plan.plan_create(event(request=xgboost_request(HyperParameterTuningJobName="my_tuning")))


def with_name_prefix(prefix: str, request: dict[str, Any] | None = None) -> ResourceEvent:
    raw = cfn_event("Create", request or xgboost_request())
    raw["ResourceProperties"][contract.PROP_NAME_PREFIX] = prefix
    return ResourceEvent.from_cfn(raw)


def test_create_plan_starts_a_generated_name_with_the_name_prefix() -> None:
    # GIVEN a create without a name, whose resource has a NamePrefix
    parsed = with_name_prefix("churn-xgb")

    # WHEN
    plan = create_plan.plan_create(parsed)

    # THEN the name is the prefix and the create's own suffix, valid for SageMaker
    assert plan.name.startswith("churn-xgb-")
    assert plan.name == naming.generated_name(
        parsed.stack_id, parsed.logical_id, parsed.request_id, "churn-xgb"
    )
    assert plan.name != naming.generated_name(parsed.stack_id, parsed.logical_id, parsed.request_id)
    assert contract.is_valid_name(plan.name)
    assert not plan.name_is_fixed


def test_a_name_prefix_of_the_longest_length_still_gives_a_valid_name() -> None:
    prefix = "p" * contract.MAX_NAME_PREFIX_LENGTH
    plan = create_plan.plan_create(with_name_prefix(prefix))
    assert len(plan.name) == contract.MAX_NAME_LENGTH
    assert contract.is_valid_name(plan.name)


def test_create_plan_refuses_a_name_prefix_sagemaker_would_refuse() -> None:
    with pytest.raises(HandlerError, match=r"NamePrefix: 'churn_xgb' is not a valid .* \(no underscores\)"):
        create_plan.plan_create(with_name_prefix("churn_xgb"))


def test_create_plan_refuses_the_handlers_reserved_tag_keys() -> None:
    request = xgboost_request(
        Tags=[{"Key": "a", "Value": "b"}, {"Key": contract.REQUEST_ID_TAG, "Value": "x"}]
    )
    with pytest.raises(HandlerError, match=r"Request.Tags\[1\].Key: .* is reserved"):
        create_plan.plan_create(event(request=request))


def test_create_plan_names_a_badly_typed_field() -> None:
    request = xgboost_request()
    request["TrainingJobDefinition"]["ResourceConfig"]["InstanceCount"] = "two"
    with pytest.raises(HandlerError, match=r"Request.TrainingJobDefinition.ResourceConfig.InstanceCount"):
        create_plan.plan_create(event(request=request))


def test_adoption_accepts_the_job_this_create_request_started() -> None:
    # GIVEN a job tagged with this stack and this create's RequestId
    parsed = event()
    tags = {contract.REQUEST_ID_TAG: parsed.request_id, contract.STACK_TAG: parsed.stack_id, "x": "y"}
    # WHEN / THEN it is adopted (no error)
    create_plan.check_adoption(parsed, "job", tags)


@pytest.mark.parametrize(
    "tags",
    [
        {},
        {contract.REQUEST_ID_TAG: "another-request", contract.STACK_TAG: STACK_ID},
        # the right RequestId without this stack's ownership tag is not ours either
        {contract.REQUEST_ID_TAG: "REQUEST"},
    ],
)
def test_adoption_refuses_a_job_started_by_anything_else(tags: dict[str, str]) -> None:
    parsed = event()
    tags = {key: parsed.request_id if value == "REQUEST" else value for key, value in tags.items()}
    with pytest.raises(HandlerError, match="already exists, created outside this create request"):
        create_plan.check_adoption(parsed, "my-tuning-1", tags)


def test_a_fixed_name_held_by_another_stacks_job_names_that_stack() -> None:
    # GIVEN a job named my-tuning-1 owned by the stack "Other"
    other = "arn:aws:cloudformation:us-east-1:123456789012:stack/Other/0000"
    tags = {contract.REQUEST_ID_TAG: "r", contract.STACK_TAG: other}
    # WHEN this stack's create finds it THEN the failure says who holds the name and what to do
    with pytest.raises(HandlerError) as raised:
        create_plan.check_adoption(event(), "my-tuning-1", tags)
    assert "created by another stack (Other)" in str(raised.value)
    assert "set another HyperParameterTuningJobName" in str(raised.value)


def test_a_failed_creates_physical_id_is_never_a_job_name() -> None:
    # GIVEN a create that started nothing (its fixed name may be another stack's job)
    parsed = event(request=xgboost_request(HyperParameterTuningJobName="my-tuning-1"))
    # WHEN
    physical = create_plan.failed_create_physical_id(parsed)
    # THEN the rollback's Delete of that id touches no job, and the id is stable for the event
    assert not delete_plan.is_job_name_of_ours(physical)
    assert physical == create_plan.failed_create_physical_id(parsed)
    assert len(physical.encode()) <= 1024


def test_ownership_needs_the_stack_tag_and_started_by_needs_the_request_id_too() -> None:
    parsed = event()
    own = {contract.STACK_TAG: parsed.stack_id}
    assert create_plan.is_owned(parsed, own)
    assert not create_plan.is_owned(parsed, {contract.STACK_TAG: "arn:aws:cloudformation:::stack/Other/1"})
    assert not create_plan.is_owned(parsed, {})
    assert not create_plan.is_owned(parsed, None)
    assert not create_plan.started_by(parsed, own)
    assert create_plan.started_by(parsed, {**own, contract.REQUEST_ID_TAG: parsed.request_id})


def test_user_tags_leave_room_for_the_handlers_own() -> None:
    # GIVEN 43 user tags THEN they fit; 44 do not, and the message says why
    assert contract.MAX_USER_TAGS == 43
    tags = [{"Key": f"k{index}", "Value": "v"} for index in range(contract.MAX_USER_TAGS)]
    assert len(create_plan.user_tags({"Tags": tags})) == 43
    with pytest.raises(HandlerError, match=r"Request.Tags: 44 tags, at most 43 are allowed"):
        create_plan.user_tags({"Tags": [*tags, {"Key": "one-more", "Value": "v"}]})


def test_a_missing_jobs_arn_is_built_from_the_stack_id() -> None:
    arn = create_plan.job_arn(STACK_ID, "Job-1")
    assert arn == "arn:aws:sagemaker:us-east-1:123456789012:hyper-parameter-tuning-job/job-1"


def test_fingerprint_ignores_tags_but_not_the_rest() -> None:
    base = xgboost_request()
    retagged = xgboost_request(Tags=[{"Key": "team", "Value": "ml"}])
    renamed = xgboost_request(HyperParameterTuningJobName="x")
    assert create_plan.fingerprint(base) == create_plan.fingerprint(retagged)
    assert create_plan.fingerprint(base) != create_plan.fingerprint(renamed)


# -- update -----------------------------------------------------------------------------------------------


def changed_request(**overrides: Any) -> dict[str, Any]:
    request = xgboost_request(**overrides)
    request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxNumberOfTrainingJobs"] = 40
    return request


def test_changed_request_replaces_the_job() -> None:
    parsed = event("Update", changed_request(), physical_id="job-1", old_request=xgboost_request())
    fingerprint_of_old_job = create_plan.fingerprint(parsed.old_request or {})
    assert update_plan.decide_update(parsed, fingerprint_of_old_job, {}) == Replace()


def test_tag_only_change_is_applied_in_place_against_the_jobs_tags() -> None:
    # GIVEN the job has the old tags, ours, and one added outside the stack
    old = xgboost_request(Tags=[{"Key": "project", "Value": "a"}, {"Key": "gone", "Value": "1"}])
    new = xgboost_request(Tags=[{"Key": "project", "Value": "b"}, {"Key": "new", "Value": "2"}])
    parsed = event("Update", new, physical_id="job-1", old_request=old)
    current = {
        "project": "a",
        "gone": "1",
        "added-by-hand": "z",
        contract.FINGERPRINT_TAG: create_plan.fingerprint(parsed.old_request or {}),
    }

    # WHEN
    decision = update_plan.decide_update(parsed, current[contract.FINGERPRINT_TAG], current)

    # THEN only what the templates declared changes
    assert decision == UpdateInPlace(
        add_tags=[{"Key": "project", "Value": "b"}, {"Key": "new", "Value": "2"}],
        remove_tag_keys=["gone"],
    )


def test_changing_only_wait_or_delete_record_keeps_the_job() -> None:
    parsed = event(
        "Update",
        xgboost_request(),
        physical_id="job-1",
        old_request=xgboost_request(),
        wait_for_completion=True,
    )
    assert update_plan.decide_update(parsed, create_plan.fingerprint(parsed.request), None) == UpdateInPlace()


def test_fixed_name_with_a_changed_request_fails_with_what_to_do() -> None:
    parsed = event(
        "Update",
        changed_request(HyperParameterTuningJobName="my-tuning-1"),
        physical_id="my-tuning-1",
        old_request=xgboost_request(HyperParameterTuningJobName="my-tuning-1"),
    )
    with pytest.raises(HandlerError) as raised:
        update_plan.decide_update(parsed, create_plan.fingerprint(parsed.old_request or {}), {})
    assert "Change HyperParameterTuningJobName, or drop it" in str(raised.value)
    assert "'my-tuning-1'" in str(raised.value)


def test_a_new_fixed_name_replaces_the_job() -> None:
    parsed = event(
        "Update",
        changed_request(HyperParameterTuningJobName="my-tuning-2"),
        physical_id="my-tuning-1",
        old_request=xgboost_request(HyperParameterTuningJobName="my-tuning-1"),
    )
    assert update_plan.decide_update(parsed, None, None) == Replace()


def test_rolled_back_update_keeps_the_job_that_matches() -> None:
    # GIVEN CloudFormation rolls back a failed update: the old properties come back as the new ones,
    # to the old physical id, whose job was created from exactly those properties
    original = xgboost_request()
    parsed = event("Update", original, physical_id="job-1", old_request=changed_request())

    # WHEN
    # (the job's tag holds the digest of the request as CloudFormation delivered it)
    decision = update_plan.decide_update(
        parsed, create_plan.fingerprint(parsed.request), {"project": "xgboost-tuning-example"}
    )

    # THEN
    assert decision == UpdateInPlace()


def test_a_replacing_create_names_the_job_it_replaces() -> None:
    # GIVEN a replacing update of job-1 WHEN its create is planned THEN the new job records job-1
    parsed = event("Update", changed_request(), physical_id="job-1", old_request=xgboost_request())
    tags = {tag["Key"]: tag["Value"] for tag in create_plan.plan_create(parsed, "job-1").params["Tags"]}
    assert tags[contract.REPLACES_TAG] == "job-1"
    # AND a plain create records nothing
    assert contract.REPLACES_TAG not in {
        tag["Key"] for tag in create_plan.plan_create(event()).params["Tags"]
    }


def test_the_replaced_job_is_read_from_the_replacements_tags() -> None:
    assert update_plan.replaced_job({contract.REPLACES_TAG: "job-1"}) == "job-1"
    assert update_plan.replaced_job({}) is None
    assert update_plan.replaced_job(None) is None
    # A value that cannot be a tuning job name is not followed.
    assert update_plan.replaced_job({contract.REPLACES_TAG: "not a job name"}) is None


def test_a_rollback_returns_to_the_replaced_job_only_when_it_matches_the_request() -> None:
    # GIVEN the rollback of job-1's replacement by job-2: job-1's request comes back, sent to job-2
    original = xgboost_request()
    parsed = event("Update", original, physical_id="job-2", old_request=changed_request())

    # THEN returning to job-1 needs job-1 to exist, as it was, with the digest of the request now asked for
    matching = {contract.FINGERPRINT_TAG: create_plan.fingerprint(parsed.request)}
    for status in ("InProgress", "Completed", "Failed"):
        assert update_plan.is_rollback_to(parsed, describe(status), matching)
    assert not update_plan.is_rollback_to(parsed, describe("InProgress"), {contract.FINGERPRINT_TAG: "other"})
    assert not update_plan.is_rollback_to(parsed, describe("InProgress"), {})
    assert not update_plan.is_rollback_to(parsed, None, None)
    # AND a job stopped by a completed update's clean-up is not returned to
    for status in ("Stopping", "Stopped", "Deleting", "DeleteFailed"):
        assert not update_plan.is_rollback_to(parsed, describe(status), matching)


def test_without_a_fingerprint_the_templates_are_compared() -> None:
    parsed = event("Update", xgboost_request(), physical_id="job-1", old_request=xgboost_request())
    assert isinstance(update_plan.decide_update(parsed, None, None), UpdateInPlace)


# -- waiting for completion -------------------------------------------------------------------------------


def describe(status: str, **extra: Any) -> dict[str, Any]:
    return {"HyperParameterTuningJobName": "job-1", "HyperParameterTuningJobStatus": status, **extra}


BEST = {
    "TrainingJobName": "job-1-007-abcdef12",
    "FinalHyperParameterTuningJobObjectiveMetric": {"MetricName": "validation:auc", "Value": 0.9171},
}


def test_in_progress_is_waiting_and_completed_is_done() -> None:
    assert completion_check.completion_progress(describe("InProgress")) is Progress.WAITING
    assert (
        completion_check.completion_progress(describe("Completed", BestTrainingJob=BEST))
        is Progress.COMPLETED
    )


@pytest.mark.parametrize(
    ("description", "message"),
    [
        (
            describe("Failed", FailureReason="No training job succeeded"),
            "'job-1' failed: No training job succeeded",
        ),
        (describe("Failed"), "'job-1' failed: SageMaker gave no reason"),
        (describe("Stopped"), "'job-1' was stopped before it completed"),
        (
            describe("Stopping", FailureReason="Stopped by user"),
            "was stopped before it completed: Stopped by user",
        ),
        (describe("Completed"), "completed without a best training job"),
        (describe("Deleting"), "is being deleted"),
        (describe("Paused"), "status this handler does not know: 'Paused'"),
    ],
)
def test_every_end_other_than_completed_fails_at_once(description: dict[str, Any], message: str) -> None:
    with pytest.raises(HandlerError, match=message):
        completion_check.completion_progress(description)


def test_out_of_budget_reason_says_whether_the_job_was_stopped() -> None:
    stopped = completion_check.out_of_budget_reason("job-1", 2863, stopped=True)
    left = completion_check.out_of_budget_reason("job-1", 2863, stopped=False)
    assert "budget of 47 minutes" in stopped
    assert "so it was stopped" in stopped
    assert "left running" in left
    assert "not stopped" in left


def test_an_update_of_a_job_deleted_outside_cloudformation_keeps_it_in_place() -> None:
    # GIVEN the job is gone (no tags known) and only the tags changed
    old = xgboost_request(Tags=[{"Key": "project", "Value": "a"}])
    new = xgboost_request(Tags=[{"Key": "project", "Value": "b"}])
    parsed = event("Update", new, physical_id="job-1", old_request=old)
    # WHEN
    decision = update_plan.decide_update(parsed, None, None)
    # THEN it is an in-place update (index answers SUCCESS with nothing to tag), and so is its rollback
    assert isinstance(decision, UpdateInPlace)
    rollback = event("Update", old, physical_id="job-1", old_request=new)
    assert isinstance(update_plan.decide_update(rollback, None, None), UpdateInPlace)


def test_best_job_data_reads_name_value_and_artifacts() -> None:
    data = completion_check.best_job_data(
        describe("Completed", BestTrainingJob=BEST),
        {"ModelArtifacts": {"S3ModelArtifacts": "s3://b/output/job-1-007-abcdef12/output/model.tar.gz"}},
    )
    assert data == {
        "BestTrainingJobName": "job-1-007-abcdef12",
        "BestObjectiveValue": "0.9171",
        "BestModelArtifacts": "s3://b/output/job-1-007-abcdef12/output/model.tar.gz",
    }


def test_best_job_without_artifacts_fails() -> None:
    with pytest.raises(HandlerError, match="has no model artifacts"):
        completion_check.best_job_data(describe("Completed", BestTrainingJob=BEST), {"ModelArtifacts": {}})


def test_response_data_at_the_apis_maximum_lengths_stays_under_4_kb() -> None:
    # GIVEN every value at the longest SageMaker allows (ARN 256, training job name 63, S3 URI 1024)
    data = completion_check.response_data(
        "arn:" + "a" * 252,
        "n" * 32,
        {
            "BestTrainingJobName": "t" * 63,
            "BestObjectiveValue": repr(-1.2345678901234567e-300),
            "BestModelArtifacts": "s3://" + "k" * 1019,
        },
    )

    # THEN the whole response body CloudFormation receives has room to spare
    assert len(json.dumps(data).encode()) < 4096 - 1024


def test_response_data_refuses_oversized_data() -> None:
    with pytest.raises(HandlerError, match="over CloudFormation's limit"):
        completion_check.response_data("arn", "name", {"BestModelArtifacts": "s3://" + "k" * 4000})


# -- delete -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "delete_record", "step"),
    [
        (None, False, DeleteStep.DONE),
        (None, True, DeleteStep.DONE),
        ("InProgress", False, DeleteStep.STOP),
        ("InProgress", True, DeleteStep.STOP),
        ("Stopping", False, DeleteStep.WAIT),
        ("Stopping", True, DeleteStep.WAIT),
        ("Stopped", False, DeleteStep.DONE),
        ("Stopped", True, DeleteStep.DELETE_RECORD),
        ("Completed", False, DeleteStep.DONE),
        ("Completed", True, DeleteStep.DELETE_RECORD),
        ("Failed", False, DeleteStep.DONE),
        ("Failed", True, DeleteStep.DELETE_RECORD),
        ("Deleting", True, DeleteStep.WAIT),
        ("Deleting", False, DeleteStep.DONE),
        ("DeleteFailed", False, DeleteStep.DONE),
    ],
)
def test_delete_steps(status: str | None, delete_record: bool, step: DeleteStep) -> None:
    description = None if status is None else describe(status, CreationTime=datetime(2026, 1, 1))
    assert delete_plan.delete_step(description, delete_record) is step


@pytest.mark.parametrize(
    ("after", "progress"),
    [(None, True), ("Deleting", True), ("Stopped", False), ("Completed", False), ("DeleteFailed", False)],
)
def test_a_refused_delete_record_is_progress_only_when_the_job_is_going(
    after: str | None, progress: bool
) -> None:
    description = None if after is None else describe(after)
    assert delete_plan.refused_delete_is_progress(description) is progress


def test_a_record_sagemaker_could_not_delete_fails_the_delete() -> None:
    with pytest.raises(HandlerError, match="could not delete tuning job 'job-1': busy"):
        delete_plan.delete_step(describe("DeleteFailed", FailureReason="busy"), True)


@pytest.mark.parametrize(
    ("physical_id", "ours"),
    [("job-1", True), (CREATE_FAILED_MARKER, False), (new_request_id(), False), (None, False), ("", False)],
)
def test_only_job_names_are_deleted(physical_id: str | None, ours: bool) -> None:
    assert delete_plan.is_job_name_of_ours(physical_id) is ours


def test_a_delete_out_of_budget_succeeds_while_sagemaker_stops_the_job() -> None:
    # GIVEN SageMaker is still stopping the job when the budget runs out
    # WHEN the delete keeps the record THEN it succeeds: the job is on its way out
    assert delete_plan.delete_out_of_budget("job-1", False, 2863) == lifecycle.Answer.success("job-1")
    # WHEN it must also delete the record THEN it fails with what to do (the record needs a stopped job)
    answer = delete_plan.delete_out_of_budget("job-1", True, 2863)
    assert answer.status == "FAILED"
    assert answer.physical_id == "job-1"
    assert "delete again once its status is Stopped" in answer.reason


def test_a_stopping_job_is_the_budgets_doing_only_once_the_budget_has_run_out() -> None:
    for stopping in ("Stopping", "Stopped"):
        assert completion_check.stop_is_the_budgets(stopping, True)
        assert not completion_check.stop_is_the_budgets(stopping, False)
    for other in ("InProgress", "Completed", "Failed", None):
        assert not completion_check.stop_is_the_budgets(other, True)


def test_retain_names_what_is_kept_and_a_flag_keeps_both() -> None:
    def retained(value: str | None) -> frozenset[str]:
        event = cfn_event("Create", xgboost_request())
        if value is not None:
            event["ResourceProperties"][contract.PROP_RETAIN] = value
        return ResourceEvent.from_cfn(event).retain

    assert retained(None) == frozenset()
    assert retained("replace") == {contract.RETAIN_ON_REPLACE}
    assert retained("delete,replace") == {contract.RETAIN_ON_DELETE, contract.RETAIN_ON_REPLACE}
    assert retained("true") == {contract.RETAIN_ON_DELETE, contract.RETAIN_ON_REPLACE}
