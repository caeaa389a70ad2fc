"""WarmStart renders the API's WarmStartConfig from tuning jobs or names."""

from dataclasses import dataclass

import pytest
from aws_cdk import Token

from cdk_sagemaker_tuning.warm_start import WarmStart


@dataclass
class FakeJob:
    """Anything with tuning_job_name and tuning_job_arn is an ITuningJob."""

    tuning_job_name: str
    tuning_job_arn: str = "arn:aws:sagemaker:us-east-1:111122223333:hyper-parameter-tuning-job/x"


def test_transfer_learning_from_a_job_and_a_name():
    # GIVEN a job object and a plain name
    warm_start = WarmStart.transfer_learning(FakeJob("parent-a"), "parent-b")
    # THEN both become parents, in order
    assert warm_start._render() == {
        "ParentHyperParameterTuningJobs": [
            {"HyperParameterTuningJobName": "parent-a"},
            {"HyperParameterTuningJobName": "parent-b"},
        ],
        "WarmStartType": "TransferLearning",
    }


def test_identical_data_and_algorithm_keeps_token_names():
    name = Token.as_string({"Ref": "ParentJob"})
    warm_start = WarmStart.identical_data_and_algorithm(FakeJob(name))
    assert warm_start._render()["WarmStartType"] == "IdenticalDataAndAlgorithm"
    assert warm_start.parent_names == [name]


def test_one_to_five_parents():
    WarmStart.transfer_learning(*[f"p{i}" for i in range(5)])
    with pytest.raises(ValueError, match="1 to 5 parent tuning jobs, got 0"):
        WarmStart.transfer_learning()
    with pytest.raises(ValueError, match="1 to 5 parent tuning jobs, got 6"):
        WarmStart.transfer_learning(*[f"p{i}" for i in range(6)])


def test_the_same_parent_twice_is_rejected():
    with pytest.raises(ValueError, match=r"given twice: \['p'\]"):
        WarmStart.transfer_learning("p", FakeJob("p"))


def test_parents_must_be_jobs_or_valid_names():
    with pytest.raises(
        ValueError, match=r"parent \[1\] must be a tuning job \(ITuningJob\) or a job name, got 3"
    ):
        WarmStart.transfer_learning("ok", 3)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"parent \[0\]: 'bad_name' is not a tuning job name"):
        WarmStart.transfer_learning("bad_name")
    with pytest.raises(ValueError, match="is not a tuning job name"):
        WarmStart.transfer_learning("x" * 33)
