"""What ``SageMakerCreateHyperParameterTuningJob.from_request`` returns: the task with the raw request.

A sibling of the typed task: both extend ``TuningTaskBase``. It has no ``role``, ``grant_principal`` or
``connections``: the request names its roles and network.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from constructs import Construct

from .._core import request_paths
from ..typed.prop_types import check_keywords
from .task_base import TuningTaskBase, TuningTaskStateOptions


class RawRequestTuningTask(TuningTaskBase):
    """A task state that creates a tuning job from the raw ``CreateHyperParameterTuningJob`` request.

    Created with ``SageMakerCreateHyperParameterTuningJob.from_request(scope, id, request=...)``; not an
    instance of ``SageMakerCreateHyperParameterTuningJob`` (see ``docs/upgrading.md``).

    :param scope: the construct scope.
    :param id: the construct id.
    :param request: the request as ``aws sagemaker create-hyper-parameter-tuning-job --cli-input-json``
        takes it; values may be tokens or run-time values, except the execution roles' ``RoleArn``,
        which the state machine role may pass and must therefore know at synth time.
    :param options: the task state's props (``TuningTaskStateOptions``), as flat keywords.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        request: Mapping[str, Any],
        **options: Unpack[TuningTaskStateOptions],
    ) -> None:
        check_keywords("RawRequestTuningTask()", options, TuningTaskStateOptions)
        given = request_paths.copy_request(request)
        super().__init__(
            scope,
            id,
            job_name=given.get("HyperParameterTuningJobName"),
            tagged=bool(given.get("Tags")),
            **options,
        )
        self._bind(given)
