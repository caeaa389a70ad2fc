"""The edges of the CloudFormation contract (issue 17): no job left running without an owner, no stack stuck.

Each scenario plays a fault that CloudFormation, Lambda or SageMaker really produce, and ends with what
CloudFormation received and what still runs. GIVEN / WHEN / THEN; every scenario also proves (conftest)
that no secret reached the function's log.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from cdk_sagemaker_tuning._handler import contract, create_steps
from cdk_sagemaker_tuning._handler.runtime import budget
from cdk_sagemaker_tuning._handler.tuning_job_handler import COSTS
from tests.harness.cloudformation import CloudFormation, Faults
from tests.harness.sagemaker_proxy import JobScript, SageMakerProxy
from tests.harness.sample import (
    OTHER_STACK_ID,
    SECRET,
    SECRET_HYPERPARAMETER,
    changed_request,
    sample_request,
)
from tests.support.cfn_events import LOGICAL_ID, xgboost_request

CREATE = "CreateHyperParameterTuningJob"


@pytest.fixture(autouse=True)
def no_real_pauses(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """IAM's propagation is waited out with real pauses (about 30 s); the scenarios count attempts."""
    monkeypatch.setattr(create_steps, "ACCESS_DENIED_BACKOFF_SECONDS", (0.0, 0.0, 0.0, 0.0))
    yield


# -- 1. SageMaker accepted the create, then the handler saw an error ----------------------------------------


