"""Delete: stop only a running job, wait through Stopping, NotFound and failed creates are success."""

from cdk_sagemaker_tuning._handler import index
import pytest
from cfn_events import CREATE_FAILED_MARKER, cfn_event, is_complete_event, new_request_id, xgboost_request
from sagemaker_doubles import describe_response

NAME = "XgboostT-XgboostTunin-0123456789"
BY_NAME = {"HyperParameterTuningJobName": NAME}


def delete_event(physical_id=NAME, **kwargs):
    return cfn_event("Delete", xgboost_request(), physical_id=physical_id, **kwargs)


def run_delete(event):
    """on_event, then is_complete once; returns is_complete's answer."""
    result = index.on_event(event, None)
    assert result == {"PhysicalResourceId": event["PhysicalResourceId"]}
    return index.is_complete(is_complete_event(event, result), None)


def test_delete_of_a_missing_job_succeeds(moto_sagemaker, faults):
    # GIVEN no job of that name in SageMaker (moto answers ResourceNotFound)
    # WHEN / THEN
    assert run_delete(delete_event()) == {"IsComplete": True}
    assert faults.attempts["DescribeHyperParameterTuningJob"] == 2
    assert faults.attempts["StopHyperParameterTuningJob"] == 0


@pytest.mark.parametrize("physical_id", [CREATE_FAILED_MARKER, new_request_id()])
def test_delete_after_a_failed_create_succeeds_without_calling_sagemaker(stubbed, physical_id):
    # GIVEN the physical id the Provider framework reports for a failed create (not a job name)
    # WHEN / THEN the delete succeeds and SageMaker is never asked (the Stubber has nothing queued)
    assert run_delete(delete_event(physical_id)) == {"IsComplete": True}
    stubbed.assert_no_pending_responses()


def test_delete_stops_a_running_job_and_waits_through_stopping(stubbed):
    # GIVEN a running job that takes two polls to stop
    stubbed.add_response(
        "describe_hyper_parameter_tuning_job", describe_response(NAME, "InProgress"), BY_NAME
    )
    stubbed.add_response("stop_hyper_parameter_tuning_job", {}, BY_NAME)
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response(NAME, "Stopping"), BY_NAME)
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response(NAME, "Stopped"), BY_NAME)
    event = delete_event()

    # WHEN
    result = index.on_event(event, None)
    polls = [index.is_complete(is_complete_event(event, result), None) for _ in range(2)]

    # THEN the delete completes only once the job has stopped (and no Data on the incomplete answer)
    assert polls == [{"IsComplete": False}, {"IsComplete": True}]
    stubbed.assert_no_pending_responses()


def test_delete_of_a_finished_job_neither_stops_it_nor_deletes_its_record(moto_sagemaker, faults):
    # GIVEN a job that has ended (moto's jobs are Completed at once)
    created = index.on_event(cfn_event("Create", xgboost_request()), None)

    # WHEN
    answer = run_delete(delete_event(created["PhysicalResourceId"]))

    # THEN nothing was stopped and the record is kept (the default)
    assert answer == {"IsComplete": True}
    assert faults.attempts["StopHyperParameterTuningJob"] == 0
    assert faults.attempts["DeleteHyperParameterTuningJob"] == 0
    assert moto_sagemaker.describe_tuning_job(created["PhysicalResourceId"]) is not None


def test_delete_job_record_deletes_an_ended_job(moto_sagemaker):
    created = index.on_event(cfn_event("Create", xgboost_request()), None)
    answer = run_delete(delete_event(created["PhysicalResourceId"], delete_job_record=True))
    assert answer == {"IsComplete": True}
    assert moto_sagemaker.describe_tuning_job(created["PhysicalResourceId"]) is None


def test_delete_job_record_of_a_running_job_stops_it_first(stubbed):
    # GIVEN a running job and DeleteJobRecord
    stubbed.add_response(
        "describe_hyper_parameter_tuning_job", describe_response(NAME, "InProgress"), BY_NAME
    )
    stubbed.add_response("stop_hyper_parameter_tuning_job", {}, BY_NAME)
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response(NAME, "Stopped"), BY_NAME)
    stubbed.add_response("delete_hyper_parameter_tuning_job", {}, BY_NAME)
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response(NAME, "Deleting"), BY_NAME)
    stubbed.add_client_error(
        "describe_hyper_parameter_tuning_job",
        "ResourceNotFound",
        f"Amazon SageMaker can't find a tuning job with name {NAME}",
        expected_params=BY_NAME,
    )
    event = delete_event(delete_job_record=True)

    # WHEN
    result = index.on_event(event, None)
    polls = [index.is_complete(is_complete_event(event, result), None) for _ in range(3)]

    # THEN stop, wait, delete the record, wait until it is gone
    assert polls == [{"IsComplete": False}, {"IsComplete": False}, {"IsComplete": True}]
    stubbed.assert_no_pending_responses()


