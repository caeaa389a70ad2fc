"""The typed construct renders exactly the Request that from_request renders for the same job.

Each example declares the job twice in one stack, once typed and once from the raw JSON, and compares
the two custom resources' ``Request`` in the synthesized template (one synth for the whole module).
The first example is the AWS documentation's XGBoost tuning job ("Configure and Launch a
Hyperparameter Tuning Job", SageMaker Developer Guide: ``tuning_job_config`` and
``training_job_definition``), with the documentation's placeholders filled in.
"""

from __future__ import annotations

from typing import Any

import pytest
from aws_cdk import App, Duration, Environment, Size, Stack
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk.assertions import Template

from cdk_sagemaker_tuning import (
    AutoParameter,
    BuiltInAlgorithm,
    CategoricalParameter,
    CompressionType,
    ContinuousParameter,
    HyperParameterTuningJob,
    IntegerParameter,
    MetricDefinition,
    S3DataDistribution,
    S3DataType,
    TrainingAlgorithm,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningJobCompletionCriteria,
    TuningObjective,
    TuningStrategy,
    WarmStart,
)

# The documentation's placeholders, filled in.
DOC_BUCKET = "amzn-s3-demo-bucket"
DOC_PREFIX = "xgboost-tuning"
DOC_ROLE_ARN = "arn:aws:iam::111122223333:role/SageMakerTuningRole"
# What sagemaker.image_uris.retrieve("xgboost", "us-east-1", "1.0-1") returns.
DOC_TRAINING_IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.0-1-cpu-py3"
S3_INPUT_TRAIN = f"s3://{DOC_BUCKET}/{DOC_PREFIX}/train"
S3_INPUT_VALIDATION = f"s3://{DOC_BUCKET}/{DOC_PREFIX}/validation/"

# The documentation's tuning_job_config, as published (including its empty CategoricalParameterRanges).
DOC_TUNING_JOB_CONFIG: dict[str, Any] = {
    "ParameterRanges": {
        "CategoricalParameterRanges": [],
        "ContinuousParameterRanges": [
            {"MaxValue": "1", "MinValue": "0", "Name": "eta"},
            {"MaxValue": "2", "MinValue": "0", "Name": "alpha"},
            {"MaxValue": "10", "MinValue": "1", "Name": "min_child_weight"},
        ],
        "IntegerParameterRanges": [{"MaxValue": "10", "MinValue": "1", "Name": "max_depth"}],
    },
    "ResourceLimits": {"MaxNumberOfTrainingJobs": 20, "MaxParallelTrainingJobs": 3},
    "Strategy": "Bayesian",
    "HyperParameterTuningJobObjective": {"MetricName": "validation:auc", "Type": "Maximize"},
    "RandomSeed": 123,
}


def doc_channel(name: str, uri: str) -> dict[str, Any]:
    return {
        "ChannelName": name,
        "CompressionType": "None",
        "ContentType": "csv",
        "DataSource": {
            "S3DataSource": {
                "S3DataDistributionType": "FullyReplicated",
                "S3DataType": "S3Prefix",
                "S3Uri": uri,
            }
        },
    }


# The documentation's training_job_definition.
DOC_TRAINING_JOB_DEFINITION: dict[str, Any] = {
    "AlgorithmSpecification": {"TrainingImage": DOC_TRAINING_IMAGE, "TrainingInputMode": "File"},
    "InputDataConfig": [doc_channel("train", S3_INPUT_TRAIN), doc_channel("validation", S3_INPUT_VALIDATION)],
    "OutputDataConfig": {"S3OutputPath": f"s3://{DOC_BUCKET}/{DOC_PREFIX}/output"},
    "ResourceConfig": {"InstanceCount": 2, "InstanceType": "ml.c4.2xlarge", "VolumeSizeInGB": 10},
    "RoleArn": DOC_ROLE_ARN,
    "StaticHyperParameters": {
        "eval_metric": "auc",
        "num_round": "100",
        "objective": "binary:logistic",
        "rate_drop": "0.3",
        "tweedie_variance_power": "1.4",
    },
    "StoppingCondition": {"MaxRuntimeInSeconds": 43200},
}

DOC_WARM_START_PARENT = "MyParentTuningJob"


