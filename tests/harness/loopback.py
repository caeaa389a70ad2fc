"""The one way the harness serves HTTP: a threaded server on 127.0.0.1, on a port the system picks.

Every stand-in (the fault proxy in front of moto, Lambda's Invoke API, the ResponseURLs, WaitCondition
handles, CloudFormation's read API) is a ``LoopbackServer`` with its own request handler class.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LoopbackServer:
    """Serves ``handler`` on 127.0.0.1 in a daemon thread, from ``start()`` to ``stop()``."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._thread = threading.Thread(target=self._http.serve_forever, args=(0.05,), daemon=True)

    @property
    def endpoint(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._http.server_port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()
