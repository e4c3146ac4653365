"""A local llama.cpp server for users with a model file (``--llm-model-path FILE.gguf``).

:class:`LocalServer` starts llama-cpp-python's OpenAI-compatible server (the ``llm-local`` extra:
``pip install 'newsdesk[llm-local]'``) as a child process on 127.0.0.1 and a free port, waits until
it answers ``GET /v1/models``, and stops it again when the ``with`` block ends (terminate, then
kill after 10 s). On Linux the server also receives SIGTERM when newsdesk itself dies. The model
is served under the file's stem as its name. The server's output goes to a temporary log file
whose last lines are shown when it fails to start.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

import httpx

from newsdesk.config import LLMSettings
from newsdesk.errors import LocalServerError

log = logging.getLogger(__name__)
SERVER_MODULES = (
    "llama_cpp",
    "uvicorn",
    "fastapi",
    "sse_starlette",
    "starlette_context",
    "pydantic_settings",
)


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to send it SIGTERM when newsdesk dies, so a killed
    ``newsdesk write`` (SIGTERM, SIGKILL) leaves no server behind."""
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def needed_context(settings: LLMSettings) -> int:
    """Tokens a writer's request can take: the passages (estimates can be 20 % short for a small
    model's tokenizer), about 1,000 for the instructions and the repair list, and the answer."""
    return int(settings.context_tokens * 1.2) + 1000 + settings.max_tokens


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def server_available() -> bool:
    """Whether llama-cpp-python's server and what it needs are installed (the ``llm-local`` extra)."""
    return all(importlib.util.find_spec(name) is not None for name in SERVER_MODULES)


class LocalServer:
    """llama-cpp-python's server for one GGUF file, as a context manager (see the module docstring)."""

    def __init__(
        self,
        model_path: str | Path,
        *,
        context: int = 8192,
        threads: int = 0,
        startup_timeout: float = 120.0,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.model_path = Path(model_path).expanduser()
        self.alias = self.model_path.stem
        self.context = context
        self.threads = threads
        self.startup_timeout = startup_timeout
        self.host = host
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @classmethod
    def from_settings(cls, settings: LLMSettings, model_path: str | None = None) -> LocalServer:
        """A server for ``model_path`` (default ``llm.model_path``) with the ``[llm]`` server settings;
        its context holds at least what the writer sends (:func:`needed_context`)."""
        return cls(
            model_path or settings.model_path,
            context=max(settings.server_context, needed_context(settings)),
            threads=settings.server_threads,
            startup_timeout=settings.startup_timeout,
        )

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible base URL (``http://127.0.0.1:PORT/v1``)."""
        return f"http://{self.host}:{self.port}/v1"

    def command(self) -> list[str]:
        """The command line that starts the server."""
        command = [sys.executable, "-m", "llama_cpp.server", "--model", str(self.model_path)]
        command += ["--host", self.host, "--port", str(self.port), "--n_ctx", str(self.context)]
        command += ["--model_alias", self.alias]
        if self.threads:
            command += ["--n_threads", str(self.threads)]
        return command

    def start(self) -> LocalServer:
        """Start the server and wait until it answers; LocalServerError if it cannot."""
        source = str(self.model_path)
        if not self.model_path.is_file():
            raise LocalServerError("no such model file", source=source)
        if not server_available():
            raise LocalServerError(
                "the local LLM server is not installed",
                source=source,
                hint="pip install 'newsdesk[llm-local]' (builds llama-cpp-python, a few minutes)",
            )
        self.port = self.port or free_port(self.host)
        self._log = tempfile.TemporaryFile(prefix="newsdesk-llama-")  # noqa: SIM115  (closed in stop())
        log.info("starting llama.cpp server for %s on port %d", self.model_path.name, self.port)
        self.process = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = self._tail()
                self.stop()
                raise LocalServerError(f"the llama.cpp server exited at start: {tail}", source=source)
            try:
                if httpx.get(f"{self.base_url}/models", timeout=2.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise LocalServerError(
            f"the llama.cpp server did not answer within {self.startup_timeout:g} s",
            source=source,
            hint="raise llm.startup_timeout",
        )

    def stop(self) -> None:
        """Stop the server (terminate, then kill after 10 s) and remove its log."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None

    def _tail(self, lines: int = 3) -> str:
        if self._log is None:
            return ""
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace").strip().splitlines()
        return " | ".join(line.strip() for line in text[-lines:]) or "no output"

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
