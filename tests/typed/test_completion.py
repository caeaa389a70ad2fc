"""TuningJobCompletionCriteria renders the API's TuningJobCompletionCriteria."""

import pytest

from cdk_sagemaker_tuning.completion import TuningJobCompletionCriteria


def test_all_three_criteria_render_in_api_structure():
    # GIVEN / WHEN
    criteria = TuningJobCompletionCriteria(
        target_objective_value=0.95, max_jobs_not_improving=10, complete_on_convergence=True
    )
    # THEN
    assert criteria._render() == {
        "TargetObjectiveMetricValue": 0.95,
        "BestObjectiveNotImproving": {"MaxNumberOfTrainingJobsNotImproving": 10},
        "ConvergenceDetected": {"CompleteOnConvergence": "Enabled"},
    }


def test_only_given_criteria_are_rendered_and_false_disables_convergence():
    assert TuningJobCompletionCriteria(complete_on_convergence=False)._render() == {
        "ConvergenceDetected": {"CompleteOnConvergence": "Disabled"}
    }
    assert TuningJobCompletionCriteria(target_objective_value=1)._render() == {
        "TargetObjectiveMetricValue": 1
    }


def test_at_least_one_criterion_is_needed():
    with pytest.raises(ValueError, match="needs at least one of 'target_objective_value'"):
        TuningJobCompletionCriteria()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_jobs_not_improving": 2}, "'max_jobs_not_improving' must be an integer of at least 3, got 2"),
        (
            {"max_jobs_not_improving": 5.0},
            "'max_jobs_not_improving' must be an integer of at least 3, got 5.0",
        ),
        ({"target_objective_value": "0.9"}, "'target_objective_value' must be a number, got '0.9'"),
        ({"target_objective_value": float("nan")}, "'target_objective_value' must be finite, got nan"),
        ({"complete_on_convergence": "Enabled"}, "'complete_on_convergence' must be True or False"),
    ],
)
def test_bad_values_name_the_field_and_value(kwargs, message):
    with pytest.raises(ValueError, match=message):
        TuningJobCompletionCriteria(**kwargs)


def test_prop_names_point_every_api_field_to_its_prop():
    names = TuningJobCompletionCriteria(target_objective_value=1)._prop_names("C", "completion_criteria")
    assert names["C.BestObjectiveNotImproving.MaxNumberOfTrainingJobsNotImproving"] == (
        "completion_criteria.max_jobs_not_improving"
    )
    assert names["C.TargetObjectiveMetricValue"] == "completion_criteria.target_objective_value"
