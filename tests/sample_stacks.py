"""Representative stacks shared by the release-quality tests (cfn-lint, cdk-nag, export, packaging).

Each builder adds its stack to the given App (give each its own App with ``outdir`` set, so a test module
synthesizes it once, in a module-scoped fixture, into a temporary cloud assembly). They use ``HyperParameterTuningJob.from_request`` only, the API every other one renders to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from constructs import Construct

from cdk_sagemaker_tuning import HyperParameterTuningJob, TuningJobWait
from tests.samples import xgboost_request

ENV = cdk.Environment(account="123456789012", region="us-east-1")


# The project's feature flags, as the CDK CLI passes them from cdk.json.
CDK_JSON_CONTEXT: dict[str, Any] = json.loads((Path(__file__).parent.parent / "cdk.json").read_text())[
    "context"
]


def nag_clean_bucket(scope: Construct, id: str, key: kms.IKey, *, logs_prefix: str) -> s3.Bucket:
    """A bucket cdk-nag's AwsSolutions pack accepts: encrypted with ``key``, private, TLS only, with its
    access logs in a bucket of their own (id ``AccessLogs`` in ``scope``)."""
    access_logs = s3.Bucket(
        scope,
        "AccessLogs",
        encryption=s3.BucketEncryption.S3_MANAGED,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        enforce_ssl=True,
    )
    return s3.Bucket(
        scope,
        id,
        encryption_key=key,
        block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
        enforce_ssl=True,
        server_access_logs_bucket=access_logs,
        server_access_logs_prefix=logs_prefix,
    )


def new_app(outdir: Path, **context: Any) -> cdk.App:
    """An App writing to ``outdir`` with cdk.json's context, like ``cdk synth`` runs app.py."""
    return cdk.App(outdir=str(outdir), context={**CDK_JSON_CONTEXT, **context})


def _training_role(stack: cdk.Stack, bucket: s3.IBucket) -> iam.Role:
    role = iam.Role(stack, "TrainingRole", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    bucket.grant_read_write(role)
    return role


def example_stack(app: cdk.App, env: cdk.Environment | None = None) -> cdk.Stack:
    """The repository's example app (``app.py``), built without running ``app.py`` as a script.

    :param env: an explicit account and region; the example itself is environment-agnostic.
    """
    from app import XgboostTuningStack  # the repository root is on sys.path (pytest ``pythonpath``)

    if env is None:
        return XgboostTuningStack(app, "XgboostTuningExample")
    return XgboostTuningStack(app, "XgboostTuningExampleInEnv", env=env)


def vpc_stack(app: Construct) -> cdk.Stack:
    """One awaited job in a VPC, with network isolation and a customer-managed key.

    Environment-agnostic, so the subnets' zones are ``Fn::GetAZs`` rather than placeholders.
    """
    stack = cdk.Stack(app, "TuningInVpc")
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2, nat_gateways=0)
    security_group = ec2.SecurityGroup(stack, "TrainingSecurityGroup", vpc=vpc)
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    bucket = s3.Bucket(stack, "Data", encryption_key=key, enforce_ssl=True)
    role = _training_role(stack, bucket)
    key.grant_encrypt_decrypt(role)
    request = xgboost_request(role.role_arn, bucket.s3_url_for_object("output"))
    definition = request["TrainingJobDefinition"]
    definition["VpcConfig"] = {
        "SecurityGroupIds": [security_group.security_group_id],
        "Subnets": vpc.select_subnets(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED).subnet_ids,
    }
    definition["EnableNetworkIsolation"] = True
    definition["OutputDataConfig"]["KmsKeyId"] = key.key_arn
    definition["ResourceConfig"]["VolumeKmsKeyId"] = key.key_arn
    HyperParameterTuningJob.from_request(stack, "Tuning", request=request, wait=TuningJobWait.within_event())
    return stack


