"""Facts several rules read of one request are computed once per validation run, never across runs."""

from __future__ import annotations

from typing import Any

import pytest

from cdk_sagemaker_tuning._core.request_paths import set_path
from cdk_sagemaker_tuning.validation import structural, validate_request
from cdk_sagemaker_tuning.validation.per_run import one_run, per_run
from tests.samples import xgboost_request


def test_the_models_check_runs_once_per_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    # GIVEN the structural check, counted (two rules read it: api-model and unknown-field)
    calls: list[int] = []
    counted = structural.check.__wrapped__  # type: ignore[attr-defined]

    def counting(request: Any) -> Any:
        calls.append(id(request))
        return counted(request)

    monkeypatch.setattr(structural, "check", per_run(counting))
    # WHEN one request is validated
    validate_request(xgboost_request())
    # THEN the check ran once
    assert len(calls) == 1


def test_a_request_changed_between_runs_is_checked_again() -> None:
    # GIVEN a valid request, validated
    request = xgboost_request()
    assert validate_request(request).errors == []
    # WHEN the same object is changed and validated again
    set_path(request, "HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs", 0)
    # THEN the new run sees the change
    assert [p.rule for p in validate_request(request).errors] == ["api-model"]


def test_outside_a_run_nothing_is_kept() -> None:
    # GIVEN a function of the request, counted
    calls: list[int] = []
    once = per_run(lambda request: calls.append(1) or len(calls))
    request: dict[str, Any] = {}
    # WHEN it is called twice outside a run, then twice inside one
    outside = [once(request), once(request)]
    with one_run():
        inside = [once(request), once(request)]
    # THEN each outside call computed afresh; inside, the first result served both
    assert outside == [1, 2]
    assert inside == [3, 3]
