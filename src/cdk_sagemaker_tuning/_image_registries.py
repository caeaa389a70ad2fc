"""Registry accounts of SageMaker's built-in training images, per region (data, not code).

Source: the SageMaker Python SDK (github.com/aws/sagemaker-python-sdk, Apache-2.0),
``src/sagemaker/image_uri_config/xgboost.json`` at commit 02ed3cbfd8f1c519f8a829b545bb78a47a538546
(scope "training", versions 0.90-1 to 1.7-1, which all share these accounts) and
``src/sagemaker/image_uri_config/linear-learner.json`` at commit 64fee3efb9a1cd039a3202acfaf6df81e97b2d8f
(version "1"). An image URI is ``{account}.dkr.ecr.{region}.{domain suffix}/{repository}:{version}``.

To add a version or a region, copy the accounts from the SDK's file of a newer release and cite it here.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import NamedTuple


class ImageRegistry(NamedTuple):
    repository: str
    versions: tuple[str, ...]
    accounts: MappingProxyType[str, str]


_SAGEMAKER_XGBOOST_ACCOUNTS = {
    "af-south-1": "510948584623",
    "ap-east-1": "651117190479",
    "ap-northeast-1": "354813040037",
    "ap-northeast-2": "366743142698",
    "ap-northeast-3": "867004704886",
    "ap-south-1": "720646828776",
    "ap-south-2": "628508329040",
    "ap-southeast-1": "121021644041",
    "ap-southeast-2": "783357654285",
    "ap-southeast-3": "951798379941",
    "ap-southeast-4": "106583098589",
    "ca-central-1": "341280168497",
    "ca-west-1": "190319476487",
    "cn-north-1": "450853457545",
    "cn-northwest-1": "451049120500",
    "eu-central-1": "492215442770",
    "eu-central-2": "680994064768",
    "eu-north-1": "662702820516",
    "eu-south-1": "978288397137",
    "eu-south-2": "104374241257",
    "eu-west-1": "141502667606",
    "eu-west-2": "764974769150",
    "eu-west-3": "659782779980",
    "il-central-1": "898809789911",
    "me-central-1": "272398656194",
    "me-south-1": "801668240914",
    "sa-east-1": "737474898029",
    "us-east-1": "683313688378",
    "us-east-2": "257758044811",
    "us-gov-east-1": "237065988967",
    "us-gov-west-1": "414596584902",
    "us-iso-east-1": "833128469047",
    "us-isob-east-1": "281123927165",
    "us-isof-east-1": "108575199400",
    "us-isof-south-1": "124985052026",
    "us-west-1": "746614075791",
    "us-west-2": "246618743249",
}

_LINEAR_LEARNER_ACCOUNTS = {
    "af-south-1": "455444449433",
    "ap-east-1": "286214385809",
    "ap-northeast-1": "351501993468",
    "ap-northeast-2": "835164637446",
    "ap-northeast-3": "867004704886",
    "ap-south-1": "991648021394",
    "ap-southeast-1": "475088953585",
    "ap-southeast-2": "712309505854",
    "ca-central-1": "469771592824",
    "cn-north-1": "390948362332",
    "cn-northwest-1": "387376663083",
    "eu-central-1": "664544806723",
    "eu-north-1": "669576153137",
    "eu-west-1": "438346466558",
    "eu-west-2": "644912444149",
    "eu-west-3": "749696950732",
    "eu-south-1": "257386234256",
    "me-south-1": "249704162688",
    "sa-east-1": "855470959533",
    "us-east-1": "382416733822",
    "us-east-2": "404615174143",
    "us-gov-west-1": "226302683700",
    "us-iso-east-1": "490574956308",
    "us-west-1": "632365934929",
    "us-west-2": "174872318107",
}

# Keyed by the value of ``BuiltInAlgorithm``; the first version listed is the default.
REGISTRIES: MappingProxyType[str, ImageRegistry] = MappingProxyType(
    {
        "xgboost": ImageRegistry(
            repository="sagemaker-xgboost",
            versions=("1.7-1", "1.5-1", "1.3-1", "1.2-2", "1.2-1", "1.0-1", "0.90-2", "0.90-1"),
            accounts=MappingProxyType(_SAGEMAKER_XGBOOST_ACCOUNTS),
        ),
        "linear-learner": ImageRegistry(
            repository="linear-learner",
            versions=("1",),
            accounts=MappingProxyType(_LINEAR_LEARNER_ACCOUNTS),
        ),
    }
)
