"""Two jobs of one app with the same fixed name fail at synth when they deploy to the same account and region."""

from __future__ import annotations

import pytest
from aws_cdk import App, Environment, Stack, Stage

from cdk_sagemaker_tuning import HyperParameterTuningJob
from tests.samples import typed_job, xgboost_request

EAST = Environment(account="123456789012", region="us-east-1")
WEST = Environment(account="123456789012", region="us-west-2")


def test_same_fixed_name_in_two_stacks_of_one_environment_fails_at_synth() -> None:
    # GIVEN two stacks of one account and region, each with a job named churn-1 (once in other case)
    app = App()
    typed_job(Stack(app, "First", env=EAST), tuning_job_name="churn-1")
    HyperParameterTuningJob.from_request(
        Stack(app, "Second", env=EAST), "Raw", request=xgboost_request(HyperParameterTuningJobName="Churn-1")
    )

    # WHEN / THEN synth fails naming the name, the place and both jobs
    with pytest.raises(RuntimeError) as error:
        app.synth()
    message = str(error.value)
    assert (
        "tuning job name 'churn-1' is fixed by 2 jobs deploying to account 123456789012, region us-east-1"
        in message
    )
    assert "(First/Job, Second/Raw)" in message
    assert "or use tuning_job_name_prefix" in message


def test_same_fixed_name_in_stages_of_one_environment_fails() -> None:
    app = App()
    for stage in ("Beta", "Prod"):
        typed_job(Stack(Stage(app, stage), "Tuning", env=EAST), tuning_job_name="churn-1")
    with pytest.raises(RuntimeError, match=r"\(Beta/Tuning/Job, Prod/Tuning/Job\)"):
        app.synth()


def test_same_fixed_name_in_two_regions_is_fine() -> None:
    app = App()
    typed_job(Stack(app, "East", env=EAST), tuning_job_name="churn-1")
    typed_job(Stack(app, "West", env=WEST), tuning_job_name="churn-1")
    assembly = app.synth()
    assert {stack.stack_name for stack in assembly.stacks} == {"East", "West"}


def test_generated_names_never_clash() -> None:
    app = App()
    typed_job(Stack(app, "First", env=EAST))
    typed_job(Stack(app, "Second", env=EAST))
    assert len(app.synth().stacks) == 2
