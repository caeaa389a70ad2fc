"""Every stack of ``app.py`` and ``examples/``, without and with an explicit environment, and an awaited job
in a nested stack: the app ``tests/strict/test_strict_synth.py`` synthesizes strictly.

Run by the CDK CLI (``cdk synth --strict --app "python tests/strict/strict_app.py"``) and imported by the
in-process test, which calls :func:`build` itself.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import aws_cdk as cdk
from aws_cdk import aws_sns as sns

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from cdk_sagemaker_tuning import HyperParameterTuningJob, TuningJobWait  # noqa: E402
from tests.test_tuning_job_from_request import minimal_request  # noqa: E402

#: An explicit environment (account and region); the examples' own is region-only.
EXPLICIT = cdk.Environment(account="123456789012", region="eu-west-1")


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"strict_{name}", ROOT / "examples" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class NestedJobs(cdk.NestedStack):
    """An awaited job, a job waited for within one event, and an event rule, in a nested stack."""

    def __init__(self, scope: cdk.Stack, id: str) -> None:
        super().__init__(scope, id)
        role = "arn:aws:iam::123456789012:role/training"
        awaited = HyperParameterTuningJob.from_request(
            self,
            "Awaited",
            request=minimal_request(role),
            wait=TuningJobWait.for_completion(timeout=cdk.Duration.hours(8)),
        )
        HyperParameterTuningJob.from_request(
            self, "InEvent", request=minimal_request(role), wait=TuningJobWait.within_event()
        )
        awaited.on_failed("Failed").add_target(_topic(self))
        cdk.CfnOutput(self, "Best", value=awaited.best_training_job_name)


def _topic(scope: cdk.NestedStack) -> object:
    from aws_cdk import aws_events_targets as targets

    return targets.SnsTopic(sns.Topic(scope, "Alerts", enforce_ssl=True))


def build(app: cdk.App) -> list[cdk.Stack]:
    """Every stack, each under a name that says its source and its environment."""
    import app as example_app  # app.py at the repository root

    best_model, retrain, tune = _load("best_model"), _load("retrain_on_schedule"), _load("tune_and_deploy")
    stacks: list[cdk.Stack] = []
    for suffix, env in (("Agnostic", None), ("Explicit", EXPLICIT)):
        stacks.append(example_app.XgboostTuningStack(app, f"App{suffix}", env=env))
        stacks.append(tune.TuneAndDeployStack(app, f"TuneAndDeploy{suffix}", env=env))
        stacks.append(best_model.build_stack(app, f"BestModel{suffix}", env=env))
        stacks.append(retrain.build_stack(app, f"Retrain{suffix}", env=env))
        parent = cdk.Stack(app, f"Nested{suffix}", env=env)
        NestedJobs(parent, "Jobs")
        stacks.append(parent)
    # The examples' own region-only environment
    stacks.append(best_model.build_stack(app, "BestModelRegion"))
    stacks.append(retrain.build_stack(app, "RetrainRegion"))
    return stacks


if __name__ == "__main__":
    cli_app = cdk.App()
    build(cli_app)
    cli_app.synth()
