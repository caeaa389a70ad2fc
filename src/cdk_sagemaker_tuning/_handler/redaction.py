"""Request values that no answer to CloudFormation may show: Environment and StaticHyperParameters.

SageMaker's validation messages quote the offending value ("Value '...' at
'trainingJobDefinition.environment' failed to satisfy constraint"), and a FAILED reason reaches the stack's
events, its SNS notifications and ``cdk deploy``'s output in CI logs. Training containers' environment
variables and static hyperparameters are where users put credentials, so every answer's reason has their
values replaced, and any value quoted at such a path, whatever it is.

Pure functions: nothing here calls AWS.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

#: What stands in for a redacted value.
MASK: Final = "***"
#: Shorter values are left in the text: a value of one to three characters ("1", "0.1", "auc") cannot be a
#: credential, and replacing it everywhere would garble the rest of the message.
MIN_REDACTED_LENGTH: Final = 4
#: The members whose values are redacted, in each training job definition of the request.
SECRET_MEMBERS: Final = ("Environment", "StaticHyperParameters")
#: SageMaker's constraint messages: ``Value '<value>' at '<path>'``; the value goes when the path is one of
#: the secret members (the API's own camel case: ``environment``, ``staticHyperParameters``).
_QUOTED_AT_SECRET_PATH: Final = re.compile(
    r"(Value ')(.*?)(' at '[^']*(?:environment|staticHyperParameters))", re.IGNORECASE | re.DOTALL
)


def secret_values(*requests: Mapping[str, Any] | None) -> list[str]:
    """Every value of Environment and StaticHyperParameters in the requests' training job definitions."""
    values = {value for request in requests if request for value in _values(request)}
    return sorted((value for value in values if len(value) >= MIN_REDACTED_LENGTH), key=len, reverse=True)


def redact(text: str, values: Iterable[str]) -> str:
    """``text`` with each of ``values`` (longest first) and any value quoted at a secret path masked."""
    text = _QUOTED_AT_SECRET_PATH.sub(lambda match: match[1] + MASK + match[3], text)
    for value in values:
        text = text.replace(value, MASK)
    return text


def _values(request: Mapping[str, Any]) -> Iterator[str]:
    definitions = [request.get("TrainingJobDefinition"), *(request.get("TrainingJobDefinitions") or [])]
    for definition in definitions:
        if not isinstance(definition, Mapping):
            continue
        for member in SECRET_MEMBERS:
            values = definition.get(member)
            if isinstance(values, Mapping):
                yield from (str(value) for value in values.values() if value is not None)
