"""Lambda's delivery faults: a crash after any SageMaker call, and a duplicated delivery, change nothing.

Each scenario runs once as it should, counting the SageMaker calls of its last event; then once per call,
crashing the function right after that call (Lambda retries the same payload), and once more with
CloudFormation's invocation delivered twice. Every run must end as the clean one did: the same answer
(status, reason, attribute names) and the same jobs left running.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from cdk_sagemaker_tuning._handler import contract
from tests.harness.cloudformation import CloudFormation, Faults
from tests.harness.response_server import Answer
from tests.harness.sagemaker_proxy import JobScript, SageMakerProxy
from tests.harness.sample import OTHER_STACK_ID, changed_request, retagged_request, sample_request
from tests.support.cfn_events import xgboost_request

#: Sets up the world (without faults), then sends the event under test with the given faults.
Scenario = Callable[[CloudFormation, SageMakerProxy, Faults], Answer]


def create(cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults) -> Answer:
    return cloud.create(sample_request(), faults=faults)


def create_and_wait(cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults) -> Answer:
    sagemaker.new_jobs = JobScript(in_progress_describes=2)
    return cloud.create(sample_request(), wait_for_completion=True, faults=faults)


def delete_running(cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults) -> Answer:
    sagemaker.new_jobs = JobScript(stopping_describes=2)
    name = cloud.create(sample_request()).physical_id
    return cloud.delete(name, sample_request(), faults=faults)


def replace(cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults) -> Answer:
    name = cloud.create(sample_request()).physical_id
    return cloud.update(name, changed_request(), sample_request(), faults=faults)


def roll_back_a_replacement(cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults) -> Answer:
    name = cloud.create(sample_request()).physical_id
    replacement = cloud.update(name, changed_request(), sample_request()).physical_id
    return cloud.update(replacement, sample_request(), changed_request(), faults=faults)


def retag(cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults) -> Answer:
    name = cloud.create(sample_request()).physical_id
    return cloud.update(name, retagged_request(), sample_request(), faults=faults)


def create_with_a_fixed_name(cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults) -> Answer:
    return cloud.create(sample_request(HyperParameterTuningJobName="xgb-tuning-7"), faults=faults)


def create_over_another_stacks_job(
    cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults
) -> Answer:
    sagemaker.seed_job(
        xgboost_request(
            HyperParameterTuningJobName="xgb-tuning-7",
            Tags=[{"Key": contract.STACK_TAG, "Value": OTHER_STACK_ID}],
        )
    )
    return cloud.create(sample_request(HyperParameterTuningJobName="xgb-tuning-7"), faults=faults)


def wait_for_a_job_that_fails(cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults) -> Answer:
    sagemaker.new_jobs = JobScript(in_progress_describes=1, ends_as="Failed")
    return cloud.create(sample_request(), wait_for_completion=True, faults=faults)


def wait_out_of_budget(cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults) -> Answer:
    sagemaker.new_jobs = JobScript(stopping_describes=0)
    return cloud.create(
        sample_request(),
        wait_for_completion=True,
        service_timeout=60,
        sent_ago=timedelta(seconds=45),
        faults=faults,
    )


def delete_with_its_record(cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults) -> Answer:
    name = cloud.create(sample_request()).physical_id
    return cloud.delete(name, sample_request(), delete_job_record=True, faults=faults)


def delete_a_cancelled_create(cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults) -> Answer:
    cloud.create(sample_request())  # CloudFormation cancelled it: it never took the answer
    return cloud.delete(
        "XgboostTuningExample-XgboostTuning4C6C3B92-1Q2W3E4R5T6Y", sample_request(), faults=faults
    )


def create_whose_answer_is_lost_and_retries_throttled(
    cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults
) -> Answer:
    sagemaker.lose_answer("CreateHyperParameterTuningJob")
    sagemaker.fail("CreateHyperParameterTuningJob", "ThrottlingException", "Rate exceeded", times=4)
    return cloud.create(sample_request(), faults=faults)


def update_a_job_deleted_out_of_band(
    cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults
) -> Answer:
    name = cloud.create(sample_request()).physical_id
    sagemaker.delete_out_of_band(name)
    return cloud.update(name, changed_request(), sample_request(), faults=faults)


@dataclass(frozen=True)
class Outcome:
    """What must not depend on Lambda's faults. Job names differ between runs (they derive from RequestIds):
    the reason names them as ``<job>``, and RequestIds as ``<request>``. A stopping job counts as stopped: the harness moves it along at each
    Describe, and a retried delivery describes more often."""

    status: str
    reason: str
    attributes: tuple[str, ...]
    jobs: int
    running: int
    stopped: int


def run(scenario: Scenario, cloud: CloudFormation, sagemaker: SageMakerProxy, faults: Faults) -> Outcome:
    sagemaker.reset()
    cloud.lambda_service.reset()
    answer = scenario(cloud, sagemaker, faults)
    names = sagemaker.job_names()
    reason = answer.reason
    for name in names:
        reason = reason.replace(name, "<job>")
    for event in cloud.sent:
        reason = reason.replace(event["RequestId"], "<request>")
    return Outcome(
        status=answer.status,
        reason=reason,
        attributes=tuple(sorted(answer.data)),
        jobs=len(names),
        running=list(sagemaker.live_jobs().values()).count("InProgress"),
        stopped=len(sagemaker.stopped),
    )


SCENARIOS = [
    create,
    create_with_a_fixed_name,
    create_over_another_stacks_job,
    create_and_wait,
    wait_for_a_job_that_fails,
    wait_out_of_budget,
    delete_running,
    delete_with_its_record,
    replace,
    roll_back_a_replacement,
    retag,
    update_a_job_deleted_out_of_band,
    delete_a_cancelled_create,
    create_whose_answer_is_lost_and_retries_throttled,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_a_crash_after_any_sagemaker_call_ends_as_a_clean_run(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, scenario: Scenario
) -> None:
    # GIVEN the scenario's clean run and the SageMaker calls its event made
    clean = run(scenario, cloudformation, sagemaker, Faults())
    calls = list(cloudformation.lambda_service.sagemaker_calls)
    assert calls

    for crash_after in range(1, len(calls) + 1):
        # WHEN the function dies right after that call, and Lambda retries the payload
        crashed = run(scenario, cloudformation, sagemaker, Faults(crash_after_calls=frozenset({crash_after})))

        # THEN CloudFormation receives the same answer, and the same jobs run
        assert crashed == clean, f"crash after call {crash_after} ({calls[crash_after - 1]}) of {calls}"
        assert any(d.outcome == "crashed" for d in cloudformation.lambda_service.deliveries)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_a_duplicated_delivery_ends_as_a_clean_run(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, scenario: Scenario
) -> None:
    # GIVEN the scenario's clean run
    clean = run(scenario, cloudformation, sagemaker, Faults())

    # WHEN CloudFormation's invocation of the event is delivered twice
    duplicated = run(scenario, cloudformation, sagemaker, Faults(duplicate=frozenset({0})))

    # THEN CloudFormation received one outcome (the harness checks that duplicates agree), the same one
    assert duplicated == clean


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda scenario: scenario.__name__)
def test_two_deliveries_at_the_same_time_end_as_a_clean_run(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy, scenario: Scenario
) -> None:
    # GIVEN the scenario's clean run
    clean = run(scenario, cloudformation, sagemaker, Faults())

    # WHEN CloudFormation's invocation is delivered twice at the same time (two execution environments)
    concurrent = run(scenario, cloudformation, sagemaker, Faults(concurrent=frozenset({0})))

    # THEN CloudFormation received one outcome (the harness checks that both answers agree), the same one
    assert concurrent == clean