def multi_job_stack(app: Construct, jobs: int = 3) -> cdk.Stack:
    """Several jobs sharing one provider: single and multi-algorithm, retained, record-deleting."""
    stack = cdk.Stack(app, "ManyTuningJobs", env=ENV)
    bucket = s3.Bucket(stack, "Data", enforce_ssl=True)
    role = _training_role(stack, bucket)
    for index in range(jobs):
        request = xgboost_request(role.role_arn, bucket.s3_url_for_object(f"output/{index}"))
        if index % 3 == 1:
            definition = request.pop("TrainingJobDefinition")
            request["TrainingJobDefinitions"] = [
                {
                    **definition,
                    "DefinitionName": name,
                    "TuningObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
                }
                for name in ("small", "large")
            ]
            request["HyperParameterTuningJobConfig"].pop("ParameterRanges")
            for item in request["TrainingJobDefinitions"]:
                item["HyperParameterRanges"] = {
                    "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "3", "MaxValue": "10"}]
                }
        HyperParameterTuningJob.from_request(
            stack,
            f"Tuning{index}",
            request=request,
            removal_policy=cdk.RemovalPolicy.RETAIN if index % 3 == 2 else None,
            delete_job_record=index % 3 == 0,
        )
    return stack


def synthesize(stack: cdk.Stack) -> Path:
    """Synthesize the stack's app (into the App's ``outdir``); returns the stack's template file."""
    app = stack.node.root
    assert isinstance(app, cdk.App)
    app.synth()
    stage = cdk.Stage.of(stack)
    assert stage is not None
    # A stack inside a Stage lives in that stage's nested assembly; synth() returns the cached one.
    return Path(stage.synth().get_stack_artifact(stack.artifact_id).template_full_path)


def typed_stack(app: Construct, env: cdk.Environment | None = None) -> cdk.Stack:
    """A job declared with the typed API: inputs and output in an encrypted bucket, a VPC, managed spot
    training with checkpoints. The stack's own resources (buckets, key, VPC) follow the AwsSolutions pack:
    access logs, TLS only, key rotation, flow logs.

    :param env: an explicit account and region. :default: - environment-agnostic
    """
    from cdk_sagemaker_tuning import (
        BuiltInAlgorithm,
        ContinuousParameter,
        IntegerParameter,
        TrainingAlgorithm,
        TrainingCheckpoint,
        TrainingInput,
        TrainingJobDefinition,
        TrainingOutput,
        TuningObjective,
    )

    stack = cdk.Stack(app, "TypedTuning" if env is None else "TypedTuningInEnv", env=env)
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    bucket = nag_clean_bucket(stack, "Data", key, logs_prefix="data/")
    vpc = ec2.Vpc(
        stack,
        "Vpc",
        max_azs=2,
        nat_gateways=0,
        subnet_configuration=[
            ec2.SubnetConfiguration(name="training", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)
        ],
        flow_logs={"all": ec2.FlowLogOptions()},
    )
    vpc.add_gateway_endpoint("S3", service=ec2.GatewayVpcEndpointAwsService.S3)
    HyperParameterTuningJob(
        stack,
        "Tuning",
        objective=TuningObjective.maximize("validation:auc"),
        parameter_ranges=[IntegerParameter("max_depth", 3, 10), ContinuousParameter("eta", 0.1, 0.5)],
        max_training_jobs=4,
        max_parallel_training_jobs=2,
        training=TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            inputs=[
                TrainingInput.from_bucket(
                    bucket, "data/train/", channel_name="train", content_type="text/csv"
                ),
                TrainingInput.from_bucket(
                    bucket, "data/validation/", channel_name="validation", content_type="text/csv"
                ),
            ],
            output=TrainingOutput(bucket, "models/", encryption_key=key),
            volume_encryption_key=key,
            vpc=vpc,
            spot=True,
            max_runtime=cdk.Duration.hours(1),
            max_wait=cdk.Duration.hours(2),
            checkpoint=TrainingCheckpoint(bucket, "checkpoints/"),
            static_hyperparameters={"objective": "binary:logistic", "num_round": 100},
        ),
    )
    return stack


BUILDERS = {"example": example_stack, "vpc": vpc_stack, "multi": multi_job_stack}
