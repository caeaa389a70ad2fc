"""A warning when another stack imports a job's name or ARN: a changed request cannot then be deployed.

A changed request replaces the job (SageMaker cannot change a job), so its name and ARN change too. When
another stack uses ``job.tuning_job_name`` or ``job.tuning_job_arn``, aws-cdk-lib turns the reference into
an ``Export`` of the job's stack (a ``CfnOutput`` with ``exportName``, under ``<stack>/Exports``, created
while the app is prepared for synthesis) and an ``Fn::ImportValue`` in the consumer; ``Stack.export_value``
and a ``CfnOutput(export_name=...)`` make the same kind of export. CloudFormation refuses to change an
export that another stack imports ("Cannot update export ... as it is in use by ..."), so the deploy of
the changed request fails and rolls back. Weak references (the context flag
``@aws-cdk/core:defaultCrossStackReferences: "weak"``, which a fresh ``cdk init`` sets) read the producer's
output with ``Fn::GetStackOutput`` instead, with no export: they are not warned about.

Exports exist only once the app is prepared, after aspects have run; construct validations run after that
step, so one validation per stack (added by its first job) finds every export whose value references a
job's custom resource, and warns on that job. The warning is an ``Annotations`` warning with its own
acknowledgement id, ``cdk-sagemaker-tuning:cross-stack-export:<attribute>`` (``tuning_job_name`` or
``tuning_job_arn``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import jsii
from aws_cdk import Annotations, CfnOutput, CfnResource, Stack
from constructs import Construct, IValidation

ACKNOWLEDGEMENT_ID = "cdk-sagemaker-tuning:cross-stack-export"
_ATTRIBUTE = "_cdk_sagemaker_tuning_cross_stack"

#: The ``Fn::GetAtt`` attributes of the job that change when it is replaced, and the construct's names.
_ATTRIBUTES = {"Ref": "tuning_job_name", "Arn": "tuning_job_arn", "Name": "tuning_job_name"}


@jsii.implements(IValidation)
class _ExportedJobAttributes:
    """Warns on each job of one stack whose name or ARN the stack exports."""

    def __init__(self, stack: Stack) -> None:
        self._stack = stack
        self.jobs: list[tuple[Construct, Construct]] = []
        #: The jobs' own ARN outputs, which have no export: skipped without reading them (a call each).
        self.own_outputs: list[CfnOutput] = []

    def validate(self) -> list[str]:
        stack = self._stack
        own = {id(output) for output in self.own_outputs}
        exports = [
            construct
            for construct in stack.node.find_all()
            if isinstance(construct, CfnOutput)
            and id(construct) not in own
            and construct.export_name is not None
        ]
        if not exports:
            return []
        jobs = {_logical_id(stack, resource): job for job, resource in self.jobs}
        for export in exports:
            for logical_id, attribute in _references(stack.resolve(export.value)):
                job = jobs.get(logical_id)
                if job is not None:
                    _warn(job, attribute, stack.resolve(export.export_name))
        return []  # warnings, not errors: the export works until the request changes


def _logical_id(stack: Stack, resource: Construct) -> Any:
    """The logical id of a ``CustomResource``'s ``CfnResource``, read only when the stack has exports."""
    cfn_resource = resource.node.default_child
    assert isinstance(cfn_resource, CfnResource)
    return stack.resolve(cfn_resource.logical_id)


def _warn(job: Construct, attribute: str, export_name: Any) -> None:
    prop = _ATTRIBUTES.get(attribute, attribute)
    Annotations.of(job).add_warning_v2(
        f"{ACKNOWLEDGEMENT_ID}:{prop}",
        f"the job's {prop} is exported ({export_name}), for example because another stack uses it: a "
        "changed request replaces the job with a new name and ARN, and CloudFormation cannot change an "
        "export that another stack imports, so that deploy fails. Use a weak reference instead: the context "
        "flag '@aws-cdk/core:defaultCrossStackReferences': 'weak' (as a fresh cdk init sets it), or an SSM "
        "parameter (ssm.StringParameter in this stack, ssm.StringParameter.value_for_string_parameter in the "
        "other); see docs/lifecycle.md, 'Using a job from another stack'",
    )


def _references(value: Any) -> Iterator[tuple[str, str]]:
    """The ``(logical id, attribute)`` of every ``Ref`` / ``Fn::GetAtt`` in a resolved value."""
    if isinstance(value, dict):
        ref = value.get("Ref")
        if isinstance(ref, str):
            yield ref, "Ref"
        get_att = value.get("Fn::GetAtt")
        if isinstance(get_att, list) and len(get_att) == 2 and all(isinstance(p, str) for p in get_att):
            yield get_att[0], get_att[1]
        for item in value.values():
            yield from _references(item)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item)


def watch(job: Construct, stack: Stack, resource: Construct, own_outputs: Sequence[CfnOutput] = ()) -> None:
    """Warn at synth when ``stack`` (the stack of ``job``) exports an attribute of the job's custom resource
    ``resource`` (a ``CustomResource``); ``own_outputs`` are the job's own outputs, which export nothing."""
    checker = getattr(stack, _ATTRIBUTE, None)
    if checker is None:
        checker = _ExportedJobAttributes(stack)
        setattr(stack, _ATTRIBUTE, checker)
        stack.node.add_validation(checker)
    checker.jobs.append((job, resource))
    checker.own_outputs.extend(own_outputs)
