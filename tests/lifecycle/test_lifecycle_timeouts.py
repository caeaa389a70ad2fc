"""The Lambda timeout leaves room for the slowest invocation: every call of an event at its worst case."""

from cdk_sagemaker_tuning._handler import index
from cdk_sagemaker_tuning._handler import sagemaker_api

from cdk_sagemaker_tuning import provider


def test_the_lambda_timeout_covers_the_most_calls_of_one_event_at_their_worst_case():
    # GIVEN the client's retry and timeout settings, and the most calls one invocation makes
    per_call = sagemaker_api.worst_case_call_seconds()
    calls = index.MAX_SAGEMAKER_CALLS_PER_EVENT

    # THEN the handler functions' timeout covers them all, within Lambda's 15-minute maximum
    assert per_call == 5 * (5 + 15) + (1 + 2 + 4 + 8)
    assert calls * per_call <= provider.HANDLER_TIMEOUT.to_seconds() <= 15 * 60
