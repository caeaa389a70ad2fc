"""Assemble the typed props of a tuning job into a CreateHyperParameterTuningJob request.

Pure functions: the construct binds the training definitions (which needs a scope), then calls
:func:`render_tuning_request` and hands the result to the same renderer ``from_request`` uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from aws_cdk import Duration

from .completion import TuningJobCompletionCriteria
from .objective import TuningObjective
from .parameters import ParameterRange, parameter_range_prop_names, render_parameter_ranges
from .strategy import TuningStrategy
from .warm_start import WarmStart

CONFIG = "HyperParameterTuningJobConfig"


def render_tuning_request(
    *,
    objective: TuningObjective | None,
    parameter_ranges: Sequence[ParameterRange] | None,
    strategy: TuningStrategy | None,
    max_training_jobs: int | None,
    max_parallel_training_jobs: int | None,
    max_runtime: Duration | None,
    early_stopping: bool | None,
    completion_criteria: TuningJobCompletionCriteria | None,
    random_seed: int | None,
    autotune: bool | None,
    warm_start: WarmStart | None,
    tuning_job_name: str | None,
    definitions: Sequence[tuple[Mapping[str, Any], Mapping[str, str]]],
    multi: bool,
) -> tuple[dict[str, Any], dict[str, str]]:
    """The request and, for messages, the typed prop behind each API path.

    :param definitions: each bound training definition's ``(request, prop_names)``, paths relative to the
        definition.
    :param multi: render ``TrainingJobDefinitions`` (a list) rather than ``TrainingJobDefinition``.
    """
    # Every job-level field names its prop even when the prop is unset, so that a finding such as a
    # missing objective points at the prop to give.
    names: dict[str, str] = {
        f"{CONFIG}.Strategy": "strategy",
        f"{CONFIG}.StrategyConfig": "strategy",
        f"{CONFIG}.HyperParameterTuningJobObjective": "objective",
        f"{CONFIG}.ParameterRanges": "parameter_ranges",
        f"{CONFIG}.ResourceLimits.MaxNumberOfTrainingJobs": "max_training_jobs",
        f"{CONFIG}.ResourceLimits.MaxParallelTrainingJobs": "max_parallel_training_jobs",
        f"{CONFIG}.ResourceLimits.MaxRuntimeInSeconds": "max_runtime",
        f"{CONFIG}.TrainingJobEarlyStoppingType": "early_stopping",
        f"{CONFIG}.TuningJobCompletionCriteria": "completion_criteria",
        f"{CONFIG}.RandomSeed": "random_seed",
        "HyperParameterTuningJobName": "tuning_job_name",
        "WarmStartConfig": "warm_start",
        "Autotune": "autotune",
    }
    config: dict[str, Any] = {}

    strategy = strategy if strategy is not None else TuningStrategy.bayesian()
    if not isinstance(strategy, TuningStrategy):
        raise ValueError(
            f"'strategy' must be a TuningStrategy (TuningStrategy.bayesian(), .random(), .grid() or "
            f".hyperband(...)), got {strategy!r}"
        )
    config["Strategy"], strategy_config = strategy._render()
    if strategy_config is not None:
        config["StrategyConfig"] = strategy_config
        names[f"{CONFIG}.StrategyConfig.HyperbandStrategyConfig.MinResource"] = "strategy.min_resource"
        names[f"{CONFIG}.StrategyConfig.HyperbandStrategyConfig.MaxResource"] = "strategy.max_resource"

    if objective is not None:
        if not isinstance(objective, TuningObjective):
            raise ValueError(
                f"'objective' must be a TuningObjective (TuningObjective.maximize(...) or .minimize(...)), "
                f"got {objective!r}"
            )
        config["HyperParameterTuningJobObjective"] = objective._render()

    limits: dict[str, Any] = {}
    if max_training_jobs is not None:
        limits["MaxNumberOfTrainingJobs"] = max_training_jobs
    # The API requires it; one at a time is the SageMaker Python SDK's default too.
    limits["MaxParallelTrainingJobs"] = (
        max_parallel_training_jobs if max_parallel_training_jobs is not None else 1
    )
    if max_runtime is not None:
        if not isinstance(max_runtime, Duration):
            raise ValueError(f"'max_runtime' must be a Duration (Duration.hours(6)), got {max_runtime!r}")
        seconds = max_runtime.to_seconds()
        # jsii may hand back whole numbers as floats; the API wants an integer (tokens stay as they are).
        limits["MaxRuntimeInSeconds"] = (
            int(seconds) if float(seconds).is_integer() and abs(seconds) < 2**53 else seconds
        )
    config["ResourceLimits"] = limits

    if parameter_ranges is not None:
        config["ParameterRanges"] = render_parameter_ranges(parameter_ranges)
        names.update(
            parameter_range_prop_names(parameter_ranges, f"{CONFIG}.ParameterRanges", "parameter_ranges")
        )

    if early_stopping is not None:
        if not isinstance(early_stopping, bool):
            raise ValueError(f"'early_stopping' must be True or False, got {early_stopping!r}")
        config["TrainingJobEarlyStoppingType"] = "Auto" if early_stopping else "Off"

    if completion_criteria is not None:
        if not isinstance(completion_criteria, TuningJobCompletionCriteria):
            raise ValueError(
                f"'completion_criteria' must be a TuningJobCompletionCriteria, got {completion_criteria!r}"
            )
        config["TuningJobCompletionCriteria"] = completion_criteria._render()
        names.update(
            completion_criteria._prop_names(f"{CONFIG}.TuningJobCompletionCriteria", "completion_criteria")
        )

    if random_seed is not None:
        config["RandomSeed"] = random_seed

    request: dict[str, Any] = {CONFIG: config}
    if tuning_job_name is not None:
        request["HyperParameterTuningJobName"] = tuning_job_name

    if multi:
        request["TrainingJobDefinitions"] = []
        for index, (definition, definition_names) in enumerate(definitions):
            request["TrainingJobDefinitions"].append(dict(definition))
            names.update(
                _prefixed(
                    definition_names, f"TrainingJobDefinitions[{index}]", f"training_definitions[{index}]"
                )
            )
    else:
        ((definition, definition_names),) = definitions
        request["TrainingJobDefinition"] = dict(definition)
        names.update(_prefixed(definition_names, "TrainingJobDefinition", "training"))

    if warm_start is not None:
        if not isinstance(warm_start, WarmStart):
            raise ValueError(
                f"'warm_start' must be a WarmStart (WarmStart.transfer_learning(...) or "
                f".identical_data_and_algorithm(...)), got {warm_start!r}"
            )
        request["WarmStartConfig"] = warm_start._render()

    if autotune is not None:
        if not isinstance(autotune, bool):
            raise ValueError(f"'autotune' must be True or False, got {autotune!r}")
        if autotune:
            request["Autotune"] = {"Mode": "Enabled"}

    return request, names


def _prefixed(names: Mapping[str, str], api_prefix: str, prop_prefix: str) -> dict[str, str]:
    prefixed = {api_prefix: prop_prefix}
    for api_path, prop in names.items():
        prefixed[f"{api_prefix}.{api_path}"] = f"{prop_prefix}.{prop}"
    return prefixed
