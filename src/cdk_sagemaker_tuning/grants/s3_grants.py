"""What the execution role may do in S3: exactly what SageMaker needs to read a prefix.

aws-cdk-lib's ``Bucket.grant_read(grantee, "prefix*")`` also allows ``s3:GetBucket*`` and every ``s3:List*``
action on the whole bucket (and ``s3:GetObject*``: versions, ACLs, tags). SageMaker reads a channel or a
checkpoint prefix with ``ListObjects`` (``s3:ListBucket``) under that prefix and ``GetObject``; the developer
guide's execution-role policy for CreateTrainingJob grants those two
(https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createtrainingjob-perms).
So the role may list the bucket only with an ``s3:prefix`` under the granted one
(https://docs.aws.amazon.com/AmazonS3/latest/userguide/amazon-s3-policy-keys.html#condition-key-bucket-ops-2).
"""

from __future__ import annotations

from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3


def grant_read_prefix(bucket: s3.IBucket, grantee: iam.IGrantable, prefix: str) -> None:
    """Allow ``grantee`` to list ``bucket`` under ``prefix`` and read the objects there (and decrypt them).

    :param prefix: the key prefix; "" for the whole bucket, which lists without a prefix condition (a
        listing of the whole bucket has no ``s3:prefix`` to match).
    """
    iam.Grant.add_to_principal(
        grantee=grantee, actions=["s3:GetObject"], resource_arns=[bucket.arn_for_objects(f"{prefix}*")]
    )
    iam.Grant.add_to_principal(
        grantee=grantee,
        actions=["s3:ListBucket"],
        resource_arns=[bucket.bucket_arn],
        conditions={"StringLike": {"s3:prefix": [f"{prefix}*"]}} if prefix else None,
    )
    if bucket.encryption_key is not None:
        bucket.encryption_key.grant_decrypt(grantee)
