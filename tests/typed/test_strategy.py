"""TuningStrategy renders the API's Strategy and StrategyConfig."""

import pytest

from cdk_sagemaker_tuning.strategy import StrategyType, TuningStrategy


@pytest.mark.parametrize(
    ("strategy", "api_name"),
    [
        (TuningStrategy.bayesian(), "Bayesian"),
        (TuningStrategy.random(), "Random"),
        (TuningStrategy.grid(), "Grid"),
    ],
)
def test_strategies_without_config_render_only_their_name(strategy, api_name):
    assert strategy._render() == (api_name, None)


def test_hyperband_renders_its_strategy_config():
    # GIVEN / WHEN
    strategy = TuningStrategy.hyperband(min_resource=1, max_resource=81)
    # THEN
    assert strategy._render() == (
        "Hyperband",
        {"HyperbandStrategyConfig": {"MinResource": 1, "MaxResource": 81}},
    )


def test_hyperband_without_resources_renders_an_empty_config():
    assert TuningStrategy.hyperband()._render() == ("Hyperband", {"HyperbandStrategyConfig": {}})


def test_rendering_returns_a_copy():
    strategy = TuningStrategy.hyperband(max_resource=9)
    _, config = strategy._render()
    config["HyperbandStrategyConfig"] = "changed"
    assert strategy._render()[1] == {"HyperbandStrategyConfig": {"MaxResource": 9}}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_resource": 0}, "'hyperband min_resource' must be an integer of at least 1, got 0"),
        ({"max_resource": 2.5}, "'hyperband max_resource' must be an integer of at least 1, got 2.5"),
        (
            {"min_resource": float("nan")},
            "'hyperband min_resource' must be an integer of at least 1, got nan",
        ),
        ({"max_resource": True}, "'hyperband max_resource' must be an integer of at least 1, got True"),
        (
            {"min_resource": 10, "max_resource": 3},
            r"hyperband 'min_resource' \(10\) must not be greater than 'max_resource' \(3\)",
        ),
    ],
)
def test_hyperband_rejects_bad_resources(kwargs, message):
    with pytest.raises(ValueError, match=message):
        TuningStrategy.hyperband(**kwargs)


def test_strategy_type_must_be_the_enum():
    with pytest.raises(ValueError, match="'strategy' must be a StrategyType, got 'Random'"):
        TuningStrategy("Random")  # type: ignore[arg-type]
    assert TuningStrategy(StrategyType.RANDOM)._render() == ("Random", None)
