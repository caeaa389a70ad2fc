"""cdk-nag clean across stacks: the library's acknowledgements hold when the bucket, key or role of a job
comes from another stack, by a strong reference (an export and ``Fn::ImportValue``) or a weak one
(``Fn::GetStackOutput``, aws-cdk-lib's ``@aws-cdk/core:defaultCrossStackReferences``), in an
environment-agnostic app and with an explicit account and region.

cdk-nag names a finding after the synthesized template, where another stack's bucket ARN is an import, not
the ``Fn::GetAtt`` it is before references are resolved; the created execution role's acknowledgements are
named at synth, after that resolution (``grants/nag_acknowledgements.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from cdk_nag import AwsSolutionsChecks

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    HyperParameterTuningJob,
    IntegerParameter,
    TrainingAlgorithm,
    TrainingCheckpoint,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningJobWait,
    TuningObjective,
)
from tests.nag.test_aws_solutions import aws_solutions_report
from tests.sample_stacks import ENV, nag_clean_bucket, new_app
from tests.samples import xgboost_request

# cdk-nag 3 and the IAM5 acknowledgement ids need jsii 1.134 and aws-cdk-lib 2.269: not on the floor.
pytestmark = pytest.mark.cdk_nag

REFERENCES = "@aws-cdk/core:defaultCrossStackReferences"
#: How cdk-nag prints each kind of reference to the other stack's bucket ARN in a finding.
PRINTED = {"strong": "Data:ExportsOutputFnGetAtt", "weak": '{"Fn::GetStackOutput":'}


def _data_stack(app: cdk.App, env: cdk.Environment | None) -> tuple[s3.Bucket, kms.Key, iam.Role]:
    """The other stack: an encrypted bucket (with access logs), its key, and a SageMaker role."""
    data = cdk.Stack(app, "Data", env=env)
    key = kms.Key(data, "Key", enable_key_rotation=True)
    bucket = nag_clean_bucket(data, "Bucket", key, logs_prefix="bucket/")
    role = iam.Role(data, "TrainingRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    return bucket, key, role


def _tuning_stack(
    app: cdk.App, env: cdk.Environment | None, bucket: s3.IBucket, key: kms.IKey, role: iam.IRole
) -> cdk.Stack:
    """A typed job reading and writing the other stack's bucket with its key (its created role gets the
    grants), and a raw-request job whose execution role is the other stack's."""
    stack = cdk.Stack(app, "Tuning", env=env)
    HyperParameterTuningJob(
        stack,
        "Typed",
        objective=TuningObjective.maximize("validation:auc"),
        parameter_ranges=[IntegerParameter("max_depth", 3, 10)],
        max_training_jobs=4,
        max_parallel_training_jobs=2,
        training=TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            inputs=[
                TrainingInput.from_bucket(
                    bucket, "data/train/", channel_name="train", content_type="text/csv"
                )
            ],
            output=TrainingOutput(bucket, "models/", encryption_key=key),
            volume_encryption_key=key,
            checkpoint=TrainingCheckpoint(bucket, "checkpoints/"),
            spot=True,
            max_runtime=cdk.Duration.hours(1),
            max_wait=cdk.Duration.hours(2),
            static_hyperparameters={"objective": "binary:logistic", "num_round": 100},
        ),
    )
    HyperParameterTuningJob.from_request(
        stack,
        "Raw",
        request=xgboost_request(role.role_arn, "s3://example-bucket/raw"),
        wait=TuningJobWait.within_event(),
    )
    return stack


def _synth(tmp_path: Path, strength: str, env: cdk.Environment | None) -> tuple[cdk.Stack, dict[str, Any]]:
    app = new_app(tmp_path, **{REFERENCES: strength})
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    stack = _tuning_stack(app, env, *_data_stack(app, env))
    app.synth()  # raises "Validation failed" on any unacknowledged finding
    return stack, aws_solutions_report(tmp_path)


@pytest.mark.parametrize("env", [None, ENV], ids=["agnostic", "explicit-env"])
@pytest.mark.parametrize("strength", ["strong", "weak"])
def test_a_job_using_another_stacks_bucket_key_and_role_has_no_unacknowledged_finding(
    tmp_path: Path, strength: str, env: cdk.Environment | None
) -> None:
    # GIVEN the bucket, key and a role in one stack, the jobs in another, referenced strongly or weakly
    # WHEN the app is synthesized with the AwsSolutions pack
    _, report = _synth(tmp_path, strength, env)
    # THEN nothing is left unacknowledged
    assert report["conclusion"] == "success"
    assert report["violations"] == []
    # AND the created role's prefix wildcards were acknowledged under the imported bucket ARN's name
    on_role = [
        finding["ruleName"]
        for finding in report["suppressedViolations"]
        if any(c["constructPath"] == "Tuning/Typed/Role/DefaultPolicy/Resource" for c in finding["violatingConstructs"])
    ]  # fmt: skip
    imported = [rule for rule in on_role if PRINTED[strength] in rule]
    assert sorted(rule.rsplit("/", 2)[-2] for rule in imported) == ["checkpoints", "models", "train"]


def test_a_wildcard_the_user_adds_to_the_created_role_is_still_reported_across_stacks(tmp_path: Path) -> None:
    # GIVEN the cross-stack app, and a wildcard on the other stack's bucket the user adds to the job's role
    app = new_app(tmp_path, **{REFERENCES: "weak"})
    cdk.Validations.of(app).add_plugins(AwsSolutionsChecks(app))
    bucket, key, role = _data_stack(app, None)
    stack = _tuning_stack(app, None, bucket, key, role)
    job = stack.node.find_child("Typed")
    assert isinstance(job, HyperParameterTuningJob)
    job.role.add_to_principal_policy(
        iam.PolicyStatement(actions=["s3:DeleteObject"], resources=[bucket.arn_for_objects("scratch/*")])
    )
    # WHEN it is synthesized
    with pytest.raises(RuntimeError) as raised:
        app.synth()
    # THEN synthesis fails on that wildcard alone
    assert str(raised.value).startswith("ValidationFailed")
    violations = [v["ruleName"] for v in aws_solutions_report(tmp_path)["violations"]]
    assert len(violations) == 1
    assert violations[0].startswith("AwsSolutions-IAM5[Resource::") and violations[0].endswith("/scratch/*]")
