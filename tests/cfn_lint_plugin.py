"""pytest plugin: cfn-lint on every CloudFormation template the test suite synthesizes.

Loaded by ``tests/conftest.py``. While the suite runs, it records each template produced through
``aws_cdk.assertions.Template.from_stack`` and each stack template of a cloud assembly returned by
``Stage.synth()`` / ``App.synth()`` called from Python. After each test (at the teardown of an autouse
fixture), the templates recorded since the previous test, including those built by module- or
class-scoped fixtures set up for it, are linted with ``tests/lint_support.py``'s settings. A template
is linted once per session, whatever the number of tests that produce it (keyed by a hash of its
canonical JSON). A finding fails the test that produced the template, as an error at its teardown,
naming the stack, the rule, the resource and the message.

Not seen: templates synthesized in another process (the wheel test's fresh virtual environment, the
CDK CLI) and synths JavaScript runs by itself without a Python call (``Annotations.from_stack``).

A test that builds a template broken on purpose says so with
``@pytest.mark.cfn_lint_exempt(reason="...")``; its templates are not linted, and the terminal summary
lists each exemption with its reason, so none is silent.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aws_cdk import App, Stage
from aws_cdk.assertions import Template
from aws_cdk.cx_api import CloudAssembly

from tests.lint_support import cfn_lint_findings

MARKER = "cfn_lint_exempt"


@dataclass
class _Recorder:
    """Templates recorded since the last test's teardown, and what the session has linted so far."""

    pending: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (stack name, template)
    linted: dict[str, list[str]] = field(default_factory=dict)  # content hash -> findings
    exempted: dict[str, str] = field(default_factory=dict)  # test id -> reason
    seen: int = 0
    seconds: float = 0.0

    def record(self, stack_name: str, template: dict[str, Any]) -> None:
        self.pending.append((stack_name, template))

    def lint_pending(self) -> list[str]:
        """Lint the pending templates not linted before; readable report lines for each finding."""
        report: list[str] = []
        pending, self.pending = self.pending, []
        for stack_name, template in pending:
            self.seen += 1
            digest = hashlib.sha256(json.dumps(template, sort_keys=True).encode()).hexdigest()
            if digest in self.linted:
                continue  # a finding fails the first test that produced this template, once
            start = time.perf_counter()
            self.linted[digest] = cfn_lint_findings(template)
            self.seconds += time.perf_counter() - start
            report.extend(f"stack {stack_name}: {finding}" for finding in self.linted[digest])
        return report


_RECORDER = _Recorder()


def _wrap_template_from_stack() -> Callable[[], None]:
    original = Template.__dict__["from_stack"]  # the classmethod object itself

    def from_stack(cls: type[Template], stack: Any, *args: Any, **kwargs: Any) -> Template:
        template = original.__func__(cls, stack, *args, **kwargs)
        _RECORDER.record(stack.stack_name, template.to_json())
        return template

    Template.from_stack = classmethod(from_stack)  # type: ignore[assignment,method-assign]
    return lambda: setattr(Template, "from_stack", original)


def _wrap_synth(stage_class: type[Stage]) -> Callable[[], None]:
    # jsii generates ``synth`` on App as well as on Stage (each calls into JavaScript directly), so both
    # are wrapped.
    original = stage_class.__dict__["synth"]

    def synth(self: Stage, *args: Any, **kwargs: Any) -> CloudAssembly:
        assembly = original(self, *args, **kwargs)
        for artifact in assembly.stacks_recursively:
            _RECORDER.record(artifact.stack_name, artifact.template)
        return assembly

    stage_class.synth = synth  # type: ignore[method-assign]
    return lambda: setattr(stage_class, "synth", original)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(reason): the test's templates are broken on purpose; cfn-lint does not check them "
        "(the reason is printed in the summary).",
    )
    undo = [_wrap_template_from_stack(), _wrap_synth(Stage), _wrap_synth(App)]
    config.add_cleanup(lambda: [restore() for restore in undo])


@pytest.fixture(autouse=True)
def _cfn_lint_synthesized_templates(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    marker = request.node.get_closest_marker(MARKER)
    if marker is not None:
        reason = marker.kwargs.get("reason") or (marker.args[0] if marker.args else "")
        if not reason:
            pytest.fail(f"@pytest.mark.{MARKER} needs a reason", pytrace=False)
        _RECORDER.exempted[request.node.nodeid] = reason
        _RECORDER.pending.clear()
        return
    report = _RECORDER.lint_pending()
    if report:
        pytest.fail(
            "cfn-lint findings in a template this test synthesized (fix the construct, or name an "
            "ignored rule with its reason in tests/lint_support.py):\n" + "\n".join(report),
            pytrace=False,
        )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not (_RECORDER.seen or _RECORDER.exempted):
        return
    terminalreporter.write_sep("-", "cfn-lint on synthesized templates")
    terminalreporter.write_line(
        f"{len(_RECORDER.linted)} unique template(s) linted of {_RECORDER.seen} recorded, "
        f"in {_RECORDER.seconds:.1f} s"
    )
    for nodeid, reason in _RECORDER.exempted.items():
        terminalreporter.write_line(f"not linted ({MARKER}): {nodeid}: {reason}")
