"""The library's vendored SageMaker model as botocore reads it, for tests that use botocore's own validator."""

from __future__ import annotations

import functools
import json

from botocore.model import ServiceModel, StructureShape

from cdk_sagemaker_tuning.validation.api_model import MODEL_FILE

OPERATION = "CreateHyperParameterTuningJob"


@functools.cache
def vendored_service_model() -> ServiceModel:
    """The vendored file, loaded by botocore exactly as the handler's client loads it."""
    return ServiceModel(json.loads(MODEL_FILE.read_text()), service_name="sagemaker")


def input_shape(operation: str = OPERATION) -> StructureShape:
    """botocore's shape of ``operation``'s request in the vendored model."""
    shape = vendored_service_model().operation_model(operation).input_shape
    assert isinstance(shape, StructureShape)
    return shape
