"""Synth warnings for what a created execution role needs but the library cannot grant.

When the library creates the execution role, it grants what each source of the definition names: a bucket
and prefix, an ECR repository, a key. Some sources name nothing grantable at synth: an S3 URI string
(``TrainingInput.from_s3_uri``) or an image URI that is a token (``TrainingAlgorithm.from_image_uri`` with
an unresolved value). The training jobs would then fail at run time with an access error, so each such
source gets a warning on the tuning job saying what the role lacks and how to grant it, under an
acknowledgement id of its own kind.

A role the user gives is theirs to grant: no warning (as with aws-cdk-lib's ``SageMakerCreateTrainingJob``).
"""

from __future__ import annotations

from typing import NamedTuple

from aws_cdk import Annotations
from constructs import IConstruct

#: Acknowledgement id of the warning about an image the created role is granted no pull on.
UNGRANTED_IMAGE = "cdk-sagemaker-tuning:ungranted-image"
#: Acknowledgement id of the warning about S3 input data the created role is granted no read on.
UNGRANTED_S3_INPUT = "cdk-sagemaker-tuning:ungranted-s3-input"


class PermissionGap(NamedTuple):
    """What the created role lacks: the warning's acknowledgement id and its message."""

    warning_id: str
    message: str


def warn(scope: IConstruct, gap: PermissionGap) -> None:
    """Warn on ``scope`` (the tuning job) about ``gap``; acknowledge with ``gap.warning_id``."""
    Annotations.of(scope).add_warning_v2(
        gap.warning_id,
        f"{gap.message} (acknowledge with Annotations.of(job).acknowledge_warning('{gap.warning_id}') "
        "once granted)",
    )
