"""Fields that only add_request_override reached before, now typed: each renders where the API wants it.

Each is a few lines in the typed class (RequestBuilder.put records the prop), and SageMaker's limits for
it come from botocore's model, reported against the new prop.
"""

from __future__ import annotations

import pytest
from aws_cdk import Duration

from cdk_sagemaker_tuning import (
    InstanceConfig,
    InstanceGroup,
    InstancePlacement,
    InstancePreference,
    PlacementSpecification,
    TrainingInput,
)
from tests.problems import raises_problem
from tests.samples import findings, typed_request

DATASET_ARN = "arn:aws:sagemaker:us-east-1:123456789012:hub-content/my-hub/DataSet/churn/1.0.0"
PLAN_ARN = "arn:aws:sagemaker:us-east-1:123456789012:training-plan/reserved-p5"


def definition(**training_props) -> dict:
    return typed_request(training_props=training_props)["TrainingJobDefinition"]


def test_a_hub_data_set_channel_renders_a_dataset_source():
    # GIVEN a channel from a SageMaker hub data set, WHEN rendered
    [channel] = definition(inputs=[TrainingInput.from_dataset(DATASET_ARN, channel_name="train")])[
        "InputDataConfig"
    ]
    # THEN
    assert channel == {"ChannelName": "train", "DataSource": {"DatasetSource": {"DatasetArn": DATASET_ARN}}}


def test_a_hub_data_set_arn_is_checked_against_the_model_naming_the_input():
    message = findings(
        training_props={"inputs": [TrainingInput.from_dataset("not-an-arn", channel_name="train")]}
    )
    assert "DataSource.DatasetSource.DatasetArn (training.inputs[0]): 'not-an-arn' does not match" in message


def test_model_and_hub_access_configs_render_in_the_s3_data_source():
    # GIVEN a gated model's S3 objects, with its licence accepted and its hub content named
    hub_content = "arn:aws:sagemaker:us-east-1:aws:hub-content/SageMakerPublicHub/Model/llama/1.0.0"
    channel = TrainingInput.from_s3_uri(
        "s3://models/llama/", channel_name="model", accept_eula=True, hub_content_arn=hub_content
    )
    # WHEN rendered
    [rendered] = definition(inputs=[channel])["InputDataConfig"]
    # THEN
    source = rendered["DataSource"]["S3DataSource"]
    assert source["ModelAccessConfig"] == {"AcceptEula": True}
    assert source["HubAccessConfig"] == {"HubContentArn": hub_content}


def test_keep_alive_period_renders_in_seconds_and_its_limit_names_the_prop():
    assert (
        definition(keep_alive_period=Duration.minutes(30))["ResourceConfig"]["KeepAlivePeriodInSeconds"]
        == 1800
    )
    message = findings(training_props={"keep_alive_period": Duration.hours(7)})
    assert (
        "KeepAlivePeriodInSeconds (training.keep_alive_period): 25200 is more than the maximum of 21600"
        in message
    )


def test_a_training_plan_renders_its_arn_and_a_bad_one_names_the_prop():
    assert definition(training_plan_arn=PLAN_ARN)["ResourceConfig"]["TrainingPlanArn"] == PLAN_ARN
    message = findings(training_props={"training_plan_arn": "plan"})
    assert (
        "ResourceConfig.TrainingPlanArn (training.training_plan_arn): 'plan' is 4 characters long" in message
    )


def test_instance_groups_render_in_the_resource_config_with_their_props():
    # GIVEN two instance groups of a heterogeneous cluster
    groups = [InstanceGroup("workers", "ml.c5.xlarge", 2), InstanceGroup("gpu", "ml.g5.xlarge")]
    # WHEN rendered
    rendered = definition(instance_groups=groups)["ResourceConfig"]["InstanceGroups"]
    # THEN
    assert rendered == [
        {"InstanceGroupName": "workers", "InstanceType": "ml.c5.xlarge", "InstanceCount": 2},
        {"InstanceGroupName": "gpu", "InstanceType": "ml.g5.xlarge", "InstanceCount": 1},
    ]
    # AND a bad group's field names its own prop
    message = findings(training_props={"instance_groups": [InstanceGroup("g", "m5")]})
    assert (
        "InstanceGroups[0].InstanceType (training.instance_groups[0].instance_type): 'm5' is not one of"
        in message
    )


def test_instance_placement_renders_in_the_resource_config_with_its_specifications():
    # GIVEN instances placed on an UltraServer, WHEN rendered
    placement = InstancePlacement(
        enable_multiple_jobs=True, placement_specifications=[PlacementSpecification(2, ultra_server_id="u-1")]
    )
    rendered = definition(instance_placement=placement)["ResourceConfig"]["InstancePlacementConfig"]
    # THEN
    assert rendered == {
        "EnableMultipleJobs": True,
        "PlacementSpecifications": [{"InstanceCount": 2, "UltraServerId": "u-1"}],
    }


