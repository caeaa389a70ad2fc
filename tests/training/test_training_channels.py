"""Input channels, output and checkpoints: the API shapes they render and the grants they make.

Channels are rendered through a tuning job declared with them (its public ``request``).
"""

from __future__ import annotations

import pytest
from aws_cdk import App, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3

from cdk_sagemaker_tuning import (
    BuiltInAlgorithm,
    CompressionType,
    FileSystemAccessMode,
    HyperParameterTuningJob,
    InputMode,
    IntegerParameter,
    OutputCompression,
    RecordWrapper,
    S3DataDistribution,
    S3DataType,
    TrainingAlgorithm,
    TrainingCheckpoint,
    TrainingInput,
    TrainingJobDefinition,
    TrainingOutput,
    TuningObjective,
)
from tests.problems import raises_problem


@pytest.fixture
def env():
    stack = Stack(App(), "Channels")
    bucket = s3.Bucket(stack, "Data")
    role = iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("sagemaker.amazonaws.com"))
    return stack, bucket, role


def _statements(stack: Stack, role: iam.Role, *, on: str | None = None) -> list[dict]:
    """The role's statements; ``on`` keeps those on one resource (a job also grants its output bucket)."""
    statements = stack.resolve(role.node.find_child("DefaultPolicy").document)["Statement"]
    return [statement for statement in statements if on is None or on in str(statement["Resource"])]


def _rendered_definition(stack: Stack, role: iam.Role, **props: object) -> dict:
    """The training definition a tuning job declared with ``props`` renders (its public ``request``)."""
    props.setdefault("output", TrainingOutput(s3.Bucket.from_bucket_name(stack, "Out", "output-bucket")))
    job = HyperParameterTuningJob(
        stack,
        "Job",
        objective=TuningObjective.maximize("validation:auc"),
        parameter_ranges=[IntegerParameter("max_depth", 3, 10)],
        max_training_jobs=2,
        training=TrainingJobDefinition(
            algorithm=TrainingAlgorithm.builtin(BuiltInAlgorithm.XGBOOST),
            role=role,
            **{"static_hyperparameters": {"num_round": 10}, **props},
        ),
    )
    definition: dict = stack.resolve(job.request)["TrainingJobDefinition"]
    return definition


def _rendered_input(stack: Stack, role: iam.Role, channel: TrainingInput) -> dict:
    """The channel as a tuning job declared with it renders it."""
    vpc = ec2.Vpc(stack, "Vpc", max_azs=1) if channel.uses_file_system else None
    [rendered] = _rendered_definition(stack, role, inputs=[channel], vpc=vpc)["InputDataConfig"]
    return rendered


def _bucket_arn(suffix: str) -> dict:
    return {"Fn::Join": ["", [{"Fn::GetAtt": [BUCKET, "Arn"]}, suffix]]}


# Logical ids of the fixture's bucket and key (construct paths Channels/Data and Channels/Key).
BUCKET = "Data666C94C7"
KEY = "Key961B73FD"


def test_from_bucket_renders_every_option_and_grants_read_on_the_prefix(env):
    stack, bucket, role = env
    # GIVEN a channel on a bucket prefix with every option set
    channel = TrainingInput.from_bucket(
        bucket,
        "data/train/",
        channel_name="train",
        s3_data_type=S3DataType.AUGMENTED_MANIFEST_FILE,
        distribution=S3DataDistribution.SHARDED_BY_S3_KEY,
        attribute_names=["source-ref", "label"],
        content_type="application/x-recordio",
        compression=CompressionType.GZIP,
        record_wrapper=RecordWrapper.RECORD_IO,
        input_mode=InputMode.PIPE,
        shuffle_seed=7,
    )
    # WHEN it is bound
    rendered = _rendered_input(stack, role, channel)
    # THEN each option is in its API field
    assert rendered == {
        "ChannelName": "train",
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "AugmentedManifestFile",
                "S3Uri": {"Fn::Join": ["", ["s3://", {"Ref": BUCKET}, "/data/train/"]]},
                "S3DataDistributionType": "ShardedByS3Key",
                "AttributeNames": ["source-ref", "label"],
            }
        },
        "ContentType": "application/x-recordio",
        "CompressionType": "Gzip",
        "RecordWrapperType": "RecordIO",
        "InputMode": "Pipe",
        "ShuffleConfig": {"Seed": 7},
    }
    # AND the role may read that prefix's objects and list the bucket under that prefix only, and write
    # nothing: no s3:GetBucket* or s3:List* on the whole bucket
    statements = _statements(stack, role, on=BUCKET)
    assert statements == [
        {"Action": "s3:GetObject", "Effect": "Allow", "Resource": _bucket_arn("/data/train/*")},
        {
            "Action": "s3:ListBucket",
            "Condition": {"StringLike": {"s3:prefix": ["data/train/*"]}},
            "Effect": "Allow",
            "Resource": {"Fn::GetAtt": [BUCKET, "Arn"]},
        },
    ]


