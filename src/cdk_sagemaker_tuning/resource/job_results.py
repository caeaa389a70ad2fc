"""What a tuning job exposes once it has completed: its best training job and its counts (``Fn::GetAtt``).

A mixin of ``HyperParameterTuningJob``: the attributes come from the results resource of
``wait=TuningJobWait.for_completion(...)`` (``completion_wait.py``), or, for the best job only, from the job's
own resource with ``wait=TuningJobWait.within_event()``.
"""

from __future__ import annotations

from typing import Any

from aws_cdk import CustomResource

from .._core import checks
from .._handler import contract
from ..validation import tokens
from ..validation.request_parts import definitions, tuned_names
from .completion_wait import CompletionWait


class JobResults:
    """The completed job's attributes; each raises ``TuningJobValidationError`` (``results-need-a-wait``, a
    ``ValueError``) naming the prop when the job is not awaited."""

    _completion: CompletionWait | None
    _wait_for_completion: bool
    _resource: CustomResource
    _request: dict[str, Any]

    def _completion_attribute(self, name: str, attribute: str, *, needs_wait: bool = False) -> str:
        if self._completion is not None:
            return self._completion.results.get_att_string(attribute)
        if not self._wait_for_completion or needs_wait:
            raise checks.RESULTS_NEED_A_WAIT.error(
                f"'{name}' is known only once the job has completed: declare the job with "
                + (
                    "wait=TuningJobWait.for_completion(...)"
                    if needs_wait
                    else "wait=TuningJobWait.within_event() or wait=TuningJobWait.for_completion(...)"
                ),
                prop=name,
            )
        return self._resource.get_att_string(attribute)

    @property
    def best_training_job_name(self) -> str:
        """The name of the best training job (needs ``wait``)."""
        return self._completion_attribute("best_training_job_name", contract.ATTR_BEST_TRAINING_JOB_NAME)

    @property
    def best_objective_value(self) -> str:
        """The best training job's final objective metric value, as a string (needs ``wait``)."""
        return self._completion_attribute("best_objective_value", contract.ATTR_BEST_OBJECTIVE_VALUE)

    @property
    def best_model_artifacts(self) -> str:
        """The S3 URI of the best training job's model artifacts (needs ``wait``)."""
        return self._completion_attribute("best_model_artifacts", contract.ATTR_BEST_MODEL_ARTIFACTS)

    def best_hyperparameter(self, name: str) -> str:
        """The best training job's value of the tuned hyperparameter ``name``, as a string (needs ``wait``).

        :param name: a hyperparameter of the job's ranges. A name the request does not tune raises a
            ``ValueError`` (SageMaker reports only tuned values: the attribute would fail at deploy), unless
            the ranges are not known at synth time or Autotune may choose hyperparameters itself.
        """
        tuned = tuned_names(self._request)
        if tuned is not None and name not in tuned:
            static = any(
                name in (tokens.mapping(definition.value.get("StaticHyperParameters")) or {})
                for definition in definitions(self._request)
            )
            why = "; it is static, so its value is the one you gave" if static else ""
            raise ValueError(
                f"best_hyperparameter({name!r}): {name!r} is not tuned by the job (tuned: "
                f"{', '.join(map(repr, sorted(tuned))) or 'none'}); SageMaker reports the best value of a tuned "
                f"hyperparameter only{why}"
            )
        return self._completion_attribute(
            f"best_hyperparameter({name!r})", contract.ATTR_BEST_HYPERPARAMETER_PREFIX + name, needs_wait=True
        )

    @property
    def completed_training_jobs(self) -> str:
        """How many training jobs completed, as a string (needs ``wait``)."""
        return self._completion_attribute(
            "completed_training_jobs", contract.ATTR_COMPLETED_TRAINING_JOBS, needs_wait=True
        )

    @property
    def failed_training_jobs(self) -> str:
        """How many training jobs failed (retryable or not), as a string (needs ``wait``)."""
        return self._completion_attribute(
            "failed_training_jobs", contract.ATTR_FAILED_TRAINING_JOBS, needs_wait=True
        )

    @property
    def stopped_training_jobs(self) -> str:
        """How many training jobs were stopped, as a string (needs ``wait``)."""
        return self._completion_attribute(
            "stopped_training_jobs", contract.ATTR_STOPPED_TRAINING_JOBS, needs_wait=True
        )
