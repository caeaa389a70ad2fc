"""TuningJobCompletionCriteria renders the API's TuningJobCompletionCriteria (through a typed job's request)."""

import pytest

from cdk_sagemaker_tuning import TuningJobValidationError
from cdk_sagemaker_tuning.typed.completion import TuningJobCompletionCriteria
from tests.problems import raises_problem
from tests.samples import typed_request


def rendered(criteria: TuningJobCompletionCriteria) -> dict:
    return typed_request(completion_criteria=criteria)["HyperParameterTuningJobConfig"][
        "TuningJobCompletionCriteria"
    ]


def test_all_three_criteria_render_in_api_structure():
    # GIVEN / WHEN
    criteria = TuningJobCompletionCriteria(
        target_objective_value=0.95, max_jobs_not_improving=10, complete_on_convergence=True
    )
    # THEN
    assert rendered(criteria) == {
        "TargetObjectiveMetricValue": 0.95,
        "BestObjectiveNotImproving": {"MaxNumberOfTrainingJobsNotImproving": 10},
        "ConvergenceDetected": {"CompleteOnConvergence": "Enabled"},
    }


def test_only_given_criteria_are_rendered_and_false_disables_convergence():
    assert rendered(TuningJobCompletionCriteria(complete_on_convergence=False)) == {
        "ConvergenceDetected": {"CompleteOnConvergence": "Disabled"}
    }
    assert rendered(TuningJobCompletionCriteria(target_objective_value=1)) == {
        "TargetObjectiveMetricValue": 1
    }


def test_at_least_one_criterion_is_needed():
    with raises_problem("prop-combination", "needs at least one of 'target_objective_value'"):
        TuningJobCompletionCriteria()


@pytest.mark.parametrize(
    ("kwargs", "rule", "message"),
    [
        (
            {"max_jobs_not_improving": 5.0},
            "prop-type",
            "'max_jobs_not_improving' must be an integer, got 5.0",
        ),
        (
            {"target_objective_value": "0.9"},
            "prop-type",
            "'target_objective_value' must be a number, got '0.9'",
        ),
        (
            {"target_objective_value": float("nan")},
            "prop-value",
            "'target_objective_value' must be finite, got nan",
        ),
        (
            {"complete_on_convergence": "Enabled"},
            "prop-type",
            "'complete_on_convergence' must be True or False",
        ),
    ],
)
def test_values_of_the_wrong_type_name_the_field_and_value(kwargs, rule, message):
    with raises_problem(rule, message):
        TuningJobCompletionCriteria(**kwargs)


def test_the_models_minimum_is_reported_against_the_nested_prop():
    # GIVEN 2 jobs not improving (botocore's model: MaxNumberOfTrainingJobsNotImproving min 3)
    with pytest.raises(TuningJobValidationError) as error:
        typed_request(completion_criteria=TuningJobCompletionCriteria(max_jobs_not_improving=2))
    # THEN the prop named is the nested one
    assert (
        "TuningJobCompletionCriteria.BestObjectiveNotImproving.MaxNumberOfTrainingJobsNotImproving "
        "(completion_criteria.max_jobs_not_improving): 2 is less than the minimum of 3"
    ) in str(error.value)
