"""The built-in algorithms' specifications are generated data: each entry names its source, and rendering
the data again gives the same files (``scripts/generate_builtin_specs.py``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from cdk_sagemaker_tuning._data.builtin_algorithms import BUILT_IN_REPOSITORIES, TUNING_METRICS
from cdk_sagemaker_tuning._data.builtin_specs import SOURCES, SPECS
from cdk_sagemaker_tuning._data.builtin_specs.types import KINDS

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "generate_builtin_specs.py"
PACKAGE = Path(__file__).resolve().parents[2] / "src" / "cdk_sagemaker_tuning" / "_data" / "builtin_specs"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("generate_builtin_specs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rendering_the_data_again_gives_the_same_files() -> None:
    # GIVEN the generator and the data it wrote
    generator = _generator()
    # WHEN it renders that data again, formatted as the script writes it
    files = generator.formatted(generator.render(dict(SOURCES), generator.from_module(SPECS)))
    # THEN every generated file is the same, and no other file is in the package
    for name, text in files.items():
        assert (PACKAGE / name).read_text() == text, name
    assert {path.name for path in PACKAGE.glob("*.py")} == {*files, "types.py"}


def test_every_entry_names_its_source_and_every_source_its_commit() -> None:
    for key, source in SOURCES.items():
        assert " at " in source and len(source.split(" at ")[1].split(",")[0]) == 40, key
    for repository, spec in SPECS.items():
        assert spec.hyperparameters_page, repository
        for name, hyperparameter in spec.hyperparameters.items():
            assert hyperparameter.kind in KINDS, (repository, name)
            files = hyperparameter.source.split()
            assert files and all(f.split(":")[0] in SOURCES for f in files), (repository, name)
        for name, metric in spec.metrics.items():
            assert metric.direction in ("Maximize", "Minimize"), (repository, name)
            assert metric.source.split(":")[0] in SOURCES, (repository, name)


def test_the_specifications_cover_every_built_in_algorithm_and_its_tuning_metrics() -> None:
    # THEN each repository the validation knows has its specification (the legacy XGBoost and the Neo
    # image classification repositories excepted: they have images of their own)
    assert set(SPECS) == BUILT_IN_REPOSITORIES - {"xgboost", "image-classification-neo"}
    # AND the legacy repositories are checked against their successors' metrics (the rest derive from SPECS)
    assert TUNING_METRICS["xgboost"] == TUNING_METRICS["sagemaker-xgboost"]
    assert TUNING_METRICS["image-classification-neo"] == TUNING_METRICS["image-classification"]


def test_the_issue_s_facts_are_in_the_data() -> None:
    xgboost, kmeans = SPECS["sagemaker-xgboost"], SPECS["kmeans"]
    assert xgboost.hyperparameters["num_round"].required
    assert (xgboost.hyperparameters["eta"].minimum, xgboost.hyperparameters["eta"].maximum) == (0, 1)
    assert xgboost.metrics["validation:auc"].direction == "Maximize"
    assert xgboost.aliases["learning_rate"] == "eta"
    assert kmeans.hyperparameters["k"].required and kmeans.hyperparameters["feature_dim"].required
    assert xgboost.closed and kmeans.closed and not SPECS["blazingtext"].closed


# -- the readers, on small inputs in the shape of the real files ---------------------------------------


def test_the_sdk_s_validators_become_bounds_and_values() -> None:
    source = """
class KMeans(AmazonAlgorithmEstimatorBase):
    k: hp = hp("k", gt(1), "An integer greater-than 1", int)
    tol: hp = hp("local_lloyd_tol", (ge(0), le(1)), "An float in [0, 1]", float)
    init_method: hp = hp("init_method", isin("random", "kmeans++"), "One of", str)
    eval_metrics: hp = hp(name="eval_metrics", validation_message="A list", data_type=list)
"""
    found = _generator().sdk_hyperparameters(source, "sdk:kmeans.py")
    assert found["k"][:4] == ("integer", False, 1, True)
    assert found["local_lloyd_tol"][:6] == ("continuous", False, 0, False, 1, False)
    assert found["init_method"].values == ("random", "kmeans++")
    assert found["eval_metrics"].kind == "list"


def test_the_container_s_declarations_become_bounds_values_and_aliases() -> None:
    source = """
def initialize(metrics):
    @hpv.range_validator(["auto", "exact"])
    def tree_method_range_validator(CATEGORIES, value):
        return value in CATEGORIES

    hyperparameters = hpv.Hyperparameters(
        hpv.IntegerHyperparameter(name="num_round", required=True, range=hpv.Interval(min_closed=1)),
        hpv.ContinuousHyperparameter(name="subsample", range=hpv.Interval(min_open=0, max_closed=1), required=False),
        hpv.IntegerHyperparameter(name="seed", range=hpv.Interval(min_open=-(2**31), max_open=2**31 - 1), required=False),
        hpv.CategoricalHyperparameter(name="tree_method", range=tree_method_range_validator, required=False),
    )
    hyperparameters.declare_alias("eta", "learning_rate")
"""
    found, aliases = _generator().xgboost_hyperparameters(source, "xgboost:hpv.py")
    assert found["num_round"].required and found["num_round"].minimum == 1
    assert found["subsample"][2:6] == (0, True, 1, False)
    assert (found["seed"].minimum, found["seed"].maximum) == (-(2**31), 2**31 - 1)
    assert found["tree_method"].values == ("auto", "exact")
    assert aliases == {"learning_rate": "eta"}


@pytest.mark.parametrize(
    ("row", "required"),
    [
        ("| k |  The number of required clusters\\. **Required** Valid values: Positive integer  | ", True),
        (
            "| num\\_classes | Number of classes\\. **Required** when `predictor_type` is `multiclass_classifier`\\. | ",
            False,
        ),
        ("| epochs | Passes\\. **Optional** Valid values: Positive integer Default value: 1  | ", False),
    ],
)
def test_a_page_s_table_gives_names_and_unconditional_required_flags(row: str, required: bool) -> None:
    markdown = "| Parameter Name | Description | \n| --- | --- | \n" + row
    [(name, flag)] = _generator().page_hyperparameters(markdown).items()
    assert "\\" not in name and flag is required


def test_a_tuning_page_s_table_gives_metrics_and_directions() -> None:
    markdown = (
        "| Metric Name | Description | Optimization Direction | \n| --- | --- | --- | \n"
        "| test:msd | Mean squared distances\\. | Minimize | \n"
        "| validation:accuracy | Accuracy\\. | Maximize | \n"
    )
    assert _generator().page_metrics(markdown) == {"test:msd": "Minimize", "validation:accuracy": "Maximize"}
