"""The job-level settings of a tuning job (``HyperParameterTuningJobConfig`` and its neighbours), declared once.

``TuningJobOptions`` is the keyword group that ``HyperParameterTuningJob`` and the Step Functions task both
accept flat (``**options: Unpack[...]``, PEP 692); ``JobSettings`` is its frozen value object, which owns the
Python type checks and the rendering. Every field is written with :class:`~.request_builder.RequestBuilder`,
so the prop behind each API path comes from the rendering itself. A new job-level field is one line in
``TuningJobOptions`` (with its ``:param:``) and one render line in :meth:`JobSettings.render`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypedDict

from aws_cdk import Duration

from .completion import TuningJobCompletionCriteria
from .objective import TuningObjective
from .parameters import ParameterRange, render_parameter_ranges
from .prop_types import raise_for_type_errors, seconds, type_error
from .request_builder import RequestBuilder
from .strategy import TuningStrategy
from .warm_start import WarmStart

CONFIG = "HyperParameterTuningJobConfig"


class TuningJobOptions(TypedDict, total=False):
    """The job-level props of a typed tuning job, shared by ``HyperParameterTuningJob`` and the task.

    :param objective: the metric to maximise or minimise. For multi-algorithm jobs, give each
        definition its own ``objective`` instead.
        :default: - none at the job level (each training definition's objective applies)
    :param parameter_ranges: the hyperparameters to search. For multi-algorithm jobs, give each
        definition its own ``parameter_ranges`` instead.
        :default: - none at the job level (each training definition's ranges apply)
    :param strategy: how values are chosen.
        :default: TuningStrategy.bayesian()
    :param max_training_jobs: the most training jobs the tuning job launches; leave unset with
        ``TuningStrategy.grid()``, which derives it from the grid.
        :default: - not set
    :param max_parallel_training_jobs: the most training jobs running at the same time.
        :default: 1
    :param max_runtime: the longest the tuning job may run (2 minutes to 182.5 days).
        :default: - SageMaker's limit
    :param early_stopping: let SageMaker stop training jobs that are unlikely to beat the best one
        (``TrainingJobEarlyStoppingType`` ``Auto`` / ``Off``).
        :default: - not set (SageMaker's default, ``Off``)
    :param completion_criteria: stop the tuning job once good enough or no longer improving.
        :default: - runs until ``max_training_jobs`` or ``max_runtime``
    :param random_seed: seed for the hyperparameter choices, for reproducible searches.
        :default: - not set
    :param autotune: let SageMaker choose ranges, strategy, limits and early stopping
        (``Autotune.Mode`` ``Enabled``); combine with ``AutoParameter`` ranges.
        :default: false
    :param warm_start: seed the search with the results of 1 to 5 earlier tuning jobs.
        :default: - no warm start
    """

    objective: TuningObjective | None
    parameter_ranges: Sequence[ParameterRange] | None
    strategy: TuningStrategy | None
    max_training_jobs: int | None
    max_parallel_training_jobs: int | None
    max_runtime: Duration | None
    early_stopping: bool | None
    completion_criteria: TuningJobCompletionCriteria | None
    random_seed: int | None
    autotune: bool | None
    warm_start: WarmStart | None


@dataclass(frozen=True)
class JobSettings:
    """The job-level settings as one value: checked when created, rendered by :meth:`render`.

    :param options: the ``TuningJobOptions`` as given.
    :param tuning_job_name: the job's name (``HyperParameterTuningJobName``).
        :default: - generated at deploy time (the construct) or required (the task)
    :raises TuningJobValidationError: a prop of the wrong Python type, named with its value (``prop-type``).
    """

    options: TuningJobOptions = field(default_factory=lambda: TuningJobOptions())
    tuning_job_name: str | None = None

    def __post_init__(self) -> None:
        get = self.options.get
        raise_for_type_errors(
            type_error(
                "strategy",
                get("strategy"),
                TuningStrategy,
                "TuningStrategy.bayesian(), .random(), .grid() or .hyperband(...)",
            ),
            type_error(
                "objective",
                get("objective"),
                TuningObjective,
                "TuningObjective.maximize(...) or .minimize(...)",
            ),
            type_error("max_runtime", get("max_runtime"), Duration, "Duration.hours(6)"),
            type_error("early_stopping", get("early_stopping"), bool),
            type_error("completion_criteria", get("completion_criteria"), TuningJobCompletionCriteria),
            type_error(
                "warm_start",
                get("warm_start"),
                WarmStart,
                "WarmStart.transfer_learning(...) or .identical_data_and_algorithm(...)",
            ),
            type_error("autotune", get("autotune"), bool),
        )

    def render(
        self, definitions: Sequence[tuple[Mapping[str, Any], Mapping[str, str]]], *, multi: bool
    ) -> tuple[dict[str, Any], dict[str, str]]:
        """The request and, for messages, the typed prop behind each API path.

        :param definitions: each bound training definition's ``(request, prop_names)``, paths relative to
            the definition.
        :param multi: render ``TrainingJobDefinitions`` (a list) rather than ``TrainingJobDefinition``.
        """
        options = self.options
        strategy = options.get("strategy")
        strategy = TuningStrategy.bayesian() if strategy is None else strategy
        objective = options.get("objective")
        builder = RequestBuilder()
        config = builder.at(CONFIG, "")
        strategy._render(config)
        config.put("HyperParameterTuningJobObjective", objective and objective._render(), "objective")
        # The API requires MaxParallelTrainingJobs; one at a time is the SageMaker Python SDK's default too.
        parallel = options.get("max_parallel_training_jobs")
        parallel = 1 if parallel is None else parallel
        config.put(
            "ResourceLimits.MaxNumberOfTrainingJobs", options.get("max_training_jobs"), "max_training_jobs"
        )
        config.put("ResourceLimits.MaxParallelTrainingJobs", parallel, "max_parallel_training_jobs")
        config.put("ResourceLimits.MaxRuntimeInSeconds", seconds(options.get("max_runtime")), "max_runtime")
        render_parameter_ranges(
            config.at("ParameterRanges", "parameter_ranges"), options.get("parameter_ranges")
        )
        early_stopping = options.get("early_stopping")
        early = None if early_stopping is None else ("Auto" if early_stopping else "Off")
        config.put("TrainingJobEarlyStoppingType", early, "early_stopping")
        completion_criteria = options.get("completion_criteria")
        if completion_criteria is not None:
            completion_criteria._render(config.at("TuningJobCompletionCriteria", "completion_criteria"))
        config.put("RandomSeed", options.get("random_seed"), "random_seed")
        builder.put("HyperParameterTuningJobName", self.tuning_job_name, "tuning_job_name")
        _render_definitions(builder, definitions, multi)
        warm_start = options.get("warm_start")
        builder.put("WarmStartConfig", warm_start and warm_start._render(), "warm_start")
        builder.put("Autotune", {"Mode": "Enabled"} if options.get("autotune") else None, "autotune")
        return builder.request, builder.prop_names


def _render_definitions(
    builder: RequestBuilder, definitions: Sequence[tuple[Mapping[str, Any], Mapping[str, str]]], multi: bool
) -> None:
    if multi:
        builder.put("TrainingJobDefinitions", [], "training_definitions")  # 1 to 10: the model's limit
        for index, (definition, names) in enumerate(definitions):
            builder.include(
                f"TrainingJobDefinitions[{index}]", definition, names, f"training_definitions[{index}]"
            )
    else:
        ((definition, names),) = definitions
        builder.include("TrainingJobDefinition", definition, names, "training")
