"""The local llama.cpp server: a crash is reported as a crash, and the build runs on any x86-64 CPU.

A stand-in server process (``fixtures/llm/crashing_server``, put first on the child's PYTHONPATH)
answers ``/v1/models`` like llama-cpp-python's server and dies with SIGSEGV on the first chat
completion, as a llama.cpp built for another CPU does; everything on newsdesk's side is real.
"""

from __future__ import annotations

import platform
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.errors import LocalServerDiedError
from newsdesk.llm.client import ChatClient
from newsdesk.llm.server import LocalServer, exit_reason, running

FIXTURES = Path(__file__).parent / "fixtures" / "llm"
STAND_IN = FIXTURES / "crashing_server"
runner = CliRunner()


@pytest.fixture
def crashing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A model file for the stand-in server, which the next started LocalServer will be."""
    monkeypatch.setenv("PYTHONPATH", str(STAND_IN))
    model = tmp_path / "tiny-model.gguf"
    model.write_bytes(b"GGUF")
    return model


def test_exit_reasons_name_the_signal_or_the_status() -> None:
    assert exit_reason(-11) == "SIGSEGV"
    assert exit_reason(-6) == "SIGABRT"
    assert exit_reason(1) == "exit status 1"


def test_a_server_that_dies_during_a_request_is_reported_as_a_crash(crashing: Path) -> None:
    server = LocalServer(crashing, startup_timeout=30).start()
    chat = ChatClient(server.base_url, server.alias, timeout=10, retries=2, backoff=0.05)
    try:
        assert running(server.base_url) is server
        with pytest.raises(LocalServerDiedError) as caught:
            chat.chat([{"role": "user", "content": "Hallo"}])
    finally:
        chat.close()
        server.stop()
    message = caught.value.message
    assert message.startswith("the local llama.cpp server died (SIGSEGV) during the request; see ")
    assert "cannot reach" not in message
    assert "crashing now" in message  # the last lines of its log
    log_path = server.log_path
    assert log_path is not None and log_path.is_file()  # kept after a crash, for reading
    assert str(log_path) in message and "crashing now" in log_path.read_text()
    assert "scripts/llama-wheel" in (caught.value.hint or "")
    assert running(server.base_url) is None
    log_path.unlink()


def test_a_server_stopped_normally_leaves_no_log(crashing: Path) -> None:
    with LocalServer(crashing, startup_timeout=30) as server:
        log_path = server.log_path
        assert log_path is not None and log_path.is_file()
        server.raise_if_dead(wait=0.1)  # alive: nothing to report
    assert not log_path.exists()


def test_write_records_the_crash_as_the_story_s_failure(crashing: Path, tmp_path: Path) -> None:
    db = tmp_path / "bridge.db"
    result = runner.invoke(app, ["ingest", str(FIXTURES / "bridge"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    env = {"NEWSDESK_LLM_RETRIES": "1", "NEWSDESK_LLM_BACKOFF": "0.05"}
    args = ["write", "--story", "1", "--db", str(db), "--llm-model-path", str(crashing)]
    result = runner.invoke(app, args, env=env)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "cannot reach" not in result.output
    failed = [line for line in result.output.splitlines() if line.startswith("failed:")]
    assert len(failed) == 1, result.output
    died = "failed: story 1: the local llama.cpp server died (SIGSEGV) during the request; see "
    assert failed[0].startswith(died)
    match = re.search(r"; see (\S+\.log);", failed[0])
    assert match is not None and "crashing now" in Path(match[1]).read_text()
    Path(match[1]).unlink()


def _cpu_library() -> Path:
    import llama_cpp

    libraries = sorted((Path(llama_cpp.__file__).parent / "lib").glob("libggml-cpu*.so*"))
    assert libraries, "llama-cpp-python ships no libggml-cpu library"
    return libraries[0]


@pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"), reason="x86-64 instruction sets")
def test_the_local_llama_build_runs_on_every_x86_64_cpu_with_avx2() -> None:
    """scripts/test installs llama-cpp-python built by scripts/llama-wheel: AVX2 at most. A native
    build on an AVX-512/AMX host (llama.cpp's default) carries instructions that other hosts lack
    and code paths that crashed (issue: SIGSEGV on Intel Xeon); this fails if one slipped in."""
    llama_cpp = pytest.importorskip("llama_cpp")
    # What the build says of itself (compile-time features, as the server logs them at start) …
    features = llama_cpp.llama_print_system_info().decode()
    assert "AVX2 = 1" in features, features
    assert "AVX512" not in features and "AMX" not in features, features
    # … and what its machine code holds.
    objdump = shutil.which("objdump")
    assert objdump, "objdump (binutils) is needed to read the library"
    code = subprocess.run(
        [objdump, "-d", "--no-show-raw-insn", str(_cpu_library())], capture_output=True, text=True, check=True
    ).stdout
    assert "%ymm" in code  # AVX2 is used
    assert "%zmm" not in code, "AVX-512 instructions in the llama.cpp CPU library: not a portable build"
    assert "%tmm" not in code, "AMX instructions in the llama.cpp CPU library: not a portable build"
