"""jsii round trips per tuning job: what issue 9 bounds, counted (not timed) so a regression fails here.

Each call from Python into aws-cdk-lib, and each answer to a callback from it, is a message to the
Node.js process and a wait for the reply; per job, they were most of the library's synth time. The count
is the benchmark's own (``benchmarks/bench_synth.py``), so the number recorded in RESULTS.md and the one
checked here are the same measurement.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk.assertions import Template

from benchmarks.bench_synth import counting_round_trips, round_trips_per_job
from cdk_sagemaker_tuning import HyperParameterTuningJob
from cdk_sagemaker_tuning._data.image_registries import REGISTRIES
from cdk_sagemaker_tuning.typed.algorithms import BuiltInAlgorithm, builtin_image_uri
from tests.samples import xgboost_request

#: Issue 9's bound on jsii round trips per ``from_request`` job (construction and synthesis).
MAX_ROUND_TRIPS_PER_JOB = 12


def test_a_from_request_job_costs_at_most_12_jsii_round_trips() -> None:
    # GIVEN stacks of 1 and 11 jobs declared with from_request, requests prepared beforehand
    # WHEN the round trips to Node.js during construction and synthesis are counted
    per_job = round_trips_per_job()
    # THEN each job beyond the first costs at most 12
    assert 0 < per_job <= MAX_ROUND_TRIPS_PER_JOB


def test_the_counter_sees_every_call_into_aws_cdk_lib() -> None:
    # GIVEN the counter around two calls into aws-cdk-lib (a create and a property read)
    with counting_round_trips() as count:
        app = cdk.App()
        app.node.path  # noqa: B018 - a property read is a round trip
    # THEN both were counted: a counter that missed calls would let the bound above pass vacuously
    assert count[0] >= 3


def test_the_built_in_image_mapping_is_filled_once_per_stack() -> None:
    # GIVEN a region-agnostic stack whose first job located the XGBoost image (filling the mapping)
    stack = cdk.Stack(cdk.App(), "Images")
    with counting_round_trips() as first:
        first_uri = builtin_image_uri(stack, BuiltInAlgorithm.XGBOOST)
    # WHEN more jobs locate it
    with counting_round_trips() as later:
        uris = [builtin_image_uri(stack, BuiltInAlgorithm.XGBOOST) for _ in range(3)]
    # THEN they only look the mapping up: one set_value per region was made once, by the first
    regions = len(REGISTRIES[BuiltInAlgorithm.XGBOOST.value].accounts)
    assert first[0] >= regions
    assert later[0] <= 3 * 10 < regions * 3
    # AND they name the same image, and the template still maps every region
    assert all(stack.resolve(uri) == stack.resolve(first_uri) for uri in uris)
    for index, uri in enumerate([first_uri, *uris]):
        request = xgboost_request()
        request["TrainingJobDefinition"]["AlgorithmSpecification"]["TrainingImage"] = uri
        HyperParameterTuningJob.from_request(stack, f"Job{index}", request=request)
    mappings = Template.from_stack(stack).to_json()["Mappings"]
    assert len(mappings["SageMakerBuiltInImageRegistries"]) == regions