def doc_typed_props(stack: Stack, role: iam.IRole) -> dict[str, Any]:
    """The documentation's job in typed props."""

    def channel(name: str, uri: str) -> TrainingInput:
        return TrainingInput.from_s3_uri(
            uri,
            channel_name=name,
            content_type="csv",
            compression=CompressionType.NONE,
            s3_data_type=S3DataType.S3_PREFIX,
            distribution=S3DataDistribution.FULLY_REPLICATED,
        )

    bucket = s3.Bucket.from_bucket_name(stack, f"DocBucket{len(stack.node.children)}", DOC_BUCKET)
    return {
        "tuning_job_name": "MyTuningJob",
        "objective": TuningObjective.maximize("validation:auc"),
        "parameter_ranges": [
            ContinuousParameter("eta", 0, 1),
            ContinuousParameter("alpha", 0, 2),
            ContinuousParameter("min_child_weight", 1, 10),
            IntegerParameter("max_depth", 1, 10),
        ],
        "strategy": TuningStrategy.bayesian(),
        "max_training_jobs": 20,
        "max_parallel_training_jobs": 3,
        "random_seed": 123,
        "training": TrainingJobDefinition(
            algorithm=TrainingAlgorithm.from_image_uri(DOC_TRAINING_IMAGE),
            role=role,
            inputs=[channel("train", S3_INPUT_TRAIN), channel("validation", S3_INPUT_VALIDATION)],
            output=TrainingOutput(bucket, f"{DOC_PREFIX}/output"),
            instance_type="ml.c4.2xlarge",
            instance_count=2,
            volume_size=Size.gibibytes(10),
            static_hyperparameters={
                "eval_metric": "auc",
                "num_round": 100,
                "objective": "binary:logistic",
                "rate_drop": 0.3,
                "tweedie_variance_power": 1.4,
            },
            max_runtime=Duration.hours(12),
        ),
    }


#: The raw twin of a typed job with a fixed name has the name and this suffix: one app may not fix one name
#: for two jobs in one account and region (unique_names), so ``rendered`` takes it off before comparing.
RAW_SUFFIX = "-raw"


