"""TuningStrategy renders the API's Strategy and StrategyConfig (through a typed job's request)."""

import pytest

from cdk_sagemaker_tuning import TuningJobValidationError
from cdk_sagemaker_tuning.typed.strategy import StrategyType, TuningStrategy
from tests.problems import raises_problem
from tests.samples import typed_request

CONFIG = "HyperParameterTuningJobConfig"


def strategy_fields(strategy: TuningStrategy, **props) -> dict:
    config = typed_request(strategy=strategy, **props)[CONFIG]
    return {key: config[key] for key in ("Strategy", "StrategyConfig") if key in config}


@pytest.mark.parametrize(
    ("strategy", "api_name"),
    [
        (TuningStrategy.bayesian(), "Bayesian"),
        (TuningStrategy.random(), "Random"),
    ],
)
def test_strategies_without_config_render_only_their_name(strategy, api_name):
    assert strategy_fields(strategy) == {"Strategy": api_name}


def test_hyperband_renders_its_strategy_config():
    # GIVEN / WHEN a Hyperband job
    fields = strategy_fields(TuningStrategy.hyperband(min_resource=1, max_resource=81))
    # THEN
    assert fields == {
        "Strategy": "Hyperband",
        "StrategyConfig": {"HyperbandStrategyConfig": {"MinResource": 1, "MaxResource": 81}},
    }


def test_hyperband_without_max_resource_or_epochs_is_reported_against_max_resource():
    # GIVEN Hyperband without max_resource, and no epochs static hyperparameter to infer it from
    with pytest.raises(TuningJobValidationError) as error:
        typed_request(strategy=TuningStrategy.hyperband())
    # THEN the finding names the prop to give
    assert "HyperbandStrategyConfig.MaxResource (strategy.max_resource): is missing" in str(error.value)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_resource": 2.5}, "'hyperband max_resource' must be an integer, got 2.5"),
        ({"min_resource": float("nan")}, "'hyperband min_resource' must be an integer, got nan"),
        ({"max_resource": True}, "'hyperband max_resource' must be an integer, got True"),
    ],
)
def test_hyperband_rejects_resources_that_are_not_integers(kwargs, message):
    with raises_problem("prop-type", message):
        TuningStrategy.hyperband(**kwargs)


def test_a_resource_below_the_models_minimum_is_reported_against_its_prop():
    # GIVEN min_resource 0 (botocore's model: HyperbandStrategyMinResource min 1)
    with pytest.raises(TuningJobValidationError) as error:
        typed_request(strategy=TuningStrategy.hyperband(min_resource=0, max_resource=9))
    # THEN the finding names the API field and the typed prop
    assert (
        f"{CONFIG}.StrategyConfig.HyperbandStrategyConfig.MinResource (strategy.min_resource): "
        "0 is less than the minimum of 1"
    ) in str(error.value)


def test_strategy_type_must_be_the_enum():
    with raises_problem("prop-type", "'strategy' must be a StrategyType, got 'Random'"):
        TuningStrategy("Random")  # type: ignore[arg-type]
    assert strategy_fields(TuningStrategy(StrategyType.RANDOM)) == {"Strategy": "Random"}
