"""TrainingAlgorithm: the AlgorithmSpecification it renders and the image it resolves per region.

Algorithms are rendered through a tuning job declared with them (its public ``request``).
"""

from __future__ import annotations

import pytest
from aws_cdk import App, CfnMapping, Stack
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    HyperParameterTuningJob,
    InputMode,
    MetricDefinition,
    TrainingAlgorithm,
    TrainingJobDefinition,
    TrainingOutput,
    TuningObjective,
)
from cdk_sagemaker_tuning._data.image_registries import REGISTRIES
from cdk_sagemaker_tuning.typed.algorithms import REGISTRY_MAPPING_ID
from tests.problems import raises_problem
from tests.samples import valid_hyperparameters


def _stack(region: str | None = None) -> Stack:
    env = {"region": region, "account": "111111111111"} if region else None
    return Stack(App(), "Algorithms", env=env)


def _grantee(stack: Stack) -> iam.Role:
    return iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))


# An objective metric each built-in algorithm of these tests emits.
_BUILTIN_OBJECTIVES = {
    BuiltInAlgorithm.LINEAR_LEARNER: "validation:objective_loss",
    BuiltInAlgorithm.LDA: "test:pwll",
}


def _objective_metric(algorithm: TrainingAlgorithm) -> str:
    if algorithm.metric_definitions:
        return algorithm.metric_definitions[0].name
    return _BUILTIN_OBJECTIVES.get(algorithm.builtin_algorithm, "validation:auc")  # type: ignore[arg-type]


def _render(algorithm: TrainingAlgorithm, stack: Stack, role: iam.IRole | None = None) -> dict:
    """The AlgorithmSpecification of a tuning job declared with ``algorithm`` (its public ``request``)."""
    role = role or _grantee(stack)
    # Hyperparameters the built-in algorithm accepts (XGBoost's for the other images: never judged there).
    builtin = algorithm.builtin_algorithm
    static, tuned = valid_hyperparameters(
        REGISTRIES[builtin.value].repository if builtin else "sagemaker-xgboost"
    )
    job = HyperParameterTuningJob(
        stack,
        f"Job{len(stack.node.children)}",
        # The objective is one of the algorithm's metric definitions, when it has any.
        objective=TuningObjective.maximize(_objective_metric(algorithm)),
        parameter_ranges=[tuned],
        max_training_jobs=2,
        training=TrainingJobDefinition(
            algorithm=algorithm,
            role=role,
            static_hyperparameters=static,
            output=TrainingOutput(s3.Bucket.from_bucket_name(stack, f"Out{len(stack.node.children)}", "out")),
        ),
    )
    spec: dict = stack.resolve(job.request)["TrainingJobDefinition"]["AlgorithmSpecification"]
    return spec


def _ecr_statements(stack: Stack, role: iam.Role) -> list[dict]:
    """The role's statements about ECR (the job also grants its output bucket)."""
    policy = role.node.try_find_child("DefaultPolicy")
    statements = [] if policy is None else stack.resolve(policy.document)["Statement"]
    return [s for s in statements if "ecr:" in str(s["Action"])]


@pytest.mark.parametrize(
    ("algorithm", "version", "region", "expected"),
    [
        (
            BuiltInAlgorithm.XGBOOST,
            "1.7-1",
            "us-east-1",
            "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
        ),
        (
            BuiltInAlgorithm.XGBOOST,
            "1.5-1",
            "eu-west-1",
            "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.5-1",
        ),
        (
            BuiltInAlgorithm.XGBOOST,
            None,
            "cn-north-1",
            "450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1",
        ),
        (
            BuiltInAlgorithm.LINEAR_LEARNER,
            None,
            "us-west-2",
            "174872318107.dkr.ecr.us-west-2.amazonaws.com/linear-learner:1",
        ),
    ],
)
def test_builtin_image_is_a_literal_uri_when_the_region_is_concrete(algorithm, version, region, expected):
    # GIVEN a stack in a concrete region
    stack = _stack(region)
    # WHEN a built-in algorithm is rendered
    spec = _render(TrainingAlgorithm.builtin(algorithm, version), stack)
    # THEN the image is the region's literal URI and no mapping is added to the template
    assert spec == {"TrainingImage": expected, "TrainingInputMode": "File"}
    assert stack.node.try_find_child(REGISTRY_MAPPING_ID) is None