def test_from_bucket_defaults_to_an_s3_prefix_and_leaves_options_to_sagemaker(env):
    stack, bucket, role = env
    rendered = _rendered_input(stack, role, TrainingInput.from_bucket(bucket, "train", channel_name="train"))
    assert rendered == {
        "ChannelName": "train",
        "DataSource": {
            "S3DataSource": {
                "S3DataType": "S3Prefix",
                "S3Uri": {"Fn::Join": ["", ["s3://", {"Ref": BUCKET}, "/train"]]},
            }
        },
    }


def test_from_s3_uri_renders_the_uri_and_grants_nothing(env):
    stack, _, role = env
    channel = TrainingInput.from_s3_uri(
        "s3://shared/manifests/train.manifest",
        channel_name="train",
        s3_data_type=S3DataType.MANIFEST_FILE,
        distribution=S3DataDistribution.FULLY_REPLICATED,
    )
    rendered = _rendered_input(stack, role, channel)
    assert rendered["DataSource"] == {
        "S3DataSource": {
            "S3DataType": "ManifestFile",
            "S3Uri": "s3://shared/manifests/train.manifest",
            "S3DataDistributionType": "FullyReplicated",
        }
    }
    assert _statements(stack, role, on=BUCKET) == [] and "shared" not in str(
        stack.resolve(role.node.find_child("DefaultPolicy").document)
    )


@pytest.mark.parametrize(
    ("factory", "file_system_type"),
    [(TrainingInput.from_efs, "EFS"), (TrainingInput.from_fsx_lustre, "FSxLustre")],
)
def test_file_system_channels_render_a_file_system_data_source(env, factory, file_system_type):
    stack, _, role = env
    channel = factory(
        "fs-0123456789abcdef0",
        "/data/train",
        channel_name="train",
        access_mode=FileSystemAccessMode.READ_WRITE,
        content_type="text/csv",
    )
    rendered = _rendered_input(stack, role, channel)
    assert channel.uses_file_system
    assert rendered == {
        "ChannelName": "train",
        "DataSource": {
            "FileSystemDataSource": {
                "FileSystemId": "fs-0123456789abcdef0",
                "FileSystemAccessMode": "rw",
                "FileSystemType": file_system_type,
                "DirectoryPath": "/data/train",
            }
        },
        "ContentType": "text/csv",
    }


def test_file_system_access_defaults_to_read_only(env):
    stack, _, role = env
    rendered = _rendered_input(
        stack, role, TrainingInput.from_efs("fs-0123456789abcdef0", "/d", channel_name="c")
    )
    assert rendered["DataSource"]["FileSystemDataSource"]["FileSystemAccessMode"] == "ro"


@pytest.mark.parametrize(
    ("make", "rule", "message"),
    [
        (
            lambda b: TrainingInput.from_bucket(b, "x", channel_name=7),
            "prop-type",
            r"input channel 7: 'channel_name' must be a string, got 7",
        ),
        (
            lambda b: TrainingInput.from_bucket(b, "/x", channel_name="train"),
            "prop-value",
            r"'prefix' should be a key prefix not starting with '/', got '/x'",
        ),
        (
            lambda b: TrainingInput.from_bucket(b, "x", channel_name="train", compression="Gzip"),
            "prop-type",
            r"'compression' should be a CompressionType \(NONE, GZIP\), got 'Gzip'",
        ),
        (
            lambda b: TrainingInput.from_bucket(b, "x", channel_name="train", shuffle_seed=1.5),
            "prop-type",
            r"'shuffle_seed' should be an integer, got 1.5",
        ),
        (
            lambda b: TrainingInput.from_bucket(b, None, channel_name="train"),
            "prop-type",
            r"'prefix' should be a key prefix not starting with '/', got None",
        ),
        (
            lambda b: TrainingInput.from_fsx_lustre("fs-0123456789abcdef0", "data", channel_name="train"),
            "prop-value",
            r"'directory_path' should be an absolute path, got 'data'",
        ),
        (
            lambda b: TrainingOutput(b, "/out"),
            "prop-value",
            r"'output.prefix' should be a key prefix not starting with '/', got '/out'",
        ),
        (
            lambda b: TrainingCheckpoint(b, "ckpt/", local_path="checkpoints"),
            "prop-value",
            r"'checkpoint.local_path' should be an absolute path, got 'checkpoints'",
        ),
    ],
)
def test_bad_channel_output_or_checkpoint_props_name_the_field_and_value(env, make, rule, message):
    _, bucket, _ = env
    with raises_problem(rule, message):
        make(bucket)