def build() -> tuple[Stack, dict[str, tuple[HyperParameterTuningJob, HyperParameterTuningJob]]]:
    stack = Stack(App(), "Equivalence", env=Environment(account="111122223333", region="us-east-1"))
    pairs: dict[str, tuple[HyperParameterTuningJob, HyperParameterTuningJob]] = {}
    doc_role = iam.Role.from_role_arn(stack, "DocRole", DOC_ROLE_ARN, mutable=False)

    # -- the AWS documentation's XGBoost example (Bayesian) --------------------------------------------
    doc_typed = HyperParameterTuningJob(stack, "DocTyped", **doc_typed_props(stack, doc_role))
    doc_raw = HyperParameterTuningJob.from_request(
        stack,
        "DocRaw",
        request={
            "HyperParameterTuningJobName": "MyTuningJob" + RAW_SUFFIX,
            "HyperParameterTuningJobConfig": DOC_TUNING_JOB_CONFIG,
            "TrainingJobDefinition": DOC_TRAINING_JOB_DEFINITION,
        },
    )
    pairs["doc"] = (doc_typed, doc_raw)

    # -- warm start: the documentation's warm_start_config, plus a parent job of this app --------------
    parent = HyperParameterTuningJob.from_tuning_job_name(stack, "DocParent", DOC_WARM_START_PARENT)
    warm_props = doc_typed_props(stack, doc_role)
    warm_props["tuning_job_name"] = "MyWarmStartJob"
    warm_typed = HyperParameterTuningJob(
        stack, "WarmTyped", warm_start=WarmStart.identical_data_and_algorithm(parent, doc_typed), **warm_props
    )
    warm_raw = HyperParameterTuningJob.from_request(
        stack,
        "WarmRaw",
        request={
            "HyperParameterTuningJobName": "MyWarmStartJob" + RAW_SUFFIX,
            "HyperParameterTuningJobConfig": DOC_TUNING_JOB_CONFIG,
            "TrainingJobDefinition": DOC_TRAINING_JOB_DEFINITION,
            "WarmStartConfig": {
                "ParentHyperParameterTuningJobs": [
                    {"HyperParameterTuningJobName": DOC_WARM_START_PARENT},
                    {"HyperParameterTuningJobName": doc_typed.tuning_job_name},
                ],
                "WarmStartType": "IdenticalDataAndAlgorithm",
            },
        },
    )
    pairs["warm_start"] = (warm_typed, warm_raw)

    # -- Hyperband over a custom container with metric definitions; role created by the typed job ----
    bucket = s3.Bucket(stack, "Data")
    repository = ecr.Repository(stack, "Trainer")
    metric = MetricDefinition("validation:loss", r"val_loss=([0-9\.]+)")
    hyperband_typed = HyperParameterTuningJob(
        stack,
        "HyperbandTyped",
        objective=TuningObjective.minimize("validation:loss"),
        parameter_ranges=[
            ContinuousParameter("learning_rate", 1e-5, 1e-1),
            IntegerParameter("hidden_units", 32, 512),
        ],
        strategy=TuningStrategy.hyperband(min_resource=1, max_resource=81),
        early_stopping=False,
        max_training_jobs=30,
        max_parallel_training_jobs=5,
        max_runtime=Duration.hours(6),
        completion_criteria=TuningJobCompletionCriteria(
            max_jobs_not_improving=10, complete_on_convergence=True
        ),
        training=TrainingJobDefinition(
            algorithm=TrainingAlgorithm.from_ecr_repository(repository, "1.0", metric_definitions=[metric]),
            inputs=[TrainingInput.from_bucket(bucket, "train/", channel_name="train")],
            output=TrainingOutput(bucket, "models/"),
            instance_type="ml.g5.xlarge",
            static_hyperparameters={"epochs": 81},
            max_runtime=Duration.hours(2),
        ),
    )
    hyperband_raw = HyperParameterTuningJob.from_request(
        stack,
        "HyperbandRaw",
        request={
            "HyperParameterTuningJobConfig": {
                "Strategy": "Hyperband",
                "StrategyConfig": {"HyperbandStrategyConfig": {"MinResource": 1, "MaxResource": 81}},
                "HyperParameterTuningJobObjective": {"Type": "Minimize", "MetricName": "validation:loss"},
                "ResourceLimits": {
                    "MaxNumberOfTrainingJobs": 30,
                    "MaxParallelTrainingJobs": 5,
                    "MaxRuntimeInSeconds": 21600,
                },
                "ParameterRanges": {
                    "ContinuousParameterRanges": [
                        {"Name": "learning_rate", "MinValue": "1e-05", "MaxValue": "0.1"}
                    ],
                    "IntegerParameterRanges": [{"Name": "hidden_units", "MinValue": "32", "MaxValue": "512"}],
                },
                "TrainingJobEarlyStoppingType": "Off",
                "TuningJobCompletionCriteria": {
                    "BestObjectiveNotImproving": {"MaxNumberOfTrainingJobsNotImproving": 10},
                    "ConvergenceDetected": {"CompleteOnConvergence": "Enabled"},
                },
            },
            "TrainingJobDefinition": {
                "AlgorithmSpecification": {
                    "TrainingImage": repository.repository_uri_for_tag("1.0"),
                    "TrainingInputMode": "File",
                    "MetricDefinitions": [{"Name": "validation:loss", "Regex": r"val_loss=([0-9\.]+)"}],
                },
                "RoleArn": hyperband_typed.role.role_arn,
                "StaticHyperParameters": {"epochs": "81"},
                "InputDataConfig": [
                    {
                        "ChannelName": "train",
                        "DataSource": {
                            "S3DataSource": {
                                "S3DataType": "S3Prefix",
                                "S3Uri": bucket.s3_url_for_object("train/"),
                            }
                        },
                    }
                ],
                "OutputDataConfig": {"S3OutputPath": bucket.s3_url_for_object("models/")},
                "ResourceConfig": {"InstanceType": "ml.g5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
                "StoppingCondition": {"MaxRuntimeInSeconds": 7200},
            },
        },
    )
    pairs["hyperband"] = (hyperband_typed, hyperband_raw)

    # -- Grid over categorical ranges with the built-in Linear Learner -------------------------------
    grid_typed = HyperParameterTuningJob(
        stack,
        "GridTyped",
        objective=TuningObjective.minimize("validation:objective_loss"),
        parameter_ranges=[
            CategoricalParameter("optimizer", ["sgd", "adam"]),
            CategoricalParameter("mini_batch_size", [100, 200, 500]),
            CategoricalParameter("use_bias", [True, False]),
        ],
        strategy=TuningStrategy.grid(),
        max_parallel_training_jobs=4,
        training=TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.LINEAR_LEARNER),
            inputs=[
                TrainingInput.from_bucket(bucket, "ll/train/", channel_name="train", content_type="text/csv"),
                TrainingInput.from_bucket(
                    bucket, "ll/validation/", channel_name="validation", content_type="text/csv"
                ),
            ],
            output=TrainingOutput(bucket, "ll/models/"),
            static_hyperparameters={"predictor_type": "binary_classifier", "feature_dim": 20},
        ),
    )
    grid_raw = HyperParameterTuningJob.from_request(
        stack,
        "GridRaw",
        request={
            "HyperParameterTuningJobConfig": {
                "Strategy": "Grid",
                "HyperParameterTuningJobObjective": {
                    "Type": "Minimize",
                    "MetricName": "validation:objective_loss",
                },
                "ResourceLimits": {"MaxParallelTrainingJobs": 4},
                "ParameterRanges": {
                    "CategoricalParameterRanges": [
                        {"Name": "optimizer", "Values": ["sgd", "adam"]},
                        {"Name": "mini_batch_size", "Values": ["100", "200", "500"]},
                        {"Name": "use_bias", "Values": ["true", "false"]},
                    ]
                },
            },
            "TrainingJobDefinition": {
                "AlgorithmSpecification": {
                    "TrainingImage": "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1",
                    "TrainingInputMode": "File",
                },
                "RoleArn": grid_typed.role.role_arn,
                "StaticHyperParameters": {"predictor_type": "binary_classifier", "feature_dim": "20"},
                "InputDataConfig": [
                    {
                        "ChannelName": channel,
                        "ContentType": "text/csv",
                        "DataSource": {
                            "S3DataSource": {
                                "S3DataType": "S3Prefix",
                                "S3Uri": bucket.s3_url_for_object(f"ll/{channel}/"),
                            }
                        },
                    }
                    for channel in ("train", "validation")
                ],
                "OutputDataConfig": {"S3OutputPath": bucket.s3_url_for_object("ll/models/")},
                "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
                "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
            },
        },
    )
    pairs["grid"] = (grid_typed, grid_raw)

    # -- multi-algorithm: XGBoost and Linear Learner, each with its own objective and ranges ---------
    def data(prefix: str) -> list[TrainingInput]:
        return [
            TrainingInput.from_bucket(
                bucket, f"{prefix}/train/", channel_name="train", content_type="text/csv"
            )
        ]

    multi_typed = HyperParameterTuningJob(
        stack,
        "MultiTyped",
        strategy=TuningStrategy.random(),
        max_training_jobs=40,
        max_parallel_training_jobs=4,
        random_seed=11,
        training_definitions=[
            TrainingJobDefinition(
                definition_name="xgboost",
                algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
                objective=TuningObjective.maximize("validation:auc"),
                parameter_ranges=[ContinuousParameter("eta", 0.1, 0.5), IntegerParameter("max_depth", 3, 10)],
                inputs=data("multi"),
                output=TrainingOutput(bucket, "multi/xgboost/"),
                static_hyperparameters={"objective": "binary:logistic", "num_round": 100},
            ),
            TrainingJobDefinition(
                definition_name="linear-learner",
                algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.LINEAR_LEARNER),
                objective=TuningObjective.maximize("validation:binary_f_beta"),
                parameter_ranges=[AutoParameter("learning_rate", value_hint="0.01")],
                inputs=data("multi"),
                output=TrainingOutput(bucket, "multi/linear/"),
                static_hyperparameters={"predictor_type": "binary_classifier"},
            ),
        ],
    )
    train_channel = {
        "ChannelName": "train",
        "ContentType": "text/csv",
        "DataSource": {
            "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": bucket.s3_url_for_object("multi/train/")}
        },
    }
    common = {
        "RoleArn": multi_typed.role.role_arn,
        "InputDataConfig": [train_channel],
        "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
        "StoppingCondition": {"MaxRuntimeInSeconds": 86400},
    }
    multi_raw = HyperParameterTuningJob.from_request(
        stack,
        "MultiRaw",
        request={
            "HyperParameterTuningJobConfig": {
                "Strategy": "Random",
                "ResourceLimits": {"MaxNumberOfTrainingJobs": 40, "MaxParallelTrainingJobs": 4},
                "RandomSeed": 11,
            },
            "TrainingJobDefinitions": [
                {
                    "DefinitionName": "xgboost",
                    "TuningObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
                    "HyperParameterRanges": {
                        "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "3", "MaxValue": "10"}],
                        "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.1", "MaxValue": "0.5"}],
                    },
                    "StaticHyperParameters": {"objective": "binary:logistic", "num_round": "100"},
                    "AlgorithmSpecification": {
                        "TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
                        "TrainingInputMode": "File",
                    },
                    "OutputDataConfig": {"S3OutputPath": bucket.s3_url_for_object("multi/xgboost/")},
                    **common,
                },
                {
                    "DefinitionName": "linear-learner",
                    "TuningObjective": {"Type": "Maximize", "MetricName": "validation:binary_f_beta"},
                    "HyperParameterRanges": {
                        "AutoParameters": [{"Name": "learning_rate", "ValueHint": "0.01"}]
                    },
                    "StaticHyperParameters": {"predictor_type": "binary_classifier"},
                    "AlgorithmSpecification": {
                        "TrainingImage": "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1",
                        "TrainingInputMode": "File",
                    },
                    "OutputDataConfig": {"S3OutputPath": bucket.s3_url_for_object("multi/linear/")},
                    **common,
                },
            ],
        },
    )
    pairs["multi"] = (multi_typed, multi_raw)
    return stack, pairs


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[Any, Any]]:
    stack, pairs = build()
    resources = Template.from_stack(stack).to_json()["Resources"]

    def request(job: HyperParameterTuningJob) -> Any:
        logical_id = stack.get_logical_id(job.node.find_child("Resource").node.default_child)
        return resources[logical_id]["Properties"]["Request"]

    def raw_request(job: HyperParameterTuningJob) -> Any:
        raw = request(job)
        if "HyperParameterTuningJobName" in raw:
            raw["HyperParameterTuningJobName"] = raw["HyperParameterTuningJobName"].removesuffix(RAW_SUFFIX)
        return raw

    return {name: (request(typed), raw_request(raw)) for name, (typed, raw) in pairs.items()}


