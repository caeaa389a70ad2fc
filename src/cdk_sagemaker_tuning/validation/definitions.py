"""Training job definitions: one kind of them, each with its name and objective, and what multi-algorithm jobs skip.

Like ``semantic.py``, each rule is one registered function (``registry.py``) citing its source; every value
that is an unresolved CDK token is skipped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from . import tokens
from .errors import Problem, show
from .registry import ERROR, WARNING, rule
from .request_parts import CONFIG, Definition, definitions, job_config, objective_for


@rule("one-definition-kind", level=ERROR, source="API_CreateHyperParameterTuningJob")
def _definition_count(request: Mapping[str, Any]) -> Iterator[Problem]:
    """Exactly one of TrainingJobDefinition and TrainingJobDefinitions.

    API_CreateHyperParameterTuningJob: TrainingJobDefinition describes the training jobs "that this tuning
    job launches"; TrainingJobDefinitions is the multi-algorithm list. A job needs one or the other.
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateHyperParameterTuningJob.html
    """
    single, several = request.get("TrainingJobDefinition"), request.get("TrainingJobDefinitions")
    if single is None and several is None:
        yield Problem(
            "TrainingJobDefinition",
            "is missing: give TrainingJobDefinition (one algorithm) or TrainingJobDefinitions (several)",
            None,
        )
    elif single is not None and several is not None:
        yield Problem(
            "TrainingJobDefinitions",
            "is given together with TrainingJobDefinition; give only one of them",
            several,
        )


@rule(
    "multi-algorithm",
    level=ERROR,
    source="developer guide: multiple-algorithm-hpo-create-tuning-jobs",
)
def _multi_algorithm(request: Mapping[str, Any]) -> Iterator[Problem]:
    """With TrainingJobDefinitions, each definition has a unique DefinitionName and its own objective.

    Developer guide, Create a hyperparameter optimization tuning job for one or more algorithms: each
    algorithm gets its own training job definition, with its own objective metric and ranges; "Warm start
    and early stopping are available only when you're tuning a single algorithm" (stated for the console:
    warnings here).
    https://docs.aws.amazon.com/sagemaker/latest/dg/multiple-algorithm-hpo-create-tuning-jobs.html
    """
    listed = tokens.items(request.get("TrainingJobDefinitions"))
    if listed is None:
        return
    names: dict[str, str] = {}
    for definition in definitions(request):
        if not definition.path.startswith("TrainingJobDefinitions"):
            continue
        raw_name = definition.value.get("DefinitionName")
        if raw_name is None:
            yield Problem(
                f"{definition.path}.DefinitionName",
                "is required when several definitions are given, to tell their training jobs apart",
                None,
            )
        name = tokens.string(raw_name)
        if name is not None:
            if name in names:
                yield Problem(
                    f"{definition.path}.DefinitionName",
                    f"{show(name)} is already the name of {names[name]}; each definition needs its own name",
                    name,
                )
            else:
                names[name] = definition.path
        _, objective = objective_for(request, definition)
        if objective is None:
            yield Problem(
                f"{definition.path}.TuningObjective",
                "is missing: with TrainingJobDefinitions each definition gives its own objective metric",
                None,
            )


@rule(
    "warm-start-multi-algorithm",
    level=WARNING,
    source="developer guide: multiple-algorithm-hpo-create-tuning-jobs",
)
def _warm_start_multi_algorithm(request: Mapping[str, Any]) -> Iterator[Problem]:
    """Warm start is documented for single-algorithm tuning jobs only."""
    listed = tokens.items(request.get("TrainingJobDefinitions")) or []
    if len(listed) > 1 and request.get("WarmStartConfig") is not None:
        yield Problem(
            "WarmStartConfig",
            f"is given with {len(listed)} training job definitions; SageMaker documents warm start for "
            "single-algorithm tuning jobs only",
            request.get("WarmStartConfig"),
        )


@rule(
    "early-stopping-multi-algorithm",
    level=WARNING,
    source="developer guide: multiple-algorithm-hpo-create-tuning-jobs",
)
def _early_stopping_multi_algorithm(request: Mapping[str, Any]) -> Iterator[Problem]:
    """Early stopping is documented for single-algorithm tuning jobs only."""
    listed = tokens.items(request.get("TrainingJobDefinitions")) or []
    if len(listed) > 1 and tokens.string(job_config(request).get("TrainingJobEarlyStoppingType")) == "Auto":
        yield Problem(
            f"{CONFIG}.TrainingJobEarlyStoppingType",
            f"'Auto' is given with {len(listed)} training job definitions; SageMaker documents early "
            "stopping for single-algorithm tuning jobs only",
            "Auto",
        )


@rule("objective", level=ERROR, source="API_HyperParameterTuningJobConfig")
def _single_objective(request: Mapping[str, Any]) -> Iterator[Problem]:
    """A single-algorithm job has an objective metric, in the job config or the definition's TuningObjective.

    API_HyperParameterTuningJobConfig: HyperParameterTuningJobObjective "specifies the objective metric
    used to evaluate the performance of training jobs launched by this tuning job".
    """
    definition = tokens.mapping(request.get("TrainingJobDefinition"))
    if definition is None or request.get("TrainingJobDefinitions") is not None:
        return
    _, objective = objective_for(request, Definition("TrainingJobDefinition", definition))
    if objective is None and tokens.mapping(request.get(CONFIG)) is not None:
        yield Problem(
            f"{CONFIG}.HyperParameterTuningJobObjective",
            "is missing: a tuning job needs the objective metric (Type and MetricName) it optimizes",
            None,
        )
