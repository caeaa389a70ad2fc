"""Property tests: generated valid requests pass, and random mutations fail only with the library's error."""

from __future__ import annotations

import contextlib
import copy
import functools
from typing import Any

from aws_cdk import App, Fn, Stack
from botocore.validate import validate_parameters
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from validation_helpers import CUSTOM_IMAGE, XGBOOST_IMAGE, stringify

from cdk_sagemaker_tuning import HyperParameterTuningJob, TuningJobValidationError
from cdk_sagemaker_tuning._handler.request_types import restore_request
from cdk_sagemaker_tuning.validation import registry, validate_request
from cdk_sagemaker_tuning.validation.semantic import EPOCH_KEYS
from tests.support.api_model import input_shape

OBJECTIVE = "validation:auc"
PROPERTY_SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

hyperparameter_names = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True).filter(
    lambda n: n not in EPOCH_KEYS
)
simple_text = st.from_regex(r"[A-Za-z0-9_.-]{1,12}", fullmatch=True)


@st.composite
def integer_range(draw: st.DrawFn, name: str) -> dict[str, Any]:
    low = draw(st.integers(-1000, 1000))
    high = low + draw(st.integers(1, 1000))
    scalings = ["Auto", "Linear"] + (["Logarithmic"] if low > 0 else [])
    return {
        "Name": name,
        "MinValue": str(low),
        "MaxValue": str(high),
        "ScalingType": draw(st.sampled_from(scalings)),
    }


@st.composite
def continuous_range(draw: st.DrawFn, name: str) -> dict[str, Any]:
    if draw(st.booleans()):
        low = draw(st.floats(0, 0.5))
        high = draw(st.floats(low + 0.01, 0.999))
        scaling = draw(
            st.sampled_from(["Auto", "Linear", "ReverseLogarithmic"] + (["Logarithmic"] if low > 0 else []))
        )
    else:
        low = draw(st.floats(-1000, 1000))
        high = low + draw(st.floats(0.01, 1000))
        scaling = draw(st.sampled_from(["Auto", "Linear"] + (["Logarithmic"] if low > 0 else [])))
    return {"Name": name, "MinValue": repr(low), "MaxValue": repr(high), "ScalingType": scaling}


@st.composite
def categorical_range(draw: st.DrawFn, name: str) -> dict[str, Any]:
    return {"Name": name, "Values": draw(st.lists(simple_text, min_size=1, max_size=5, unique=True))}


@st.composite
def parameter_ranges(draw: st.DrawFn, names: list[str], *, grid: bool) -> dict[str, Any]:
    ranges: dict[str, list[dict[str, Any]]] = {}
    for name in names:
        kind = (
            "CategoricalParameterRanges"
            if grid
            else draw(
                st.sampled_from(
                    ["IntegerParameterRanges", "ContinuousParameterRanges", "CategoricalParameterRanges"]
                )
            )
        )
        make = {
            "IntegerParameterRanges": integer_range,
            "ContinuousParameterRanges": continuous_range,
            "CategoricalParameterRanges": categorical_range,
        }[kind]
        ranges.setdefault(kind, []).append(draw(make(name)))
    return ranges


def combinations(ranges: dict[str, Any]) -> int:
    return functools.reduce(
        lambda acc, r: acc * len(r["Values"]), ranges.get("CategoricalParameterRanges", []), 1
    )