def test_builtin_image_is_looked_up_in_one_shared_mapping_when_the_region_is_a_token():
    # GIVEN a region-agnostic stack
    stack = _stack()
    grantee = _grantee(stack)
    # WHEN two definitions use XGBoost and one uses Linear Learner
    xgboost = _render(TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST), stack, grantee)
    _render(TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST, "1.5-1"), stack, grantee)
    _render(TrainingAlgorithm.builtin(BuiltInAlgorithm.LINEAR_LEARNER), stack, grantee)
    # THEN the image is found in the mapping by AWS::Region, joined with the region and URL suffix
    assert xgboost["TrainingImage"] == {
        "Fn::Join": [
            "",
            [
                {"Fn::FindInMap": [REGISTRY_MAPPING_ID, {"Ref": "AWS::Region"}, "xgboost"]},
                ".dkr.ecr.",
                {"Ref": "AWS::Region"},
                ".",
                {"Ref": "AWS::URLSuffix"},
                "/sagemaker-xgboost:1.7-1",
            ],
        ]
    }
    # AND the stack holds exactly one mapping, with every region of both algorithms' registries
    mappings = [child for child in stack.node.children if isinstance(child, CfnMapping)]
    assert [m.node.id for m in mappings] == [REGISTRY_MAPPING_ID]
    rendered = Template.from_stack(stack).to_json()["Mappings"][REGISTRY_MAPPING_ID]
    assert rendered["eu-west-1"] == {"xgboost": "141502667606", "linearlearner": "438346466558"}
    assert set(rendered) == set(REGISTRIES["xgboost"].accounts) | set(REGISTRIES["linear-learner"].accounts)


def test_builtin_in_a_region_without_registry_names_the_region():
    # GIVEN a stack in a region LDA's data does not list
    stack = _stack("il-central-1")
    # WHEN / THEN rendering fails with the region and the way out
    with raises_problem("builtin-image-region", r"LDA has no known image registry in region 'il-central-1'"):
        _render(TrainingAlgorithm.builtin(BuiltInAlgorithm.LDA), stack)


def test_builtin_unknown_version_lists_the_known_ones():
    with pytest.raises(
        ValueError, match=r"'version' of BuiltInAlgorithm.XGBOOST should be one of 1.7-1, .*got '9.9'"
    ):
        TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST, "9.9")


def test_builtin_is_marked_builtin_and_others_are_not():
    assert TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST).is_builtin
    assert TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST).builtin_algorithm is BuiltInAlgorithm.XGBOOST
    assert not TrainingAlgorithm.from_image_uri("example.com/trainer:1").is_builtin
    assert not TrainingAlgorithm.from_algorithm_name("my-algorithm").is_builtin


def test_builtin_image_needs_no_ecr_permission():
    # GIVEN a role and a built-in algorithm
    stack = _stack("us-east-1")
    role = _grantee(stack)
    # WHEN a job uses it
    _render(TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST), stack, role)
    # THEN no ECR permission is granted: SageMaker pulls its own images
    assert _ecr_statements(stack, role) == []


def test_ecr_repository_renders_its_uri_and_grants_pull():
    # GIVEN a repository of the stack
    stack = _stack()
    repository = ecr.Repository(stack, "Repo")
    role = _grantee(stack)
    # WHEN the algorithm is bound with a tag, Pipe mode and metric definitions
    algorithm = TrainingAlgorithm.from_ecr_repository(
        repository,
        "v3",
        input_mode=InputMode.PIPE,
        metric_definitions=[MetricDefinition("validation:rmse", r"rmse=([0-9.]+)")],
    )
    spec = _render(algorithm, stack, role)
    # THEN the spec carries the repository URI for the tag, the mode and the metrics
    assert spec["TrainingInputMode"] == "Pipe"
    assert spec["MetricDefinitions"] == [{"Name": "validation:rmse", "Regex": r"rmse=([0-9.]+)"}]
    assert spec["TrainingImage"]["Fn::Join"][1][-1] == ":v3"
    # AND the role may pull from exactly that repository
    statements = stack.resolve(role.node.find_child("DefaultPolicy").document)["Statement"]
    pull = next(s for s in statements if "ecr:BatchGetImage" in s["Action"])
    assert pull["Resource"] == {"Fn::GetAtt": ["Repo02AC86CF", "Arn"]}
    assert any(s["Action"] == "ecr:GetAuthorizationToken" and s["Resource"] == "*" for s in statements)


