"""Every built-in algorithm the SageMaker Python SDK publishes images for, and the objective metrics each
one emits: an objective the algorithm does not emit fails at synth, listing those it does.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from aws_cdk import App, Environment, Stack
from aws_cdk import aws_s3 as s3

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    HyperParameterTuningJob,
    TrainingAlgorithm,
    TrainingJobDefinition,
    TrainingOutput,
    TuningJobValidationError,
    TuningObjective,
)
from cdk_sagemaker_tuning._data import builtin_images
from cdk_sagemaker_tuning._data.builtin_algorithms import BUILT_IN_REPOSITORIES, TUNING_METRICS
from cdk_sagemaker_tuning._data.builtin_specs import SPECS
from cdk_sagemaker_tuning._data.image_registries import REGISTRIES
from tests.samples import findings, typed_request, valid_hyperparameters
from tests.test_tuning_job_from_request import minimal_request

ROLE_ARN = "arn:aws:iam::123456789012:role/training"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "generate_image_registries.py"


def _job(stack: Stack, id: str, algorithm: BuiltInAlgorithm, metric: str) -> HyperParameterTuningJob:
    """A job the algorithm accepts: its required hyperparameters given, one it declares tuned."""
    static, tuned = valid_hyperparameters(REGISTRIES[algorithm.value].repository)
    return HyperParameterTuningJob(
        stack,
        id,
        objective=TuningObjective.maximize(metric),
        parameter_ranges=[tuned],
        max_training_jobs=2,
        training=TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(algorithm),
            output=TrainingOutput(s3.Bucket.from_bucket_name(stack, f"{id}Out", "out")),
            static_hyperparameters=static,
        ),
    )


def test_every_algorithm_of_the_generated_registry_is_a_member_and_has_its_metrics_entry():
    # THEN the enum and the generated data name the same algorithms
    assert {member.value for member in BuiltInAlgorithm} == set(REGISTRIES)
    assert len(BuiltInAlgorithm) == 17
    # AND every repository is recognised by the validation, with documented metrics or a documented none
    for registry in REGISTRIES.values():
        assert registry.repository in BUILT_IN_REPOSITORIES
    assert [repository for repository, metrics in TUNING_METRICS.items() if metrics is None] == ["pca"]
    # AND each list cites its developer guide page
    for metrics in filter(None, TUNING_METRICS.values()):
        assert metrics.source.startswith("https://docs.aws.amazon.com/sagemaker/latest/dg/")
        assert metrics.source.endswith("-tuning.html")


def test_xgboost_with_a_metric_it_does_not_emit_fails_at_synth_with_the_list_of_its_metrics():
    # WHEN a typed XGBoost job optimizes a metric XGBoost does not emit
    message = findings(objective=TuningObjective.maximize("validation:accuracy_score"))
    # THEN synth fails, naming the objective, the value and every metric XGBoost emits, with the page
    assert "HyperParameterTuningJobObjective.MetricName (objective)" in message
    assert (
        "'validation:accuracy_score' is not a metric of the built-in algorithm 'sagemaker-xgboost'" in message
    )
    assert ", ".join(sorted(SPECS["sagemaker-xgboost"].metrics)) in message  # every one, by name
    assert "validation:rmse" in message
    assert "https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost-tuning.html" in message


def test_xgboost_metrics_its_container_registers_beyond_its_page_are_accepted():
    # GIVEN metrics the XGBoost container registers that its tuning page does not list
    for metric in ("validation:aucpr", "validation:f1_binary", "validation:r2"):
        # WHEN / THEN a job optimizing them is declared
        typed_request(objective=TuningObjective.maximize(metric))


def test_a_raw_request_naming_a_built_in_image_is_checked_the_same_way():
    # GIVEN a raw request for Linear Learner that optimizes an XGBoost metric
    request = minimal_request(ROLE_ARN)
    request["TrainingJobDefinition"]["AlgorithmSpecification"]["TrainingImage"] = (
        "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1"
    )
    # WHEN / THEN it fails at synth with Linear Learner's metrics
    with pytest.raises(TuningJobValidationError, match=r"'linear-learner', which emits test:absolute_loss"):
        HyperParameterTuningJob.from_request(Stack(App(), "Raw"), "Job", request=request)


def test_a_custom_metric_definition_is_not_checked_against_the_built_in_list():
    # GIVEN XGBoost in framework mode, with the metric defined by a regex (the image runs a script)
    request = minimal_request(ROLE_ARN)
    objective = request["HyperParameterTuningJobConfig"]["HyperParameterTuningJobObjective"]
    objective["MetricName"] = "validation:accuracy_score"
    request["TrainingJobDefinition"]["AlgorithmSpecification"]["MetricDefinitions"] = [
        {"Name": "validation:accuracy_score", "Regex": "accuracy_score=([0-9.]+)"}
    ]
    # WHEN / THEN the job is declared: the objective is one of its own definitions
    HyperParameterTuningJob.from_request(Stack(App(), "Framework"), "Job", request=request)


@pytest.mark.parametrize(
    "algorithm", [a for a in BuiltInAlgorithm if TUNING_METRICS[REGISTRIES[a.value].repository]]
)
def test_every_algorithm_renders_in_us_east_1_with_each_documented_metric(algorithm: BuiltInAlgorithm):
    stack = Stack(App(), "Algorithm", env=Environment(account="123456789012", region="us-east-1"))
    registry = REGISTRIES[algorithm.value]
    metrics = TUNING_METRICS[registry.repository]
    assert metrics is not None
    # WHEN a job of the algorithm optimizes each of its documented metrics
    for index, metric in enumerate(metrics.metrics):
        job = _job(stack, f"Job{index}", algorithm, metric)
        # THEN it renders the algorithm's image of the region
        image = stack.resolve(job.request)["TrainingJobDefinition"]["AlgorithmSpecification"]["TrainingImage"]
        account = registry.accounts["us-east-1"]
        assert (
            image == f"{account}.dkr.ecr.us-east-1.amazonaws.com/{registry.repository}:{registry.versions[0]}"
        )


def test_the_region_mapping_is_filled_once_per_algorithm_and_stack(monkeypatch: pytest.MonkeyPatch):
    # GIVEN a region-agnostic stack, counting the values written into the shared mapping
    written: list[tuple[str, str]] = []
    original = builtin_images._RegistryMapping.set_value

    def counting(self: Any, key1: str, key2: str, value: Any) -> None:
        written.append((key1, key2))
        original(self, key1, key2, value)

    monkeypatch.setattr(builtin_images._RegistryMapping, "set_value", counting)
    stack = Stack(App(), "Agnostic")
    # WHEN three jobs use XGBoost
    for index in range(3):
        _job(stack, f"Job{index}", BuiltInAlgorithm.XGBOOST, "validation:auc")
    # THEN XGBoost's accounts were written once, one value per region
    assert len(written) == len(REGISTRIES["xgboost"].accounts)
    assert len(set(written)) == len(written)


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("generate_image_registries", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generator_orders_versions_default_first_and_shares_account_sets():
    # GIVEN the SDK's two file shapes: per-scope versions (XGBoost) and one version for every scope
    generator = _generator()
    accounts = {"us-east-1": "111111111111", "eu-west-1": "222222222222"}
    xgboost = {
        "training": {
            "versions": {
                version: {"repository": "sagemaker-xgboost", "registries": accounts}
                for version in ("0.90-1", "1.7-1", "3.2-0")
            }
            | {"1": {"repository": "xgboost", "registries": {"us-east-1": "333333333333"}}}
        }
    }
    kmeans = {
        "scope": ["inference", "training"],
        "versions": {"1": {"repository": "kmeans", "registries": accounts}},
    }
    # WHEN the module is rendered and executed
    source = generator.render(
        "0" * 40, "src/sagemaker/image_uri_config", {"xgboost": xgboost, "kmeans": kmeans}
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, "generated", "exec"), namespace)
    registries = namespace["REGISTRIES"]
    # THEN the pinned default comes first, the legacy repository is left out, and the commit is cited
    assert registries["xgboost"].versions == ("1.7-1", "3.2-0", "0.90-1")
    assert registries["xgboost"].repository == "sagemaker-xgboost"
    assert dict(registries["kmeans"].accounts) == {"eu-west-1": "222222222222", "us-east-1": "111111111111"}
    assert "at commit " + "0" * 40 in source
    # AND one account set is written once for both algorithms
    assert source.count('"us-east-1": "111111111111"') == 1
