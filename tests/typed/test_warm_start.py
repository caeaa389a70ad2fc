"""WarmStart renders the API's WarmStartConfig from tuning jobs or names (through a typed job's request)."""

from dataclasses import dataclass

import pytest
from aws_cdk import Token

from cdk_sagemaker_tuning.typed.warm_start import WarmStart
from tests.samples import findings, typed_request


@dataclass
class FakeJob:
    """Anything with tuning_job_name and tuning_job_arn is an ITuningJob."""

    tuning_job_name: str
    tuning_job_arn: str = "arn:aws:sagemaker:us-east-1:111122223333:hyper-parameter-tuning-job/x"


def test_transfer_learning_from_a_job_and_a_name():
    # GIVEN a job object and a plain name
    warm_start = WarmStart.transfer_learning(FakeJob("parent-a"), "parent-b")
    # THEN both become parents, in order
    assert typed_request(warm_start=warm_start)["WarmStartConfig"] == {
        "ParentHyperParameterTuningJobs": [
            {"HyperParameterTuningJobName": "parent-a"},
            {"HyperParameterTuningJobName": "parent-b"},
        ],
        "WarmStartType": "TransferLearning",
    }


def test_identical_data_and_algorithm_keeps_token_names():
    name = Token.as_string({"Ref": "ParentJob"})
    warm_start = WarmStart.identical_data_and_algorithm(FakeJob(name))
    rendered = typed_request(warm_start=warm_start)["WarmStartConfig"]
    assert rendered["WarmStartType"] == "IdenticalDataAndAlgorithm"
    assert rendered["ParentHyperParameterTuningJobs"] == [
        {"HyperParameterTuningJobName": {"Ref": "ParentJob"}}
    ]
    assert warm_start.parent_names == [name]


def test_one_to_five_parents_from_the_model():
    # GIVEN warm starts with 0 and 6 parents, WHEN a job declares them, THEN the model's limit names the prop
    assert (
        "ParentHyperParameterTuningJobs (warm_start): has 0 items, fewer than the minimum of 1"
        in findings(warm_start=WarmStart.transfer_learning())
    )
    six = WarmStart.transfer_learning(*[f"p{i}" for i in range(6)])
    assert "(warm_start): has 6 items, more than the maximum of 5" in findings(warm_start=six)


def test_the_same_parent_twice_is_reported_on_the_job():
    # GIVEN a warm start naming parent 'p' twice (once as a name, once as a job), WHEN a job declares it
    message = findings(warm_start=WarmStart.transfer_learning("p", FakeJob("p")))
    # THEN the rule of the request (validation/uniqueness.py) names the second one and the prop
    assert (
        "ParentHyperParameterTuningJobs[1].HyperParameterTuningJobName (warm_start): 'p' is already the name of "
        "WarmStartConfig.ParentHyperParameterTuningJobs[0]" in message
    )


def test_parents_must_be_jobs_or_valid_names():
    with pytest.raises(
        ValueError, match=r"parent \[1\] must be a tuning job \(ITuningJob\) or a job name, got 3"
    ):
        WarmStart.transfer_learning("ok", 3)  # type: ignore[arg-type]
    message = findings(warm_start=WarmStart.transfer_learning("bad_name", "x" * 33))
    assert (
        "ParentHyperParameterTuningJobs[0].HyperParameterTuningJobName (warm_start): 'bad_name' is not a valid tuning job name"
        in message
    )
    assert "ParentHyperParameterTuningJobs[1].HyperParameterTuningJobName (warm_start): " in message
