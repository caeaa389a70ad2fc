"""tuning_job_name_prefix at deploy time: every job of the resource, first and replacing, starts with it."""

from __future__ import annotations

from cdk_sagemaker_tuning._handler import contract
from tests.harness.cloudformation import CloudFormation
from tests.harness.sagemaker_proxy import SageMakerProxy
from tests.harness.sample import changed_request, sample_request


def test_the_first_job_and_its_replacement_are_named_with_the_prefix(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a resource with NamePrefix "churn-xgb", created
    first = cloudformation.create(sample_request(), name_prefix="churn-xgb")
    assert first.status == "SUCCESS", first.reason

    # WHEN its request changes and the deployment completes
    second = cloudformation.update(
        first.physical_id, changed_request(), sample_request(), name_prefix="churn-xgb"
    )
    clean_up = cloudformation.delete(first.physical_id, sample_request(), name_prefix="churn-xgb")

    # THEN both jobs are named <prefix>-<suffix>, each its own, and only the new one runs
    assert second.status == clean_up.status == "SUCCESS", (second.reason, clean_up.reason)
    for name in (first.physical_id, second.physical_id):
        assert name.startswith("churn-xgb-")
        assert len(name) == len("churn-xgb-") + contract.GENERATED_SUFFIX_LENGTH
    assert first.physical_id != second.physical_id
    assert sagemaker.live_jobs() == {second.physical_id: "InProgress"}


def test_an_invalid_prefix_fails_the_create_and_starts_nothing(
    cloudformation: CloudFormation, sagemaker: SageMakerProxy
) -> None:
    # GIVEN a prefix that got past synth (a token resolving to an underscore)
    # WHEN
    answer = cloudformation.create(sample_request(), name_prefix="churn_xgb")

    # THEN CloudFormation reads why, and no job was started
    assert answer.status == "FAILED"
    assert "NamePrefix: 'churn_xgb' is not a valid tuning job name prefix" in answer.reason
    assert sagemaker.live_jobs() == {}
