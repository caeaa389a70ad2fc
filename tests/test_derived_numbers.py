"""Numbers the code computes that prose repeats (README, docs/, docstrings, comments) are the code's numbers.

Issue 18: a number derived in code and copied into prose drifts when the code changes. Where the prose
keeps such a number for its reader, this test computes it again and finds it in the text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cdk_sagemaker_tuning._handler import contract, sagemaker_api, tuning_job_handler
from cdk_sagemaker_tuning._handler.runtime import budget
from cdk_sagemaker_tuning._handler.tuning_job_handler import COSTS

ROOT = Path(__file__).resolve().parent.parent

SERVICE_TIMEOUT = float(contract.SERVICE_TIMEOUT_SECONDS)
MARGIN = budget.answer_margin_seconds(SERVICE_TIMEOUT, COSTS)
WORST_CALL = sagemaker_api.worst_case_call_seconds()


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f"about {round(MARGIN / 60)} minutes kept back", "docs/deployed.md"),
        (f"about {int((SERVICE_TIMEOUT - MARGIN) // 60)} minutes of polling", "docs/deployed.md"),
        (f"finish within about {int((SERVICE_TIMEOUT - MARGIN) // 60)} minutes", "docs/deployed.md"),
        (f"budget (about {int((SERVICE_TIMEOUT - MARGIN) // 60)} minutes)", "docs/waiting.md"),
        (f"end within about {int((SERVICE_TIMEOUT - MARGIN) // 60)} minutes", "README.md"),
        (
            f"{round(MARGIN / 60)} minutes of an hour, so about {int((SERVICE_TIMEOUT - MARGIN) // 60)} minutes",
            "src/cdk_sagemaker_tuning/_handler/contract.py",
        ),
        (
            f"about {round(MARGIN / 60)} minutes ({int(MARGIN)} s)",
            "src/cdk_sagemaker_tuning/_handler/runtime/budget.py",
        ),
        (f"per call, {WORST_CALL} s", "src/cdk_sagemaker_tuning/_handler/runtime/budget.py"),
        (f"1 + 2 + 4 + 8 s: {WORST_CALL} s", "src/cdk_sagemaker_tuning/_handler/sagemaker_api.py"),
        (
            f"({WORST_CALL} s) that is {WORST_CALL * tuning_job_handler.MAX_SAGEMAKER_CALLS_PER_EVENT} s",
            "src/cdk_sagemaker_tuning/_handler/tuning_job_handler.py",
        ),
        (
            f"{int((SERVICE_TIMEOUT - MARGIN) // 60)} minutes of waiting",
            # the wait's doc, declared once with the lifecycle props of every tuning job
            "src/cdk_sagemaker_tuning/resource/lifecycle.py",
        ),
    ],
)
def test_prose_repeats_the_number_the_code_computes(text: str, where: str) -> None:
    prose = " ".join((ROOT / where).read_text().split())  # line breaks fold into spaces
    assert text in prose, f"{where} should say {text!r} (the code computes it so)"
