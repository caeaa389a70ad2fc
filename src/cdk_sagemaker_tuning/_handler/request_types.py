"""Restore the scalar types that CloudFormation turned into strings, from the model the client sends with.

CloudFormation delivers every scalar of a custom resource's properties as a string: ``10`` arrives as
``"10"`` and ``true`` as ``"true"``. The SageMaker API wants integers, floats and booleans back. Which
field has which type is read from that model (the library's vendored one) by walking the operation's
input shape, so every field the API has (today's and tomorrow's) is covered without a hand-kept list of names.

Pure functions: no network, no AWS credentials.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

from botocore.model import ListShape, MapShape, ServiceModel, Shape, StructureShape

from . import sagemaker_api

#: The operation whose input shape describes the ``Request`` property.
CREATE_OPERATION = "CreateHyperParameterTuningJob"


class RequestTypeError(ValueError):
    """A stringified scalar that cannot be the type the service model asks for."""


@functools.cache
def sagemaker_model() -> ServiceModel:
    """The SageMaker model the handler's client sends with (``sagemaker_api.botocore_session``: the
    library's vendored one), loaded once per process: it is a large JSON file."""
    model: ServiceModel = sagemaker_api.botocore_session().get_service_model("sagemaker")
    return model


def restore_request(request: Mapping[str, Any], operation: str = CREATE_OPERATION) -> dict[str, Any]:
    """``request`` with every stringified scalar turned back into the type ``operation`` expects.

    Fields the model does not know are kept as they are: botocore's parameter validation then names them
    precisely when the request is sent.

    :raises RequestTypeError: a value cannot be converted; the message names its dotted API path.
    """
    shape = sagemaker_model().operation_model(operation).input_shape
    if shape is None:
        raise ValueError(f"{operation} has no input shape in botocore's SageMaker model")
    restored: dict[str, Any] = _restore(request, shape, "")
    return restored


def _restore(value: Any, shape: Shape, path: str) -> Any:
    if isinstance(shape, StructureShape):
        if not isinstance(value, Mapping):
            return value
        return {
            key: _restore(item, shape.members[key], _join(path, key)) if key in shape.members else item
            for key, item in value.items()
        }
    if isinstance(shape, ListShape):
        if not isinstance(value, list):
            return value
        return [_restore(item, shape.member, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(shape, MapShape):
        if not isinstance(value, Mapping):
            return value
        return {key: _restore(item, shape.value, _join(path, str(key))) for key, item in value.items()}
    converter = _SCALARS.get(shape.type_name)
    if converter is None or not isinstance(value, str):
        # Strings, timestamps and blobs travel as strings anyway; a value that is already typed (or of
        # the wrong kind altogether) is left for botocore's validation to judge.
        return value
    return converter(value, path)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _to_integer(text: str, path: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        pass
    # A number written as 10.0 in a template reaches us as "10.0"; it is still the integer 10.
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if math.isfinite(number) and number.is_integer():
        return int(number)
    raise RequestTypeError(f"Request.{path}: expected an integer, got {text!r}")


def _to_float(text: str, path: str) -> float:
    try:
        number = float(text.strip())
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise RequestTypeError(f"Request.{path}: expected a finite number, got {text!r}")
    return number


def _to_boolean(text: str, path: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise RequestTypeError(f"Request.{path}: expected 'true' or 'false', got {text!r}")


_SCALARS = {
    "integer": _to_integer,
    "long": _to_integer,
    "float": _to_float,
    "double": _to_float,
    "boolean": _to_boolean,
}
