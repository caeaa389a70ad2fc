"""The lifecycle props of every tuning job construct, declared once: how it is named, awaited and removed.

``HyperParameterTuningJob(...)`` and ``HyperParameterTuningJob.from_request(...)`` both accept them as flat
keywords (``**options: Unpack[TuningJobLifecycleOptions]``, PEP 692); ``TuningJobBase`` applies them.
"""

from __future__ import annotations

from typing import TypedDict

from aws_cdk import RemovalPolicy

from .completion_wait import TuningJobWait


class TuningJobLifecycleOptions(TypedDict, total=False):
    """How a tuning job is named, awaited, removed and output; the same for typed and raw-request jobs.

    :param tuning_job_name_prefix: the start of the generated name (1 to 21 letters, digits and hyphens),
        like the SageMaker SDK's ``base_tuning_job_name``: the job is named ``<prefix>-<10 characters>``,
        a new name for every replacement. Not with a fixed job name. Changing only the prefix leaves the
        running job as it is; the next job created uses it.
        :default: - the stack and construct names start the generated name
    :param wait: how ``cdk deploy`` waits for the job to complete, failing the deployment when it fails
        or is stopped: ``TuningJobWait.within_event()`` (the resource is created once the job has
        completed; bounded by CloudFormation's one hour per event: about 47 minutes of waiting) or
        ``TuningJobWait.for_completion(timeout=Duration.hours(8))`` (up to 12 hours: a WaitCondition
        signalled on the job's state changes, see ``completion_wait``; gives ``best_hyperparameter(name)``
        and the training job counts too).
        :default: - no wait: the resource is created as soon as SageMaker accepts the job
    :param wait_for_completion: deprecated: ``wait=TuningJobWait.within_event()``, which it now means (with a
        ``DeprecationWarning`` and a deprecation annotation). Not with ``wait``.
        :default: false
    :param removal_policy: what happens to a running job when the resource leaves the stack (its
        ``DeletionPolicy``). ``RemovalPolicy.RETAIN`` leaves it running. A job replaced by a changed
        request is governed by ``replaced_job_removal_policy`` instead.
        :default: RemovalPolicy.DESTROY - the job is stopped and its record kept
    :param replaced_job_removal_policy: what happens to the running job when a changed request replaces
        it with a new one (its ``UpdateReplacePolicy``): ``RemovalPolicy.DESTROY`` or
        ``RemovalPolicy.RETAIN``, which leaves every replaced job running.
        :default: RemovalPolicy.DESTROY - a job replaced by a changed request is stopped
    :param delete_job_record: once a removed job has stopped, also delete its record
        (DeleteHyperParameterTuningJob).
        :default: false - the stopped job stays listed in SageMaker
    :param arn_output: add a ``CfnOutput`` with the job's ARN. Turn it off in stacks with many jobs:
        CloudFormation allows 200 outputs per stack.
        :default: true - the job's ARN is a stack output
    """

    tuning_job_name_prefix: str | None
    wait_for_completion: bool | None
    wait: TuningJobWait | None
    removal_policy: RemovalPolicy | None
    replaced_job_removal_policy: RemovalPolicy | None
    delete_job_record: bool | None
    arn_output: bool | None
