"""The checks the typed classes and the constructs make while the app is built, each with a stable id.

The request's rules (``validation/registry.py``) read a rendered request. These read what only the
Python side sees: a prop's Python type, props given together, a construct id already taken, a built-in
image missing in a region. Their findings are ``Problem`` s with an id and a level, raised together as
one ``TuningJobValidationError``, so users meet one vocabulary. Every check is declared here, once, so
that the README's table (``PYTHONPATH=src python scripts/rules_table.py --write``) lists them all;
``tests/validation/test_checks.py`` has a failing case for each.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .problems import ERROR, Level, Problem, TuningJobValidationError

_PROP = re.compile(r"'([^']+)'")


@dataclass(frozen=True)
class ConstructCheck:
    """One declared check.

    :param id: stable and unique (among these and the request's rules), lower-case words joined by hyphens.
    :param summary: what it checks, one sentence (the README's table shows it).
    :param source: where the fact comes from: this library's API, a SageMaker or CloudFormation page.
    :param level: every check here fails the synth. :default: ERROR
    """

    id: str
    summary: str
    source: str
    level: Level = ERROR

    def problem(self, message: str, *, prop: str | None = None, value: object = None) -> Problem:
        """A finding of this check; ``prop`` defaults to the name quoted first in ``message`` (``'role' ...``)."""
        if prop is None:
            quoted = _PROP.match(message)
            prop = quoted[1] if quoted else None
        return Problem("", message, value, prop=prop, rule=self.id, level=self.level)

    def error(
        self, message: str, *, prop: str | None = None, value: object = None
    ) -> TuningJobValidationError:
        """The exception to raise for one finding: ``raise BUILTIN_IMAGE_REGION.error(...)``."""
        return TuningJobValidationError([self.problem(message, prop=prop, value=value)])


def raise_for(problems: Iterable[Problem], context: str = "") -> None:
    """Raise one ``TuningJobValidationError`` with every problem, if any, each message after ``context``."""
    found = [replace(problem, message=context + problem.message) for problem in problems]
    if found:
        raise TuningJobValidationError(found)


PROP_TYPE = ConstructCheck(
    "prop-type",
    "A typed prop has the Python type it documents (a Duration, an enum member, a TuningObjective, a list of "
    "ranges...), named with its value.",
    "this library's typed API (docstrings and type hints)",
)
PROP_VALUE = ConstructCheck(
    "prop-value",
    "A typed prop's value has the form its class documents: S3 key prefixes without a leading '/', absolute "
    "paths, whole seconds and GiB, finite numbers, an existing Dockerfile, a removal policy that applies.",
    "this library's typed API (docstrings)",
)
PROP_COMBINATION = ConstructCheck(
    "prop-combination",
    "Typed props that exclude or need one another are given apart or together as documented (instance_type or "
    "instance_configs, training or training_definitions, wait or wait_for_completion...).",
    "this library's typed API; API_ResourceConfig, API_HyperParameterTuningResourceConfig",
)
NAME_PREFIX = ConstructCheck(
    "name-prefix",
    "tuning_job_name_prefix keeps SageMaker's name rule, leaves room for the generated suffix, and is not given "
    "with a fixed name.",
    "botocore's model: HyperParameterTuningJobName pattern; _handler/contract.py",
)
BUILTIN_IMAGE_VERSION = ConstructCheck(
    "builtin-image-version",
    "A built-in algorithm's image version is one the SageMaker Python SDK lists for it.",
    "SageMaker Python SDK image_uri_config (generated into _data/image_registries.py)",
)
BUILTIN_IMAGE_REGION = ConstructCheck(
    "builtin-image-region",
    "A built-in algorithm has an image registry in the stack's (concrete) region.",
    "SageMaker Python SDK image_uri_config (generated into _data/image_registries.py)",
)
CONSTRUCT_ID_TAKEN = ConstructCheck(
    "construct-id-taken",
    "The ids the library creates its constructs under (Role and SecurityGroup in the job, "
    "SageMakerBuiltInImageRegistries in the stack) are not taken by constructs of another kind.",
    "this library's construct ids",
)
ONE_VPC_PER_JOB = ConstructCheck(
    "one-vpc-per-job",
    "The training definitions of one job that share its created security group run in one VPC.",
    "this library's created security group (one per job)",
)
CONNECTIONS_NEED_A_VPC = ConstructCheck(
    "connections-need-a-vpc",
    "A job's connections are asked for only when one of its training definitions runs in a VPC.",
    "this library's typed API",
)
RESULTS_NEED_A_WAIT = ConstructCheck(
    "results-need-a-wait",
    "A job's results (best training job, counts) are read only from a job declared to wait for completion.",
    "this library's completion waits",
)
WAIT_TIMEOUT = ConstructCheck(
    "wait-timeout",
    "TuningJobWait.for_completion's timeout is within what a CloudFormation WaitCondition allows.",
    "AWS::CloudFormation::WaitCondition Timeout (at most 12 hours)",
)
WAIT_HANDLE_ID = ConstructCheck(
    "wait-handle-id",
    "The completion wait's handle logical id fits the tag that carries it to the handler.",
    "Tagging AWS resources (tag value length); _handler/contract.py",
)
OVERRIDE_PATH = ConstructCheck(
    "override-path",
    "add_request_override's path is a dotted API path ('A.B[0].C') through objects and existing list items, "
    "and not Tags (Tags.of(job).add sets them).",
    "this library's add_request_override",
)
TASK_ROLES_AT_SYNTH = ConstructCheck(
    "task-roles-at-synth",
    "A Step Functions task's request names its execution roles, known at synth, so that the state machine may "
    "pass exactly those.",
    "this library's Step Functions task (iam:PassRole on the request's roles)",
)
QUERY_LANGUAGE = ConstructCheck(
    "query-language",
    "A Step Functions task's run-time values are written in its state's query language: JSONPath references "
    "in a JSONPath state, JSONata expressions in a JSONata state.",
    "Step Functions developer guide: Transforming data with JSONata; JSONPath paths",
)
UNIQUE_JOB_NAMES = ConstructCheck(
    "unique-job-names",
    "Two jobs of one app deploying to the same account and region do not fix the same name.",
    "API_CreateHyperParameterTuningJob (names are unique per account and region)",
)

#: Every declared check, in the order the README's table lists them.
CHECKS: tuple[ConstructCheck, ...] = (
    PROP_TYPE,
    PROP_VALUE,
    PROP_COMBINATION,
    NAME_PREFIX,
    BUILTIN_IMAGE_VERSION,
    BUILTIN_IMAGE_REGION,
    CONSTRUCT_ID_TAKEN,
    ONE_VPC_PER_JOB,
    CONNECTIONS_NEED_A_VPC,
    RESULTS_NEED_A_WAIT,
    WAIT_TIMEOUT,
    WAIT_HANDLE_ID,
    UNIQUE_JOB_NAMES,
    OVERRIDE_PATH,
    TASK_ROLES_AT_SYNTH,
    QUERY_LANGUAGE,
)
