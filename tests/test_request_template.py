"""request_template: the property overrides that turn the created request into the overridden one."""

from __future__ import annotations

from typing import Any

from aws_cdk import App, Stack, Tags
from aws_cdk.assertions import Template

from cdk_sagemaker_tuning import RESOURCE_TYPE, HyperParameterTuningJob
from cdk_sagemaker_tuning.resource.request_template import DELETE, overrides
from tests.samples import xgboost_request


def test_overrides_are_the_changed_leaves_and_deletions_of_removed_keys() -> None:
    # GIVEN a created request, and one with a changed leaf, a new key, a removed key and a replaced list
    created = {"A": {"B": 1, "C": 2}, "L": [1, 2], "D": {"x.y": 1}}
    current = {"A": {"B": 1, "C": 3, "N": {"M": 1}}, "L": [3], "D": {}}
    # WHEN their differences are computed
    found = dict(overrides(created, current))
    # THEN only what changed is overridden, keys with dots are escaped, and removals are deletions
    assert found == {"A.C": 3, "A.N": {"M": 1}, "L": [3], "D.x\\.y": DELETE}


def test_an_intrinsic_is_replaced_whole_not_merged() -> None:
    created = {"R": {"Fn::GetAtt": ["Role", "Arn"]}}
    assert dict(overrides(created, {"R": {"Ref": "Other"}})) == {"R": {"Ref": "Other"}}


def _rendered(stack: Stack) -> dict[str, Any]:
    (resource,) = Template.from_stack(stack).find_resources(RESOURCE_TYPE).values()
    request: dict[str, Any] = resource["Properties"]["Request"]
    return request


def test_the_template_follows_the_request_through_successive_overrides_and_tags() -> None:
    # GIVEN a job, overridden three times (the last undoing part of the first), and tagged after construction
    stack = Stack(App(), "Overrides")
    job = HyperParameterTuningJob.from_request(
        stack, "Job", request=xgboost_request("arn:aws:iam::123456789012:role/x")
    )
    job.add_request_override("TrainingJobDefinition.StoppingCondition", {"MaxRuntimeInSeconds": 600})
    job.add_request_override("HyperParameterTuningJobConfig.RandomSeed", 7)
    job.add_request_override("TrainingJobDefinition.StoppingCondition.MaxRuntimeInSeconds", 900)
    Tags.of(job).add("team", "ml")
    # WHEN the stack is synthesized
    rendered = _rendered(stack)
    # THEN the template's request is the job's request (tags rendered by aws-cdk-lib)
    assert rendered == stack.resolve(job.request)
    assert rendered["TrainingJobDefinition"]["StoppingCondition"] == {"MaxRuntimeInSeconds": 900}
    assert rendered["Tags"] == [{"Key": "team", "Value": "ml"}]
