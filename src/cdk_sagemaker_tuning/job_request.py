"""Render the job-level typed props of a tuning job into a CreateHyperParameterTuningJob request.

Pure: the construct binds the training definitions (which needs a scope), then calls
:func:`render_tuning_request` and hands the result to the same code that ``from_request`` uses. Every
field is written with :class:`~.request_builder.RequestBuilder`, so the prop behind each API path comes
from the rendering itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from aws_cdk import Duration

from .completion import TuningJobCompletionCriteria
from .objective import TuningObjective
from .parameters import ParameterRange, render_parameter_ranges
from .prop_types import raise_for_type_errors, seconds, type_error
from .request_builder import RequestBuilder
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
    :raises ValueError: a prop of the wrong Python type, named with its value.
    """
    strategy = TuningStrategy.bayesian() if strategy is None else strategy
    raise_for_type_errors(
        type_error(
            "strategy",
            strategy,
            TuningStrategy,
            "TuningStrategy.bayesian(), .random(), .grid() or .hyperband(...)",
        ),
        type_error(
            "objective", objective, TuningObjective, "TuningObjective.maximize(...) or .minimize(...)"
        ),
        type_error("max_runtime", max_runtime, Duration, "Duration.hours(6)"),
        type_error("early_stopping", early_stopping, bool),
        type_error("completion_criteria", completion_criteria, TuningJobCompletionCriteria),
        type_error(
            "warm_start",
            warm_start,
            WarmStart,
            "WarmStart.transfer_learning(...) or .identical_data_and_algorithm(...)",
        ),
        type_error("autotune", autotune, bool),
    )

    builder = RequestBuilder()
    config = builder.at(CONFIG, "")
    strategy._render(config)
    config.put("HyperParameterTuningJobObjective", objective and objective._render(), "objective")
    # The API requires MaxParallelTrainingJobs; one at a time is the SageMaker Python SDK's default too.
    parallel = 1 if max_parallel_training_jobs is None else max_parallel_training_jobs
    config.put("ResourceLimits.MaxNumberOfTrainingJobs", max_training_jobs, "max_training_jobs")
    config.put("ResourceLimits.MaxParallelTrainingJobs", parallel, "max_parallel_training_jobs")
    config.put("ResourceLimits.MaxRuntimeInSeconds", seconds(max_runtime), "max_runtime")
    render_parameter_ranges(config.at("ParameterRanges", "parameter_ranges"), parameter_ranges)
    early = None if early_stopping is None else ("Auto" if early_stopping else "Off")
    config.put("TrainingJobEarlyStoppingType", early, "early_stopping")
    if completion_criteria is not None:
        completion_criteria._render(config.at("TuningJobCompletionCriteria", "completion_criteria"))
    config.put("RandomSeed", random_seed, "random_seed")
    builder.put("HyperParameterTuningJobName", tuning_job_name, "tuning_job_name")

    if multi:
        builder.put("TrainingJobDefinitions", [], "training_definitions")  # 1 to 10: the model's limit
        for index, (definition, names) in enumerate(definitions):
            builder.include(
                f"TrainingJobDefinitions[{index}]", definition, names, f"training_definitions[{index}]"
            )
    else:
        ((definition, names),) = definitions
        builder.include("TrainingJobDefinition", definition, names, "training")

    builder.put("WarmStartConfig", warm_start and warm_start._render(), "warm_start")
    builder.put("Autotune", {"Mode": "Enabled"} if autotune else None, "autotune")
    return builder.request, builder.prop_names