@st.composite
def definition(draw: st.DrawFn, static_names: list[str], *, epochs: bool) -> dict[str, Any]:
    static = {name: draw(simple_text) for name in static_names}
    if epochs:
        static[draw(st.sampled_from(EPOCH_KEYS))] = str(draw(st.integers(1, 500)))
    custom = draw(st.booleans())
    algorithm: dict[str, Any] = {
        "TrainingImage": CUSTOM_IMAGE if custom else XGBOOST_IMAGE,
        "TrainingInputMode": draw(st.sampled_from(["File", "Pipe", "FastFile"])),
    }
    if custom:
        algorithm["MetricDefinitions"] = [{"Name": OBJECTIVE, "Regex": "auc=([0-9.]+)"}]
    else:  # XGBoost running a script (framework mode): the script, not the algorithm, takes these names
        static["sagemaker_program"] = "train.py"
    runtime = draw(st.integers(1, 86400))
    stopping: dict[str, Any] = {"MaxRuntimeInSeconds": runtime}
    result: dict[str, Any] = {
        "AlgorithmSpecification": algorithm,
        "RoleArn": draw(
            st.from_regex(r"arn:aws:iam::[0-9]{12}:role/[A-Za-z0-9_+=,.@-]{1,20}", fullmatch=True)
        ),
        "StaticHyperParameters": static,
        "InputDataConfig": [
            {
                "ChannelName": channel,
                "DataSource": {
                    "S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://data-bucket/{channel}"}
                },
            }
            for channel in draw(
                st.lists(st.sampled_from(["train", "validation", "test"]), min_size=1, unique=True)
            )
        ],
        "OutputDataConfig": {"S3OutputPath": "s3://data-bucket/output"},
        "ResourceConfig": {
            "InstanceType": draw(st.sampled_from(["ml.m5.xlarge", "ml.c5.2xlarge", "ml.g5.xlarge"])),
            "InstanceCount": draw(st.integers(1, 4)),
            "VolumeSizeInGB": draw(st.integers(1, 100)),
        },
        "StoppingCondition": stopping,
    }
    if draw(st.booleans()):
        result["EnableManagedSpotTraining"] = True
        stopping["MaxWaitTimeInSeconds"] = runtime + draw(st.integers(0, 3600))
    return result


@st.composite
def valid_requests(draw: st.DrawFn) -> dict[str, Any]:
    """Valid CreateHyperParameterTuningJob requests of bounded size, single- or multi-algorithm."""
    strategy = draw(st.sampled_from(["Bayesian", "Random", "Hyperband", "Grid"]))
    grid, hyperband = strategy == "Grid", strategy == "Hyperband"
    names = draw(st.lists(hyperparameter_names, min_size=2, max_size=10, unique=True))
    tuned_count = draw(st.integers(1, min(3 if grid else 6, len(names) - 1)))
    tuned, static = names[:tuned_count], names[tuned_count:]
    multi = draw(st.booleans())
    infer_epochs = hyperband and draw(st.booleans())
    config: dict[str, Any] = {"Strategy": strategy, "ResourceLimits": {}}
    objective = {"Type": draw(st.sampled_from(["Maximize", "Minimize"])), "MetricName": OBJECTIVE}
    request: dict[str, Any] = {"HyperParameterTuningJobConfig": config}

    all_ranges = []
    if multi:
        definitions = []
        for index in range(draw(st.integers(2, 3))):
            item = draw(definition(static, epochs=infer_epochs))
            item["DefinitionName"] = f"algo-{index}"
            item["TuningObjective"] = dict(objective)
            item["HyperParameterRanges"] = draw(parameter_ranges(tuned, grid=grid))
            all_ranges.append(item["HyperParameterRanges"])
            definitions.append(item)
        request["TrainingJobDefinitions"] = definitions
    else:
        config["HyperParameterTuningJobObjective"] = objective
        config["ParameterRanges"] = draw(parameter_ranges(tuned, grid=grid))
        all_ranges.append(config["ParameterRanges"])
        request["TrainingJobDefinition"] = draw(definition(static, epochs=infer_epochs))

    if grid:
        total = combinations(all_ranges[0]) if not multi and draw(st.booleans()) else None
    else:
        total = draw(st.integers(1, 750))
    upper = min(total or 10, 10)
    config["ResourceLimits"]["MaxParallelTrainingJobs"] = draw(st.integers(1, upper))
    if total is not None:
        config["ResourceLimits"]["MaxNumberOfTrainingJobs"] = total
    if draw(st.booleans()):
        config["ResourceLimits"]["MaxRuntimeInSeconds"] = draw(st.integers(120, 15768000))
    if hyperband:
        if not infer_epochs:
            high = draw(st.integers(1, 20000))
            config["StrategyConfig"] = {
                "HyperbandStrategyConfig": {"MinResource": draw(st.integers(1, high)), "MaxResource": high}
            }
        if draw(st.booleans()):
            config["TrainingJobEarlyStoppingType"] = "Off"
    elif not multi and draw(st.booleans()):
        config["TrainingJobEarlyStoppingType"] = draw(st.sampled_from(["Off", "Auto"]))
    if draw(st.booleans()):
        name = draw(
            st.from_regex(r"[a-zA-Z0-9](-?[a-zA-Z0-9]){0,31}", fullmatch=True).filter(lambda n: len(n) <= 32)
        )
        request["HyperParameterTuningJobName"] = name
    keys = draw(
        st.lists(
            st.from_regex(r"[a-zA-Z][a-zA-Z0-9_.:/=+@-]{0,15}", fullmatch=True).filter(
                lambda k: not k.lower().startswith("aws:")
            ),
            max_size=5,
            unique=True,
        )
    )
    if keys:
        request["Tags"] = [{"Key": key, "Value": draw(simple_text)} for key in keys]
    return request


