"""Training images built from a Dockerfile (``from_asset`` / ``from_docker_image_asset``), pulled with a
grant; and the synth warnings when a created execution role needs what no grant could give.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aws_cdk import (
    Annotations,
    App,
    Environment,
    Stack,
)
from aws_cdk import (
    aws_ecr_assets as ecr_assets,
)
from aws_cdk import (
    aws_iam as iam,
)
from aws_cdk import (
    aws_s3 as s3,
)
from aws_cdk.assertions import Annotations as AnnotationsAssertions
from aws_cdk.assertions import Match

from cdk_sagemaker_tuning import (
    HyperParameterTuningJob,
    IntegerParameter,
    MetricDefinition,
    TrainingAlgorithm,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningObjective,
)
from cdk_sagemaker_tuning.grants.permission_gaps import UNGRANTED_IMAGE, UNGRANTED_S3_INPUT
from tests.problems import raises_problem

TRAINER = str(Path(__file__).parent / "trainer_image")
LOSS = MetricDefinition("validation:loss", r"validation:loss=([0-9.]+)")
PULL_ACTIONS = {"ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"}


def _stack(outdir: Path | None = None) -> Stack:
    app = App(outdir=str(outdir)) if outdir else App()
    return Stack(app, "Images", env=Environment(account="123456789012", region="eu-west-1"))


def _job(
    stack: Stack,
    id: str,
    algorithm: TrainingAlgorithm,
    *,
    inputs: list[TrainingInput] | None = None,
    role: iam.IRole | None = None,
) -> HyperParameterTuningJob:
    return HyperParameterTuningJob(
        stack,
        id,
        objective=TuningObjective.minimize("validation:loss"),
        parameter_ranges=[IntegerParameter("epochs", 1, 5)],
        max_training_jobs=2,
        training=TrainingJobDefinition(
            algorithm=algorithm,
            inputs=inputs,
            role=role,
            output=TrainingOutput(s3.Bucket.from_bucket_name(stack, f"{id}Out", "out"), "models/"),
        ),
    )


def _statements(stack: Stack, role: iam.IRole) -> list[dict[str, Any]]:
    policy = role.node.try_find_child("DefaultPolicy")
    assert isinstance(policy, iam.Policy)
    return stack.resolve(policy.document)["Statement"]  # type: ignore[no-any-return]


def _actions(statement: dict[str, Any]) -> set[str]:
    action = statement["Action"]
    return {action} if isinstance(action, str) else set(action)


def _warnings(stack: Stack, warning_id: str) -> list[Any]:
    return AnnotationsAssertions.from_stack(stack).find_warning(
        "*", Match.string_like_regexp(rf"\[ack: {warning_id}\]")
    )


# -- from_asset / from_docker_image_asset ------------------------------------------------------------


def test_from_asset_builds_the_directory_at_deploy_and_grants_the_role_pull_on_its_repository(tmp_path: Path):
    # GIVEN a directory with a Dockerfile
    stack = _stack(tmp_path)
    # WHEN a job's algorithm is built from it
    job = _job(stack, "Job", TrainingAlgorithm.from_asset(TRAINER, metric_definitions=[LOSS]))
    request = stack.resolve(job.request)
    # THEN the training image is the asset's URI in the bootstrap container-assets repository
    image = json.dumps(request["TrainingJobDefinition"]["AlgorithmSpecification"]["TrainingImage"])
    assert "cdk-hnb659fds-container-assets-123456789012-eu-west-1" in image
    # AND the created role may pull from exactly that repository (and get an ECR token)
    statements = _statements(stack, job.role)
    [pull] = [s for s in statements if _actions(s) >= PULL_ACTIONS]
    assert "repository/cdk-hnb659fds-container-assets-123456789012-eu-west-1" in json.dumps(pull["Resource"])
    assert any(_actions(s) == {"ecr:GetAuthorizationToken"} for s in statements)
    # AND the cloud assembly holds the image to build, for linux/amd64 (SageMaker's instances), unbuilt
    assembly = App.of(stack).synth()  # type: ignore[union-attr]
    manifest = json.loads(Path(assembly.directory, "Images.assets.json").read_text())
    [image_asset] = manifest["dockerImages"].values()
    assert image_asset["source"]["platform"] == "linux/amd64"
    assert (Path(assembly.directory) / image_asset["source"]["directory"] / "Dockerfile").exists()
    # AND no permission-gap warning: the grant was made
    assert _warnings(stack, UNGRANTED_IMAGE) == []


def test_one_algorithm_shared_by_two_jobs_of_a_stack_is_one_asset():
    stack = _stack()
    algorithm = TrainingAlgorithm.from_asset(TRAINER, metric_definitions=[LOSS], build_args={"A": "1"})
    first = _job(stack, "First", algorithm)
    second = _job(stack, "Second", algorithm)
    assets = [c for c in stack.node.find_all() if isinstance(c, ecr_assets.DockerImageAsset)]
    assert len(assets) == 1
    spec = "AlgorithmSpecification"
    assert (
        stack.resolve(first.request)["TrainingJobDefinition"][spec]
        == stack.resolve(second.request)["TrainingJobDefinition"][spec]
    )


def test_from_docker_image_asset_grants_pull_on_the_given_assets_repository():
    # GIVEN an asset of the user's, and a role of theirs
    stack = _stack()
    asset = ecr_assets.DockerImageAsset(stack, "Trainer", directory=TRAINER)
    role = iam.Role(stack, "Given", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    # WHEN a job uses it
    job = _job(
        stack, "Job", TrainingAlgorithm.from_docker_image_asset(asset, metric_definitions=[LOSS]), role=role
    )
    # THEN the image is the asset's and the given role may pull it
    spec = stack.resolve(job.request)["TrainingJobDefinition"]["AlgorithmSpecification"]
    assert spec["TrainingImage"] == stack.resolve(asset.image_uri)
    assert any(_actions(s) >= PULL_ACTIONS for s in _statements(stack, role))


def test_from_asset_of_a_directory_without_the_dockerfile_names_the_props(tmp_path: Path):
    # GIVEN a directory without a Dockerfile WHEN / THEN the factory fails naming the directory and 'file'
    with raises_problem("prop-value", r"'directory' '.*' has no Dockerfile 'Dockerfile'.*'file'"):
        TrainingAlgorithm.from_asset(str(tmp_path))
    with raises_problem("prop-value", r"has no Dockerfile 'train.Dockerfile'"):
        TrainingAlgorithm.from_asset(TRAINER, file="train.Dockerfile")


def test_from_image_uri_of_an_assets_uri_grants_nothing_and_says_so():
    # GIVEN the pre-existing way: an asset's URI passed as a string
    stack = _stack()
    asset = ecr_assets.DockerImageAsset(stack, "Trainer", directory=TRAINER)
    # WHEN the job's role is created for it
    job = _job(stack, "Job", TrainingAlgorithm.from_image_uri(asset.image_uri, metric_definitions=[LOSS]))
    # THEN no pull is granted (the URI is a token) and a warning says what to use instead
    assert not any(_actions(s) >= PULL_ACTIONS for s in _statements(stack, job.role))
    [warning] = _warnings(stack, UNGRANTED_IMAGE)
    assert "granted no ECR pull" in warning.entry.data
    assert "from_docker_image_asset(asset)" in warning.entry.data


# -- permission gaps -----------------------------------------------------------------------------------


def test_s3_input_by_uri_with_a_created_role_warns_with_its_own_acknowledgement_id():
    stack = _stack()
    _job(
        stack,
        "Job",
        TrainingAlgorithm.from_image_uri(
            "123456789012.dkr.ecr.eu-west-1.amazonaws.com/t:1", metric_definitions=[LOSS]
        ),
        inputs=[TrainingInput.from_s3_uri("s3://shared-data/train/", channel_name="train")],
    )
    [warning] = _warnings(stack, UNGRANTED_S3_INPUT)
    assert "'train' reads 's3://shared-data/train/'" in warning.entry.data
    assert "TrainingInput.from_bucket" in warning.entry.data
    assert "bucket.grant_read(job, 'prefix*')" in warning.entry.data
    # AND a literal ECR image was granted: no image warning
    assert _warnings(stack, UNGRANTED_IMAGE) == []


def test_acknowledging_one_gap_leaves_the_other_reported():
    # GIVEN a job with both gaps
    stack = _stack()
    job = _job(
        stack,
        "Job",
        TrainingAlgorithm.from_image_uri(
            ecr_assets.DockerImageAsset(stack, "Trainer", directory=TRAINER).image_uri,
            metric_definitions=[LOSS],
        ),
        inputs=[TrainingInput.from_s3_uri("s3://shared-data/train/", channel_name="train")],
    )
    # WHEN the S3 one is acknowledged
    Annotations.of(job).acknowledge_warning(UNGRANTED_S3_INPUT, "granted by a bucket policy")
    # THEN only the image one is left
    assert _warnings(stack, UNGRANTED_S3_INPUT) == []
    assert len(_warnings(stack, UNGRANTED_IMAGE)) == 1


def test_a_given_role_gets_no_permission_gap_warning():
    # GIVEN the user's own role: its grants are theirs
    stack = _stack()
    role = iam.Role(stack, "Given", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    asset = ecr_assets.DockerImageAsset(stack, "Trainer", directory=TRAINER)
    _job(
        stack,
        "Job",
        TrainingAlgorithm.from_image_uri(asset.image_uri, metric_definitions=[LOSS]),
        inputs=[TrainingInput.from_s3_uri("s3://shared-data/train/", channel_name="train")],
        role=role,
    )
    assert _warnings(stack, UNGRANTED_S3_INPUT) == []
    assert _warnings(stack, UNGRANTED_IMAGE) == []
