"""The function's log, as Lambda's JSON log format would write it, so a scenario can search every line.

Only records emitted by the threads that run the handler are the function's (the test's own thread, and
those named ``FUNCTION_THREAD_PREFIX...`` for concurrent deliveries): the loopback servers (moto's werkzeug
among them) log from their own threads, which Lambda would not capture.
"""

from __future__ import annotations

import json
import logging
import threading
from datetime import UTC, datetime

#: The name of every extra thread that runs the handler (a concurrent delivery).
FUNCTION_THREAD_PREFIX = "lambda-invocation"

#: LogRecord's own attributes; anything else on a record came from ``extra`` and becomes a JSON key.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class LambdaJsonFormatter(logging.Formatter):
    """Lambda's JSON application log format: timestamp, level, message, logger, plus every ``extra`` key."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            **{key: value for key, value in vars(record).items() if key not in _STANDARD},
        }
        if record.exc_info:
            line["stackTrace"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class FunctionLog(logging.Handler):
    """Collects the function's log lines (install on the root logger for the length of a scenario)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(LambdaJsonFormatter())
        self._thread = threading.get_ident()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self._thread or (record.threadName or "").startswith(FUNCTION_THREAD_PREFIX):
            self.lines.append(self.format(record))

    def records(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.lines]

    def leaks(self, secrets: list[str], *printed: str) -> list[str]:
        """Every logged line (and printed text) that holds one of ``secrets``, cut to 300 characters."""
        return [text[:300] for text in [*self.lines, *printed] if any(secret in text for secret in secrets)]