# -- valid requests ----------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(valid_requests())
def test_generated_valid_requests_have_no_errors(request: dict[str, Any]) -> None:
    report = validate_request(request)
    assert report.errors == [], "\n".join(map(str, report.errors))


@PROPERTY_SETTINGS
@given(valid_requests())
def test_generated_requests_pass_botocore_after_the_cloudformation_round_trip(
    request: dict[str, Any],
) -> None:
    # GIVEN a valid request as CloudFormation delivers it to the handler: every scalar a string
    delivered = stringify(request)
    assert all(not isinstance(v, int | float | bool) for v in _scalars(delivered))
    # WHEN its types are restored from the service model (and the handler names an unnamed job)
    restored = restore_request(delivered)  # the handler's own code
    restored.setdefault("HyperParameterTuningJobName", "generated-name")
    # THEN botocore's own parameter validation accepts it
    validate_parameters(restored, input_shape())


def _scalars(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in _scalars(item)]
    if isinstance(value, list):
        return [s for item in value for s in _scalars(item)]
    return [value]


@settings(max_examples=4, deadline=None)
@given(valid_requests())
def test_generated_valid_requests_build_the_construct(request: dict[str, Any]) -> None:
    job = HyperParameterTuningJob.from_request(Stack(App(), "Stack"), "Job", request=request)
    assert job.request["HyperParameterTuningJobConfig"] == request["HyperParameterTuningJobConfig"]


# -- random mutations --------------------------------------------------------------------------------------

junk = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(["aws:x", "Grid", "Hyperband", "ReverseLogarithmic", "0", "1e400", "-1", "nan"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*prefix, index)))
    return found


@st.composite
def mutated_requests(draw: st.DrawFn) -> dict[str, Any]:
    request = copy.deepcopy(draw(valid_requests()))
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(request)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = request
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = draw(st.sampled_from(["replace", "delete", "token", "unknown"]))
        if action == "delete" and isinstance(parent, dict):
            del parent[last]
        elif action == "token":
            parent[last] = Fn.import_value("Value")
        elif action == "unknown" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = draw(junk)
        else:
            parent[last] = draw(junk)
    return request


@PROPERTY_SETTINGS
@given(mutated_requests())
def test_mutated_requests_pass_or_raise_only_the_validation_error(request: dict[str, Any]) -> None:
    try:
        validate_request(request).raise_for_errors()
    except TuningJobValidationError as error:
        # every problem it reports names its field, what is wrong, and the registered rule that found it
        assert all(problem.path and problem.message and problem.rule for problem in error.problems)
        assert {problem.rule for problem in error.problems} <= {rule.id for rule in registry.rules()}


@settings(max_examples=6, deadline=None)
@given(mutated_requests())
def test_mutated_requests_through_the_construct(request: dict[str, Any]) -> None:
    with contextlib.suppress(TuningJobValidationError):
        HyperParameterTuningJob.from_request(Stack(App(), "Stack"), "Job", request=request)
