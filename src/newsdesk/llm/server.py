"""A local llama.cpp server for users with a model file (``--llm-model-path FILE.gguf``).

:class:`LocalServer` starts llama-cpp-python's OpenAI-compatible server (the ``llm-local`` extra:
``pip install 'newsdesk[llm-local]'``) as a child process on 127.0.0.1 and a free port, waits until
it answers ``GET /v1/models``, and stops it again when the ``with`` block ends (terminate, then
kill after 10 s). On Linux the server also receives SIGTERM when newsdesk itself dies. The model
is served under the file's stem as its name. The server's output goes to a log file in the
temporary directory whose last lines are shown when it fails to start.

While it runs, the server is registered under its base URL (:func:`running`), so that the chat
client, when a connection to that URL breaks, can ask whether the process died
(:meth:`LocalServer.raise_if_dead`): a crash (SIGSEGV, say) is then reported as a crash, with the
signal or exit status and the last lines of the log, which is kept for reading; a server that
newsdesk started itself is never reported as "cannot reach the LLM server". The log of a server
that stopped normally is removed.

llama-cpp-python compiles llama.cpp when it is installed; ``scripts/llama-wheel`` builds it for
every x86-64 CPU with AVX2 rather than for the build machine (docs/llm.md).
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import logging
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from newsdesk.config import LLMSettings
from newsdesk.errors import LocalServerDiedError, LocalServerError

log = logging.getLogger(__name__)
_RUNNING: dict[str, LocalServer] = {}  # base URL -> the started server, while it is started
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


def running(base_url: str) -> LocalServer | None:
    """The :class:`LocalServer` that newsdesk started for ``base_url`` and has not stopped, if any."""
    return _RUNNING.get(base_url.rstrip("/"))


def exit_reason(returncode: int) -> str:
    """``SIGSEGV`` for a process killed by a signal, ``exit status 1`` otherwise."""
    if returncode < 0:
        try:
            return signal.Signals(-returncode).name
        except ValueError:
            return f"signal {-returncode}"
    return f"exit status {returncode}"


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
        self.log_path: Path | None = None
        self.returncode: int | None = None  # set when the process has exited on its own

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
        handle, name = tempfile.mkstemp(prefix="newsdesk-llama-", suffix=".log")
        self.log_path, self.returncode = Path(name), None
        log.info("starting llama.cpp server for %s on port %d", self.model_path.name, self.port)
        with os.fdopen(handle, "wb") as output:
            self.process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=output,
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
                    _RUNNING[self.base_url] = self
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

    def raise_if_dead(self, *, wait: float = 2.0, during: str = "the request") -> None:
        """LocalServerDiedError if the process has exited (waiting up to ``wait`` seconds for a
        process that is going down: a broken connection comes a moment before the exit status)."""
        process = self.process
        if process is None and self.returncode is None:
            return
        if process is not None:
            try:
                self.returncode = process.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                return
        assert self.returncode is not None
        reason = exit_reason(self.returncode)
        log_note = f"; see {self.log_path}" if self.log_path is not None else ""
        raise LocalServerDiedError(
            f"the local llama.cpp server died ({reason}) during {during}{log_note}; "
            f"its last lines: {self._tail()}",
            source=str(self.model_path),
            hint="a llama-cpp-python built for another CPU can crash: rebuild it with scripts/llama-wheel "
            "(docs/llm.md)",
        )

    def stop(self) -> None:
        """Stop the server (terminate, then kill after 10 s). Its log is removed, unless the server
        had exited on its own (a crash): then the log is kept for reading."""
        _RUNNING.pop(self.base_url, None)
        process, self.process = self.process, None
        if process is not None:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
            elif self.returncode is None:
                self.returncode = process.returncode  # it had exited on its own
        if self.log_path is not None and self.returncode is None:
            self.log_path.unlink(missing_ok=True)
            self.log_path = None

    def _tail(self, lines: int = 3) -> str:
        if self.log_path is None:
            return ""
        try:
            text = self.log_path.read_bytes()[-20_000:].decode("utf-8", "replace").strip().splitlines()
        except OSError:
            return "no output"
        return " | ".join(line.strip() for line in text[-lines:]) or "no output"

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