def test_a_job_that_ends_between_describe_and_stop_is_fine(stubbed):
    # GIVEN the job completes just as the handler stops it
    stubbed.add_response(
        "describe_hyper_parameter_tuning_job", describe_response(NAME, "InProgress"), BY_NAME
    )
    stubbed.add_client_error(
        "stop_hyper_parameter_tuning_job",
        "ValidationException",
        "The tuning job is not in progress",
        expected_params=BY_NAME,
    )
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response(NAME, "Completed"), BY_NAME)
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response(NAME, "Completed"), BY_NAME)

    # WHEN / THEN
    assert run_delete(delete_event()) == {"IsComplete": True}
    stubbed.assert_no_pending_responses()


def test_a_stop_refused_while_the_job_still_runs_fails_the_delete(stubbed):
    stubbed.add_response(
        "describe_hyper_parameter_tuning_job", describe_response(NAME, "InProgress"), BY_NAME
    )
    stubbed.add_client_error(
        "stop_hyper_parameter_tuning_job", "AccessDeniedException", "not authorized", expected_params=BY_NAME
    )
    stubbed.add_response(
        "describe_hyper_parameter_tuning_job", describe_response(NAME, "InProgress"), BY_NAME
    )
    with pytest.raises(
        index.HandlerError, match=r"StopHyperParameterTuningJob .* AccessDeniedException: not authorized"
    ):
        index.on_event(delete_event(), None)
    stubbed.assert_no_pending_responses()


def test_a_repeated_delete_record_refused_while_sagemaker_deletes_it_is_progress(stubbed):
    # GIVEN DeleteJobRecord, a first delete that SageMaker accepted, and a Describe that still shows the
    # job Stopped at the next poll, so the handler deletes again and SageMaker refuses the repeat
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response(NAME, "Stopped"), BY_NAME)
    stubbed.add_response("delete_hyper_parameter_tuning_job", {}, BY_NAME)
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response(NAME, "Stopped"), BY_NAME)
    stubbed.add_client_error(
        "delete_hyper_parameter_tuning_job",
        "ValidationException",
        f"Tuning job {NAME} is already being deleted",
        expected_params=BY_NAME,
    )
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response(NAME, "Deleting"), BY_NAME)
    stubbed.add_client_error(
        "describe_hyper_parameter_tuning_job",
        "ResourceNotFound",
        f"Amazon SageMaker can't find a tuning job with name {NAME}",
        expected_params=BY_NAME,
    )
    event = delete_event(delete_job_record=True)

    # WHEN
    result = index.on_event(event, None)
    polls = [index.is_complete(is_complete_event(event, result), None) for _ in range(2)]

    # THEN the refused repeat counts as progress (the job is Deleting), and the delete ends once it is gone
    assert polls == [{"IsComplete": False}, {"IsComplete": True}]
    stubbed.assert_no_pending_responses()


def test_a_refused_delete_record_of_a_job_that_stays_fails_the_delete(stubbed):
    # GIVEN a stopped job whose record SageMaker refuses to delete, and that is still there afterwards
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response(NAME, "Stopped"), BY_NAME)
    stubbed.add_client_error(
        "delete_hyper_parameter_tuning_job",
        "AccessDeniedException",
        "not authorized",
        expected_params=BY_NAME,
    )
    stubbed.add_response("describe_hyper_parameter_tuning_job", describe_response(NAME, "Stopped"), BY_NAME)

    # WHEN / THEN the delete fails with SageMaker's own words
    with pytest.raises(
        index.HandlerError, match=r"DeleteHyperParameterTuningJob .* AccessDeniedException: not authorized"
    ):
        index.on_event(delete_event(delete_job_record=True), None)
    stubbed.assert_no_pending_responses()