def without_empty_lists(value: Any) -> Any:
    """The API treats an empty range list like an absent one; the typed API omits them."""
    if isinstance(value, dict):
        return {k: without_empty_lists(v) for k, v in value.items() if v != []}
    if isinstance(value, list):
        return [without_empty_lists(v) for v in value]
    return value


def test_documented_xgboost_example_renders_the_same_request(rendered):
    typed, raw = rendered["doc"]
    # THEN the typed job renders the documented JSON (its one empty list aside)
    assert typed == without_empty_lists(raw)
    # and that JSON is the documentation's, literally: no token, nothing lost on either side
    assert typed["TrainingJobDefinition"] == DOC_TRAINING_JOB_DEFINITION
    assert raw["HyperParameterTuningJobConfig"]["ParameterRanges"]["CategoricalParameterRanges"] == []


def test_warm_start_example_renders_the_same_request(rendered):
    typed, raw = rendered["warm_start"]
    assert typed == without_empty_lists(raw)
    parents = typed["WarmStartConfig"]["ParentHyperParameterTuningJobs"]
    # the imported parent by its literal name, the parent of this app by a reference to its resource
    assert parents[0] == {"HyperParameterTuningJobName": DOC_WARM_START_PARENT}
    assert set(parents[1]["HyperParameterTuningJobName"]) == {"Ref"}


@pytest.mark.parametrize("example", ["hyperband", "grid", "multi"])
def test_typed_examples_render_the_same_request_as_their_raw_json(rendered, example):
    typed, raw = rendered[example]
    assert typed == raw


def test_examples_differ_from_each_other(rendered):
    # Guard against a comparison that would pass because both sides render nothing useful.
    requests = [typed for typed, _ in rendered.values()]
    assert all(request["HyperParameterTuningJobConfig"]["ResourceLimits"] for request in requests)
    assert len({repr(request) for request in requests}) == len(requests)
