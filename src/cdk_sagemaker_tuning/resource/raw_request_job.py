"""What ``HyperParameterTuningJob.from_request`` returns: a tuning job declared with the raw request.

A sibling of the typed ``HyperParameterTuningJob``: both extend ``TuningJobBase``, which deploys the request.
It has no ``role``, ``grant_principal`` or ``connections``: the request names its roles and network.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from constructs import Construct

from ..typed.prop_types import check_keywords
from .lifecycle import TuningJobLifecycleOptions
from .tuning_job_base import TuningJobBase


class RawRequestTuningJob(TuningJobBase):
    """A tuning job built from the raw ``CreateHyperParameterTuningJob`` request.

    Created with ``HyperParameterTuningJob.from_request(scope, id, request=...)``. Not an instance of
    ``HyperParameterTuningJob`` (in earlier versions it was a subclass whose ``role`` raised): both are
    ``TuningJobBase``; see ``docs/upgrading.md``.

    :param scope: the construct scope.
    :param id: the construct id; changing it replaces the job.
    :param request: the request exactly as ``aws sagemaker create-hyper-parameter-tuning-job
        --cli-input-json`` takes it. Values may be CDK tokens.
    :param options: the lifecycle props (``TuningJobLifecycleOptions``), as flat keywords.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        request: Mapping[str, Any],
        **options: Unpack[TuningJobLifecycleOptions],
    ) -> None:
        check_keywords("RawRequestTuningJob()", options, TuningJobLifecycleOptions)
        super().__init__(scope, id, **options)
        self._bind(request)