def test_output_renders_path_key_and_compression_and_grants_put_and_key_use(env):
    stack, bucket, role = env
    # GIVEN an output prefix encrypted with a key of the stack
    key = kms.Key(stack, "Key")
    output = TrainingOutput(bucket, "models/", encryption_key=key, compression=OutputCompression.NONE)
    # WHEN it is bound
    rendered = _rendered_definition(stack, role, output=output)["OutputDataConfig"]
    # THEN path, key and compression are in their API fields
    assert rendered == {
        "S3OutputPath": {"Fn::Join": ["", ["s3://", {"Ref": BUCKET}, "/models/"]]},
        "KmsKeyId": {"Fn::GetAtt": [KEY, "Arn"]},
        "CompressionType": "NONE",
    }
    # AND the role may put objects under the prefix (never delete) and use the key for the upload
    statements = _statements(stack, role)
    put = next(s for s in statements if "s3:PutObject" in s["Action"])
    assert put["Resource"] == _bucket_arn("/models/*")
    assert not any("s3:DeleteObject*" in s["Action"] for s in statements)
    encrypt = next(s for s in statements if "kms:GenerateDataKey*" in s["Action"])
    assert encrypt["Resource"] == {"Fn::GetAtt": [KEY, "Arn"]}
    assert "kms:Decrypt" in encrypt["Action"]  # completing a multipart upload under SSE-KMS
    assert "kms:CreateGrant" not in encrypt["Action"]


def test_output_at_the_bucket_root(env):
    stack, bucket, role = env
    rendered = _rendered_definition(stack, role, output=TrainingOutput(bucket))["OutputDataConfig"]
    assert rendered == {"S3OutputPath": {"Fn::Join": ["", ["s3://", {"Ref": BUCKET}]]}}


def test_checkpoint_renders_uri_and_local_path_and_grants_read_and_put(env):
    stack, bucket, role = env
    checkpoint = TrainingCheckpoint(bucket, "ckpt/", local_path="/opt/ml/ckpt")
    rendered = _rendered_definition(stack, role, checkpoint=checkpoint)["CheckpointConfig"]
    assert rendered == {
        "S3Uri": {"Fn::Join": ["", ["s3://", {"Ref": BUCKET}, "/ckpt/"]]},
        "LocalPath": "/opt/ml/ckpt",
    }
    statements = _statements(stack, role, on=BUCKET)
    actions = {action for s in statements for action in _as_list(s["Action"])}
    assert {"s3:GetObject", "s3:ListBucket", "s3:PutObject"} <= actions
    assert "s3:DeleteObject*" not in actions
    for statement in statements:
        # objects under the prefix, or the bucket listed under that prefix only
        if statement["Action"] == "s3:ListBucket":
            assert statement["Condition"] == {"StringLike": {"s3:prefix": ["ckpt/*"]}}
        else:
            assert _bucket_arn("/ckpt/*") in _as_list(statement["Resource"])


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def test_channel_names_uris_and_file_systems_are_checked_against_the_model_naming_the_input():
    # GIVEN channels whose name, URI and file system id SageMaker's model refuses
    from tests.samples import findings

    message = findings(
        training_props={
            "inputs": [
                TrainingInput.from_s3_uri("s3://b/x", channel_name="bad name"),
                TrainingInput.from_s3_uri("bucket/key", channel_name="train"),
            ]
        }
    )
    # THEN each finding names the API field and the input it came from
    assert (
        "InputDataConfig[0].ChannelName (training.inputs[0]): 'bad name' does not match the pattern"
        in message
    )
    assert (
        "InputDataConfig[1].DataSource.S3DataSource.S3Uri (training.inputs[1]): 'bucket/key' does not match"
        in message
    )


@pytest.mark.parametrize(
    "factory",
    [
        lambda bucket, **o: TrainingInput.from_bucket(bucket, "p/", channel_name="c", **o),
        lambda bucket, **o: TrainingInput.from_s3_uri("s3://b/p/", channel_name="c", **o),
        lambda bucket, **o: TrainingInput.from_dataset(
            "arn:aws:sagemaker:us-east-1:123456789012:hub-content/h/DataSet/d/1.0.0", channel_name="c", **o
        ),
        lambda bucket, **o: TrainingInput.from_efs("fs-0123456789abcdef0", "/d", channel_name="c", **o),
        lambda bucket, **o: TrainingInput.from_fsx_lustre(
            "fs-0123456789abcdef0", "/m/d", channel_name="c", **o
        ),
    ],
    ids=["from_bucket", "from_s3_uri", "from_dataset", "from_efs", "from_fsx_lustre"],
)
def test_every_factory_takes_the_shared_channel_options_and_renders_them_alike(env, factory):
    # GIVEN the channel options declared once (ChannelOptions), given flat to each factory
    stack, bucket, role = env
    channel = factory(
        bucket,
        content_type="text/csv",
        compression=CompressionType.GZIP,
        record_wrapper=RecordWrapper.RECORD_IO,
        input_mode=InputMode.PIPE,
        shuffle_seed=5,
    )
    # WHEN rendered by a job, THEN each option is where the API wants it
    rendered = _rendered_input(stack, role, channel)
    assert {key: rendered[key] for key in rendered if key not in ("ChannelName", "DataSource")} == {
        "ContentType": "text/csv",
        "CompressionType": "Gzip",
        "RecordWrapperType": "RecordIO",
        "InputMode": "Pipe",
        "ShuffleConfig": {"Seed": 5},
    }
