"""How a tuning job chooses hyperparameter values: ``TuningStrategy.bayesian()``, ``.hyperband(...)``."""

from __future__ import annotations

from enum import Enum
from typing import Any

from .._core import checks
from .prop_types import integer_error, raise_for_type_errors
from .request_builder import RequestBuilder


class StrategyType(Enum):
    """The API's ``HyperParameterTuningJobStrategyType``."""

    BAYESIAN = "Bayesian"
    RANDOM = "Random"
    HYPERBAND = "Hyperband"
    GRID = "Grid"


class TuningStrategy:
    """The search strategy of a tuning job (``Strategy`` and ``StrategyConfig``).

    ::

        TuningStrategy.bayesian()   # the default
        TuningStrategy.random()
        TuningStrategy.grid()       # categorical ranges only; the number of jobs follows from them
        TuningStrategy.hyperband(min_resource=1, max_resource=81)
    """

    def __init__(self, strategy_type: StrategyType, strategy_config: dict[str, Any] | None = None) -> None:
        if not isinstance(strategy_type, StrategyType):
            raise checks.PROP_TYPE.error(f"'strategy' must be a StrategyType, got {strategy_type!r}")
        self.strategy_type = strategy_type
        self._strategy_config = strategy_config

    @classmethod
    def bayesian(cls) -> TuningStrategy:
        """Bayesian optimisation: each new training job's values are chosen from the results so far."""
        return cls(StrategyType.BAYESIAN)

    @classmethod
    def random(cls) -> TuningStrategy:
        """Random search: values are drawn independently, so every job may run in parallel."""
        return cls(StrategyType.RANDOM)

    @classmethod
    def grid(cls) -> TuningStrategy:
        """Grid search over every combination of the categorical ranges.

        SageMaker derives the number of training jobs from the grid: leave ``max_training_jobs`` unset.
        """
        return cls(StrategyType.GRID)

    @classmethod
    def hyperband(cls, *, min_resource: int | None = None, max_resource: int | None = None) -> TuningStrategy:
        """Hyperband: stops under-performing training jobs early and gives their resources to the others.

        The training algorithm must report the objective metric at every epoch (the resource).

        :param min_resource: the number of epochs a training job runs at least before it may be stopped.
            :default: - chosen by SageMaker
        :param max_resource: the largest number of epochs a training job may run; for built-in algorithms
            SageMaker reads it from the epochs hyperparameter.
            :default: - chosen by SageMaker
        """
        raise_for_type_errors(
            integer_error("hyperband min_resource", min_resource),
            integer_error("hyperband max_resource", max_resource),
        )
        config: dict[str, Any] = {}
        if min_resource is not None:
            config["MinResource"] = min_resource
        if max_resource is not None:
            config["MaxResource"] = max_resource
        return cls(StrategyType.HYPERBAND, {"HyperbandStrategyConfig": config})

    def _render(self, builder: RequestBuilder) -> None:
        """Write ``Strategy`` and ``StrategyConfig`` into the job config's builder."""
        builder.put("Strategy", self.strategy_type.value, "strategy")
        if self._strategy_config is None:
            return
        builder.put("StrategyConfig", {"HyperbandStrategyConfig": {}}, "strategy")
        hyperband = self._strategy_config["HyperbandStrategyConfig"]
        for api_name, prop in (("MinResource", "min_resource"), ("MaxResource", "max_resource")):
            path = f"StrategyConfig.HyperbandStrategyConfig.{api_name}"
            builder.put(path, hyperband.get(api_name), f"strategy.{prop}")

    def __repr__(self) -> str:
        return f"TuningStrategy({self.strategy_type.value}, {self._strategy_config!r})"