def test_a_create_whose_answer_is_lost_and_every_retry_throttled_adopts_its_job(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN SageMaker starts the job but its answer is lost, and botocore's four retries are throttled
    sagemaker.lose_answer(CREATE)
    sagemaker.fail(CREATE, "ThrottlingException", "Rate exceeded", times=4)

    # WHEN
    answer = cloudformation.create(sample_request())

    # THEN the handler looked the job up by its deterministic name and took it as this create's own
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts[CREATE] == 5
    assert sagemaker.live_jobs() == {answer.physical_id: "InProgress"}
    assert sagemaker.tags(answer.physical_id)[contract.REQUEST_ID_TAG] == cloudformation.sent[-1]["RequestId"]


def test_a_create_whose_answer_cannot_be_read_stops_its_job_and_answers_its_name(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN SageMaker starts the job, and its answer is a body botocore cannot parse
    sagemaker.garble_answer(CREATE)

    # WHEN the create fails, and CloudFormation rolls back (Delete with the physical id it received)
    answer = cloudformation.create(sample_request())
    rollback = cloudformation.delete(answer.physical_id, sample_request())

    # THEN FAILED names the job the create started, which was stopped before the answer; the rollback's
    # Delete finds it by that name, and nothing runs
    assert answer.status == "FAILED"
    assert contract.NAME_PATTERN.fullmatch(answer.physical_id)
    assert sagemaker.stopped == [answer.physical_id]
    assert rollback.status == "SUCCESS", rollback.reason
    assert sagemaker.live_jobs() == {}


def test_a_replacing_update_whose_answer_cannot_be_read_stops_the_new_job_and_keeps_the_old(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN job A, and SageMaker's answer to the replacement's create is unreadable
    created = cloudformation.create(sample_request()).physical_id
    sagemaker.garble_answer(CREATE)

    # WHEN the replacing update fails
    update = cloudformation.update(created, changed_request(), sample_request())

    # THEN it answers A's physical id (the update did not happen) after stopping the job it started
    assert (update.status, update.physical_id) == ("FAILED", created)
    [new_job] = sagemaker.stopped
    assert new_job != created and sagemaker.status(new_job) in ("Stopping", "Stopped")
    assert sagemaker.live_jobs()[created] == "InProgress"


def test_a_create_refused_over_a_limit_after_a_lost_answer_adopts_the_job_the_first_attempt_started(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN the first attempt starts the job (answer lost); the retry is refused: the account's limit now
    # counts that very job
    sagemaker.lose_answer(CREATE)
    sagemaker.fail(CREATE, "ResourceLimitExceeded", "The account-level service limit is 1 Jobs")

    # WHEN
    answer = cloudformation.create(sample_request())

    # THEN SageMaker's refusal did not hide the job: it is this create's own, and nothing else runs
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.live_jobs() == {answer.physical_id: "InProgress"}


# -- 7. IAM's eventual consistency ---------------------------------------------------------------------------


def test_a_create_refused_while_a_new_pass_role_statement_propagates_is_retried(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN the execution role's PassRole statement was created seconds ago: IAM refuses twice
    message = (
        "User: arn:aws:sts::123456789012:assumed-role/Provider is not authorized to perform: iam:PassRole"
    )
    sagemaker.fail(CREATE, "AccessDeniedException", message, times=2)

    # WHEN
    answer = cloudformation.create(sample_request())

    # THEN the create was tried again until IAM allowed it
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts[CREATE] == 3
    assert sagemaker.live_jobs() == {answer.physical_id: "InProgress"}


def test_a_create_refused_by_iam_for_longer_than_the_propagation_wait_fails_with_its_reason(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a PassRole statement that is really missing: IAM refuses every attempt
    sagemaker.fail(CREATE, "AccessDeniedException", "not authorized to perform: iam:PassRole", times=10)

    # WHEN
    answer = cloudformation.create(sample_request())

    # THEN FAILED after the retries (about 30 s in Lambda), with IAM's words, and no job
    assert answer.status == "FAILED"
    assert "AccessDeniedException" in answer.reason
    assert sagemaker.attempts[CREATE] == len(create_steps.ACCESS_DENIED_BACKOFF_SECONDS) + 1
    assert not contract.NAME_PATTERN.fullmatch(answer.physical_id)
    assert sagemaker.live_jobs() == {}


# -- 8. SageMaker's messages echo request values ------------------------------------------------------------


@pytest.mark.parametrize("secret", [SECRET, SECRET_HYPERPARAMETER])
def test_a_sagemaker_message_that_echoes_a_secret_reaches_no_reason(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, secret: str
) -> None:
    # GIVEN SageMaker refuses the request with a message that quotes an Environment or hyperparameter value,
    # as its constraint messages do ("Value '...' at '...' failed to satisfy constraint")
    message = (
        f"1 validation error detected: Value '{secret}' at 'trainingJobDefinition.environment.DB_PASSWORD' "
        "failed to satisfy constraint: Member must have length less than or equal to 16"
    )
    sagemaker.fail(CREATE, "ValidationException", message)

    # WHEN (the harness asserts that no secret reaches CloudFormation's answer)
    answer = cloudformation.create(sample_request())

    # THEN the reason keeps SageMaker's words, the value redacted
    assert answer.status == "FAILED"
    assert "Value '***' at 'trainingJobDefinition.environment.DB_PASSWORD' failed to satisfy" in answer.reason
    assert sagemaker.live_jobs() == {}


# -- 4. The hand-over to a new invocation fails --------------------------------------------------------------


def short_invocations() -> Faults:
    """Invocations with room for one step each: the handler hands over after every poll."""
    return Faults(timeout_seconds=budget.hand_over_reserve_seconds(COSTS) + 0.03)


def test_a_delete_whose_hand_over_was_queued_but_answered_with_an_error_gets_one_answer(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a running job that takes a few looks to stop, and Lambda queues the delete's hand-over but
    # answers each of botocore's three attempts at it with a server error
    sagemaker.new_jobs = JobScript(stopping_describes=3)
    name = cloudformation.create(sample_request()).physical_id
    cloudformation.lambda_service.lose_invocation_answers = 3

    # WHEN (the harness fails the scenario if CloudFormation receives two different answers)
    answer = cloudformation.delete(name, sample_request(), faults=short_invocations())

    # THEN one outcome: the job stopped and the delete succeeded; the invocation that could not tell
    # whether it had handed over raised, and Lambda retried it
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.status(name) == "Stopped"
    assert "raised HandOverUncertain" in [d.outcome for d in cloudformation.lambda_service.deliveries]


def test_an_awaited_create_whose_hand_over_was_queued_but_answered_with_an_error_gets_one_answer(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a job that completes at the fourth look, and the first hand-over queued but answered 500
    sagemaker.new_jobs = JobScript(in_progress_describes=3)
    cloudformation.lambda_service.lose_invocation_answers = 3

    # WHEN
    answer = cloudformation.create(sample_request(), wait_for_completion=True, faults=short_invocations())

    # THEN
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.live_jobs() == {}


@pytest.mark.parametrize("delete_job_record", [False, True])
def test_a_delete_whose_hand_over_lambda_refused_answers_as_when_its_budget_runs_out(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, delete_job_record: bool
) -> None:
    # GIVEN a running job that takes a few looks to stop, and Lambda refuses the hand-over (nothing queued)
    sagemaker.new_jobs = JobScript(stopping_describes=3)
    name = cloudformation.create(sample_request()).physical_id
    cloudformation.lambda_service.refuse_invocations = 10

    # WHEN
    answer = cloudformation.delete(
        name, sample_request(), delete_job_record=delete_job_record, faults=short_invocations()
    )

    # THEN the job was asked to stop and SageMaker finishes that on its own: the delete succeeds (no
    # DELETE_FAILED, no ROLLBACK_FAILED), unless its record must go too, which needs a stopped job
    assert sagemaker.stopped == [name]
    assert answer.status == ("FAILED" if delete_job_record else "SUCCESS"), answer.reason
    if delete_job_record:
        assert "re-invoke" in answer.reason


def test_a_delete_that_hands_over_before_its_first_step_and_is_refused_still_stops_its_job(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a running job, a first invocation with no room for a step (it hands over at once), and
    # Lambda refusing that hand-over
    name = cloudformation.create(sample_request()).physical_id
    cloudformation.lambda_service.refuse_invocations = 10

    # WHEN
    answer = cloudformation.delete(
        name, sample_request(), faults=Faults(timeout_seconds=budget.hand_over_reserve_seconds(COSTS) - 1)
    )

    # THEN the delete succeeds only once its job was asked to stop: nothing is left running
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.stopped == [name]


def test_a_chain_of_invocations_ends_at_the_longest_the_budget_can_need(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a job that never ends, and invocations that end after one step each (far shorter than the
    # function's timeout: only a fault would make them so)
    sagemaker.new_jobs = JobScript(in_progress_describes=None)

    # WHEN the create waits for it
    answer = cloudformation.create(sample_request(), wait_for_completion=True, faults=short_invocations())

    # THEN the chain stopped at the bound the budget implies, with the out-of-budget answer: the job it
    # started is stopped and CloudFormation hears FAILED
    limit = budget.max_invocations(
        contract.SERVICE_TIMEOUT_SECONDS
        - budget.answer_margin_seconds(contract.SERVICE_TIMEOUT_SECONDS, COSTS),
        COSTS,
    )
    assert len(cloudformation.lambda_service.deliveries) == limit
    assert answer.status == "FAILED"
    assert "did not complete within this deployment's budget" in answer.reason
    assert sagemaker.stopped == [answer.physical_id]


# -- 2. A create cancelled by another resource's failure -----------------------------------------------------

#: Physical ids CloudFormation makes up for a create it cancelled: one too long to be a job name, and one
#: that looks like one but names no job.
MADE_UP_IDS = ["XgboostTuningExample-XgboostTuning4C6C3B92-1Q2W3E4R5T6Y", "XgboostTuning-1Q2W3E4R5T6Y"]


@pytest.mark.parametrize("made_up", MADE_UP_IDS)
def test_the_delete_of_a_cancelled_create_stops_the_job_that_create_started(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, made_up: str
) -> None:
    # GIVEN a create that started its job, but CloudFormation cancelled it (another resource failed) and
    # never took its answer
    started = cloudformation.create(sample_request()).physical_id

    # WHEN CloudFormation deletes the resource with a physical id it made up
    answer = cloudformation.delete(made_up, sample_request())

    # THEN the delete found the job by its tags (this stack, this logical id, this request) and stopped it
    assert (answer.status, answer.physical_id) == ("SUCCESS", made_up), answer.reason
    assert sagemaker.stopped == [started]


def test_the_delete_of_a_cancelled_create_with_a_fixed_name_stops_its_job(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN
    request = sample_request(HyperParameterTuningJobName="xgb-tuning-7")
    cloudformation.create(request)

    # WHEN
    answer = cloudformation.delete(MADE_UP_IDS[0], request)

    # THEN
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.stopped == ["xgb-tuning-7"]


def test_the_delete_of_a_cancelled_create_leaves_every_other_job_running(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN jobs of this resource from another request, of another stack with the same request, and one
    # kept on purpose (RemovalPolicy.RETAIN)
    other_request = cloudformation.create(changed_request()).physical_id
    other_stack = "XgboostT-XgboostTunin-0123456789"
    sagemaker.seed_job(
        xgboost_request(
            HyperParameterTuningJobName=other_stack,
            Tags=[
                {"Key": contract.STACK_TAG, "Value": OTHER_STACK_ID},
                {"Key": contract.LOGICAL_ID_TAG, "Value": LOGICAL_ID},
            ],
        )
    )
    retained = cloudformation.create(sample_request(), retain=contract.RETAIN_ON_DELETE).physical_id

    # WHEN a cancelled create of this resource's sample request is deleted
    answer = cloudformation.delete(MADE_UP_IDS[0], sample_request())

    # THEN none of them was its job: all run on
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.stopped == []
    assert set(sagemaker.live_jobs()) == {other_request, other_stack, retained}


def test_the_delete_of_a_cancelled_create_stops_its_job_even_if_replaced_jobs_are_kept(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a resource that keeps its replaced jobs (replaced_job_removal_policy=RETAIN), whose create was
    # cancelled after it started the job
    started = cloudformation.create(sample_request(), retain=contract.RETAIN_ON_REPLACE).physical_id
    assert sagemaker.tags(started)[contract.RETAIN_TAG] == contract.RETAIN_ON_REPLACE

    # WHEN CloudFormation deletes it with a made-up physical id
    answer = cloudformation.delete(MADE_UP_IDS[0], sample_request(), retain=contract.RETAIN_ON_REPLACE)

    # THEN the job is stopped: a Delete was asked for, and only replaced jobs are kept
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.stopped == [started]


def test_a_create_that_reaches_the_function_after_cloudformation_stopped_waiting_starts_nothing(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a create event Lambda delivers after the resource's ServiceTimeout (its queue held it)
    # WHEN
    answer = cloudformation.create(
        sample_request(), sent_ago=timedelta(seconds=contract.SERVICE_TIMEOUT_SECONDS + 60)
    )

    # THEN no job was started that nothing would own
    assert answer.status == "FAILED"
    assert "after CloudFormation stopped waiting" in answer.reason
    assert sagemaker.attempts[CREATE] == 0
    assert sagemaker.live_jobs() == {}