def test_instance_placement_is_type_checked_and_not_combined_with_instance_configs():
    with raises_problem("prop-type", r"'instance_placement' must be an InstancePlacement, got \{"):
        definition(instance_placement={"EnableMultipleJobs": True})
    with pytest.raises(
        ValueError,
        match=r"'instance_placement.placement_specifications\[0\].instance_count' must be an integer",
    ):
        definition(
            instance_placement=InstancePlacement(placement_specifications=[PlacementSpecification("2")])
        )
    with raises_problem(
        "prop-combination", "'instance_placement' cannot be combined with 'instance_configs'"
    ):
        definition(instance_configs=[InstanceConfig("ml.m5.xlarge")], instance_placement=InstancePlacement())


def test_a_placement_instance_count_beyond_the_models_limits_names_the_prop():
    placement = InstancePlacement(placement_specifications=[PlacementSpecification(-1)])
    message = findings(training_props={"instance_placement": placement})
    assert "(training.instance_placement.placement_specifications[0].instance_count)" in message


def test_an_s3_channel_names_the_instance_groups_that_read_it():
    # GIVEN a heterogeneous cluster whose "workers" group alone reads the training channel
    channel = TrainingInput.from_s3_uri(
        "s3://data/train/", channel_name="train", instance_group_names=["workers"]
    )
    # WHEN rendered
    [rendered] = definition(instance_groups=[InstanceGroup("workers", "ml.c5.xlarge", 2)], inputs=[channel])[
        "InputDataConfig"
    ]
    # THEN
    assert rendered["DataSource"]["S3DataSource"]["InstanceGroupNames"] == ["workers"]


def test_instance_group_names_must_be_a_list_and_the_models_limit_names_the_prop():
    with raises_problem("prop-type", "'instance_group_names' should be a list of names, got the string"):
        TrainingInput.from_s3_uri("s3://data/", channel_name="train", instance_group_names="workers")
    channel = TrainingInput.from_s3_uri(
        "s3://data/", channel_name="train", instance_group_names=[f"g{i}" for i in range(6)]
    )
    message = findings(training_props={"inputs": [channel]})
    assert "InstanceGroupNames (training.inputs[0])" in message


def test_instance_preferences_replace_the_instance_type_and_render_in_priority_order():
    # GIVEN two instance types in priority order, one count per preference
    preferences = [
        InstancePreference("ml.p5.48xlarge", 1, training_plan_arn=PLAN_ARN),
        InstancePreference("ml.p4d.24xlarge", 2),
    ]
    # WHEN rendered
    resources = definition(instance_preferences=preferences)["ResourceConfig"]
    # THEN SageMaker picks the type: no InstanceType, no job-level InstanceCount
    assert "InstanceType" not in resources
    assert "InstanceCount" not in resources
    assert resources["InstancePreferences"] == [
        {"InstanceType": "ml.p5.48xlarge", "InstanceCount": 1, "TrainingPlanArns": [PLAN_ARN]},
        {"InstanceType": "ml.p4d.24xlarge", "InstanceCount": 2},
    ]
    # AND one count for every preference is the definition's instance_count
    one_count = definition(instance_preferences=[InstancePreference("ml.p5.48xlarge")], instance_count=4)
    assert one_count["ResourceConfig"]["InstanceCount"] == 4


@pytest.mark.parametrize(
    ("props", "message"),
    [
        ({"instance_type": "ml.m5.xlarge"}, "'instance_type' cannot be combined with 'instance_preferences'"),
        (
            {"instance_placement": InstancePlacement()},
            "'instance_placement' cannot be combined with 'instance_preferences'",
        ),
        ({"spot": True}, "'spot' cannot be combined with 'instance_preferences'"),
        (
            {"training_plan_arn": PLAN_ARN},
            r"'instance_preferences\[0\].training_plan_arn' cannot be combined",
        ),
    ],
)
def test_instance_preferences_exclude_what_sagemaker_excludes(props, message):
    preferences = [InstancePreference("ml.p5.48xlarge", training_plan_arn=PLAN_ARN)]
    with raises_problem("prop-combination", message):
        definition(instance_preferences=preferences, **props)


def test_an_instance_preference_type_outside_the_model_names_the_prop():
    message = findings(training_props={"instance_preferences": [InstancePreference("ml.nope")]})
    assert "(training.instance_preferences[0].instance_type)" in message
