"""Where a channel's data comes from, and what that source needs: rules between a channel and its definition.

These rules apply to every request, typed or raw; the typed classes only check Python types.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import tokens
from .errors import show
from .report import ValidationReport
from .request_parts import Definition, definitions


def file_systems_need_a_vpc(request: Mapping[str, Any], report: ValidationReport) -> None:
    """A channel that reads Amazon EFS or FSx for Lustre needs the definition's VpcConfig.

    Developer guide, Access training data: with a file system data source "your training job must connect
    to the VPC" that reaches the file system, through VpcConfig's subnets and security groups.
    https://docs.aws.amazon.com/sagemaker/latest/dg/model-access-training-data.html
    """
    for definition in definitions(request):
        if definition.value.get("VpcConfig") is not None:
            continue
        for path, channel in _channels(definition):
            source = tokens.mapping(tokens.get(channel, "DataSource")) or {}
            file_system = tokens.mapping(source.get("FileSystemDataSource"))
            if file_system is None:
                continue
            kind = _FILE_SYSTEMS.get(tokens.string(file_system.get("FileSystemType")) or "", "a file system")
            report.error(
                f"{path}.DataSource.FileSystemDataSource",
                f"reads {kind} but {definition.path} has no VpcConfig: give one whose subnets and security "
                "groups reach the file system",
                None,
            )


def attribute_names_need_an_augmented_manifest(request: Mapping[str, Any], report: ValidationReport) -> None:
    """S3DataSource.AttributeNames only with S3DataType AugmentedManifestFile.

    API_S3DataSource, AttributeNames: "A list of one or more attribute names to use that are found in a
    specified augmented manifest file."
    https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_S3DataSource.html
    """
    for definition in definitions(request):
        for path, channel in _channels(definition):
            source = tokens.mapping(
                tokens.get(tokens.mapping(tokens.get(channel, "DataSource")), "S3DataSource")
            )
            if source is None or source.get("AttributeNames") is None:
                continue
            data_type = tokens.string(source.get("S3DataType"))
            if data_type is not None and data_type != "AugmentedManifestFile":
                report.error(
                    f"{path}.DataSource.S3DataSource.AttributeNames",
                    f"is given with S3DataType {show(data_type)}; attribute names are read from an augmented "
                    "manifest only (S3DataType 'AugmentedManifestFile')",
                    source.get("AttributeNames"),
                )


_FILE_SYSTEMS = {"EFS": "Amazon EFS", "FSxLustre": "FSx for Lustre"}


def _channels(definition: Definition) -> list[tuple[str, Any]]:
    channels = tokens.items(definition.value.get("InputDataConfig")) or []
    return [
        (f"{definition.path}.InputDataConfig[{index}]", channel) for index, channel in enumerate(channels)
    ]


RULES = (file_systems_need_a_vpc, attribute_names_need_an_augmented_manifest)