def test_ecr_repository_by_digest_renders_the_digest_uri():
    stack = _stack()
    repository = ecr.Repository(stack, "Repo")
    digest = "sha256:" + "a" * 64
    spec = _render(TrainingAlgorithm.from_ecr_repository(repository, digest), stack)
    assert spec["TrainingImage"]["Fn::Join"][1][-1] == f"@{digest}"


def test_literal_ecr_image_uri_grants_pull_on_that_repository_only():
    # GIVEN an image of another account's ECR repository
    stack = _stack("eu-west-1")
    role = _grantee(stack)
    uri = "222222222222.dkr.ecr.eu-west-1.amazonaws.com/team/trainer:2.0"
    # WHEN it is bound
    spec = _render(TrainingAlgorithm.from_image_uri(uri), stack, role)
    # THEN the URI is used as given and pull is granted on that repository's ARN
    assert spec == {"TrainingImage": uri, "TrainingInputMode": "File"}
    statements = _ecr_statements(stack, role)
    pull = next(s for s in statements if "ecr:BatchGetImage" in s["Action"])
    assert pull["Resource"] == {
        "Fn::Join": [
            "",
            ["arn:", {"Ref": "AWS::Partition"}, ":ecr:eu-west-1:222222222222:repository/team/trainer"],
        ]
    }


def test_image_uri_of_sagemaker_registry_grants_nothing():
    stack = _stack("us-east-1")
    role = _grantee(stack)
    _render(
        TrainingAlgorithm.from_image_uri(
            "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
        ),
        stack,
        role,
    )
    assert _ecr_statements(stack, role) == []


def test_algorithm_name_renders_algorithm_name_and_no_image():
    stack = _stack()
    arn = "arn:aws:sagemaker:eu-west-1:123456789012:algorithm/my-algo"
    spec = _render(TrainingAlgorithm.from_algorithm_name(arn, input_mode=InputMode.FAST_FILE), stack)
    assert spec == {"AlgorithmName": arn, "TrainingInputMode": "FastFile"}


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: TrainingAlgorithm.from_algorithm_name(3), r"'algorithm_name' must be a string .*got 3"),
        (lambda: TrainingAlgorithm.from_image_uri(None), r"'image_uri' must be a string, got None"),
        (
            lambda: TrainingAlgorithm.from_image_uri("x", input_mode="File"),
            r"'input_mode' should be an InputMode \(FILE, PIPE, FAST_FILE\), got 'File'",
        ),
        (
            lambda: TrainingAlgorithm.builtin("xgboost"),
            r"'algorithm' must be a BuiltInAlgorithm, got 'xgboost'",
        ),
    ],
)
def test_bad_algorithm_props_are_rejected_with_the_field_and_value(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_algorithm_names_images_and_metrics_are_checked_against_the_model_naming_the_algorithm():
    from tests.samples import findings

    # GIVEN an algorithm name, then an image with metrics, that SageMaker's model refuses
    by_name = findings(training_props={"algorithm": TrainingAlgorithm.from_algorithm_name("bad name!")})
    metrics = [MetricDefinition(f"m{i}", "v=(.*)") for i in range(40)] + [MetricDefinition("loss", "")]
    by_image = findings(
        training_props={"algorithm": TrainingAlgorithm.from_image_uri("x" * 256, metric_definitions=metrics)}
    )
    # THEN the findings name the API field and the algorithm prop
    assert "AlgorithmSpecification.AlgorithmName (training.algorithm): 'bad name!' does not match" in by_name
    assert "AlgorithmSpecification.TrainingImage (training.algorithm): " in by_image
    assert "longer than the maximum of 255" in by_image
    assert (
        "AlgorithmSpecification.MetricDefinitions (training.algorithm): has 41 items, more than the maximum of 40"
        in by_image
    )
    assert "MetricDefinitions[40].Regex (training.algorithm): '' is 0 characters long" in by_image
