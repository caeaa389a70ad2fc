"""Create, as CloudFormation sends it: the answer it receives and the jobs left running.

GIVEN / WHEN / THEN; every scenario also proves (conftest) that no secret reached the function's log.
"""

from __future__ import annotations

from cdk_sagemaker_tuning._handler import contract
from tests.harness.cloudformation import CloudFormation
from tests.harness.sagemaker_proxy import ACCOUNT, REGION, SageMakerProxy
from tests.harness.sample import OTHER_STACK_ID, SECRET, sample_request
from tests.support.cfn_events import STACK_ID, xgboost_request


def arn_of(name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:hyper-parameter-tuning-job/{name}"


def test_create_starts_one_job_and_answers_its_arn(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a request without a job name
    request = sample_request()

    # WHEN CloudFormation creates the resource
    answer = cloudformation.create(request)

    # THEN it receives SUCCESS with a generated, valid job name and the job's ARN and name
    name = answer.physical_id
    assert answer.status == "SUCCESS", answer.reason
    assert contract.NAME_PATTERN.fullmatch(name)
    assert answer.data == {contract.ATTR_ARN: arn_of(name), contract.ATTR_NAME: name}
    # AND exactly that job runs (the user asked for it)
    assert sagemaker.live_jobs() == {name: "InProgress"}
    # AND SageMaker received numbers and booleans, not CloudFormation's strings, and the environment
    job = sagemaker.describe(name)
    assert job["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"] == 3
    assert job["TrainingJobDefinition"]["EnableNetworkIsolation"] is True
    assert job["TrainingJobDefinition"]["Environment"] == {"DB_PASSWORD": SECRET}
    # AND the job carries the user's tags and the handler's ownership tags
    tags = sagemaker.tags(name)
    assert tags["project"] == "xgboost-tuning-example"
    assert tags[contract.STACK_TAG] == STACK_ID
    assert tags[contract.REQUEST_ID_TAG] == cloudformation.sent[-1]["RequestId"]


def test_create_with_a_fixed_name(cloudformation: CloudFormation, sagemaker: SageMakerProxy) -> None:
    # GIVEN / WHEN
    answer = cloudformation.create(sample_request(HyperParameterTuningJobName="xgb-tuning-7"))

    # THEN
    assert (answer.status, answer.physical_id) == ("SUCCESS", "xgb-tuning-7")
    assert sagemaker.live_jobs() == {"xgb-tuning-7": "InProgress"}


def test_create_whose_sagemaker_answer_is_lost_adopts_the_job_it_started(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN SageMaker creates the job but its answer never arrives (botocore retries the call)
    sagemaker.lose_answer("CreateHyperParameterTuningJob")

    # WHEN
    answer = cloudformation.create(sample_request())

    # THEN the retry met the job the first attempt started, and the handler took it as its own: one job
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts["CreateHyperParameterTuningJob"] == 2
    assert sagemaker.live_jobs() == {answer.physical_id: "InProgress"}


def test_create_throttled_four_times_succeeds_on_the_fifth_attempt(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN SageMaker throttles the first four attempts (botocore's standard mode makes five)
    sagemaker.fail("CreateHyperParameterTuningJob", "ThrottlingException", "Rate exceeded", times=4)

    # WHEN
    answer = cloudformation.create(sample_request())

    # THEN
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts["CreateHyperParameterTuningJob"] == 5
    assert sagemaker.live_jobs() == {answer.physical_id: "InProgress"}


def test_create_throttled_five_times_fails_with_sagemakers_words_and_no_job(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN SageMaker throttles every attempt botocore makes
    sagemaker.fail("CreateHyperParameterTuningJob", "ThrottlingException", "Rate exceeded", times=5)

    # WHEN
    answer = cloudformation.create(sample_request())

    # THEN CloudFormation learns why, and nothing runs
    assert answer.status == "FAILED"
    assert "ThrottlingException: Rate exceeded" in answer.reason
    assert sagemaker.live_jobs() == {}


def test_create_over_an_account_limit_fails_with_sagemakers_words(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN the account already runs as many tuning jobs as its quota allows
    message = "The account-level service limit 'Number of concurrent hyperparameter tuning jobs' is 100 Jobs"
    sagemaker.fail("CreateHyperParameterTuningJob", "ResourceLimitExceeded", message)

    # WHEN
    answer = cloudformation.create(sample_request())

    # THEN failed at once (a limit is not retried), with SageMaker's code and message, and no job
    assert answer.status == "FAILED"
    assert f"ResourceLimitExceeded: {message}" in answer.reason
    assert sagemaker.attempts["CreateHyperParameterTuningJob"] == 1
    assert sagemaker.live_jobs() == {}


def test_create_refused_by_sagemaker_validation_fails_with_its_message(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN
    message = "The objective metric validation:auc is not defined for the algorithm image"
    sagemaker.fail("CreateHyperParameterTuningJob", "ValidationException", message)

    # WHEN
    answer = cloudformation.create(sample_request())

    # THEN
    assert answer.status == "FAILED"
    assert f"ValidationException: {message}" in answer.reason
    assert sagemaker.live_jobs() == {}


def test_a_six_kilobyte_sagemaker_message_is_cut_to_fit_the_answer(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a ValidationException whose message is 6 KB (SageMaker lists every offending field)
    message = "Value at 'trainingJobDefinition.environment' failed to satisfy constraint; " * 82
    assert len(message.encode()) > 6000
    sagemaker.fail("CreateHyperParameterTuningJob", "ValidationException", message)

    # WHEN
    answer = cloudformation.create(sample_request())

    # THEN the answer fits CloudFormation's limits (checked by the harness), starts with the error, and
    # points to the log stream for the rest
    assert answer.status == "FAILED"
    assert "ValidationException: Value at 'trainingJobDefinition.environment'" in answer.reason
    assert "log stream" in answer.reason
    assert sagemaker.live_jobs() == {}


def test_a_fixed_name_held_by_another_stacks_job_fails_and_leaves_that_job_alone(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN another stack's running job named xgb-tuning-7
    theirs = xgboost_request(
        HyperParameterTuningJobName="xgb-tuning-7",
        Tags=[{"Key": contract.STACK_TAG, "Value": OTHER_STACK_ID}],
    )
    sagemaker.seed_job(theirs)
    tags_before = sagemaker.tags("xgb-tuning-7")

    # WHEN this stack creates a resource with the same fixed name
    answer = cloudformation.create(sample_request(HyperParameterTuningJobName="xgb-tuning-7"))

    # THEN it fails saying what to do, and the other stack's job runs on untouched
    assert answer.status == "FAILED"
    assert "xgb-tuning-7" in answer.reason
    assert "HyperParameterTuningJobName" in answer.reason
    assert sagemaker.live_jobs() == {"xgb-tuning-7": "InProgress"}
    assert sagemaker.tags("xgb-tuning-7") == tags_before
    assert sagemaker.attempts["StopHyperParameterTuningJob"] == 0


def test_a_badly_typed_field_fails_before_calling_sagemaker(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a request whose integer field holds a word
    request = sample_request()
    request["HyperParameterTuningJobConfig"]["ResourceLimits"]["MaxParallelTrainingJobs"] = "three"

    # WHEN
    answer = cloudformation.create(request)

    # THEN the reason names the field, the value and what is allowed; SageMaker was not asked
    assert answer.status == "FAILED"
    assert (
        "Request.HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs: "
        "expected an integer, got 'three'"
    ) in answer.reason
    assert sagemaker.attempts["CreateHyperParameterTuningJob"] == 0
    assert sagemaker.live_jobs() == {}


def test_an_unknown_field_fails_with_botocores_report(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a misspelt field
    request = sample_request()
    request["TrainingJobDefinition"]["ResourceConfig"]["InstanceCnt"] = 1

    # WHEN
    answer = cloudformation.create(request)

    # THEN
    assert answer.status == "FAILED"
    assert 'Unknown parameter in TrainingJobDefinition.ResourceConfig: "InstanceCnt"' in answer.reason
    assert sagemaker.live_jobs() == {}


def test_a_failed_create_followed_by_its_delete_succeeds_without_touching_sagemaker(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a create that SageMaker refused
    sagemaker.fail("CreateHyperParameterTuningJob", "ValidationException", "bad request")
    failed = cloudformation.create(sample_request())
    assert failed.status == "FAILED"

    # WHEN CloudFormation deletes the resource, with the physical id the failed create answered
    answer = cloudformation.delete(failed.physical_id, sample_request())

    # THEN the delete succeeds, nothing is stopped, and nothing runs
    assert answer.status == "SUCCESS", answer.reason
    assert sagemaker.attempts["StopHyperParameterTuningJob"] == 0
    assert sagemaker.live_jobs() == {}
