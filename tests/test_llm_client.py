"""The chat client at the transport level: retries, backoff, response-format fallbacks, parsing,
errors, secrets; robust JSON parsing; prompt templates.

Servers that misbehave are played by httpx's MockTransport (the lowest point of the client) or by
a tiny HTTP server on 127.0.0.1; nothing of newsdesk's own code is replaced.
"""

from __future__ import annotations

import json
import logging
import pickle
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import httpx
import pytest

from newsdesk.config import LLMSettings, load_settings
from newsdesk.errors import (
    ConfigError,
    LLMAuthError,
    LLMModelError,
    LLMResponseError,
    LLMStatusError,
    LLMTimeoutError,
    LLMUnreachableError,
)
from newsdesk.llm.client import ChatClient, safe_url
from newsdesk.llm.jsonparse import parse_json_object
from newsdesk.llm.prompts import load_prompt, parse_prompt
from newsdesk.llm.server import free_port
from newsdesk.secret import Secret, redact

KEY = "sk-canary-7f3a9d2e41"
SCHEMA = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
MESSAGES = [{"role": "user", "content": "Antworte mit JSON."}]


def completion(content: str, usage: dict[str, int] | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "choices": [{"message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]
    }
    if usage is not None:
        answer["usage"] = usage
    return answer


class Script:
    """A MockTransport that answers with the next scripted response and records the requests."""

    def __init__(self, *responses: Callable[[httpx.Request], httpx.Response] | httpx.Response) -> None:
        self.responses = list(responses)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        item = self.responses.pop(0) if len(self.responses) > 1 else self.responses[0]
        return item(request) if callable(item) else item

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self.requests if r.method == "POST"]


def client(script: Script, **options: Any) -> tuple[ChatClient, list[float]]:
    slept: list[float] = []
    options = {"retries": 3, "backoff": 0.5, **options}
    chat = ChatClient(
        "http://127.0.0.1:9/v1", "m", transport=httpx.MockTransport(script), sleep=slept.append, **options
    )
    return chat, slept


def test_retries_429_and_5xx_with_backoff_and_retry_after() -> None:
    script = Script(
        httpx.Response(429, headers={"Retry-After": "3"}, json={"error": {"message": "slow down"}}),
        httpx.Response(503, text="busy"),
        httpx.Response(502, text="bad gateway"),
        httpx.Response(200, json=completion('{"a": 1}', {"prompt_tokens": 7, "completion_tokens": 3})),
    )
    chat, slept = client(script)
    reply = chat.chat(MESSAGES, schema=SCHEMA)
    assert json.loads(reply.content) == {"a": 1} and reply.attempts == 4
    assert slept == [3.0, 1.0, 2.0]  # Retry-After wins over the backoff of 0.5 s, then 0.5·2ⁿ
    assert (reply.prompt_tokens, reply.completion_tokens, reply.estimated) == (7, 3, False)


def test_a_server_error_that_persists_is_one_clear_error_after_the_retries() -> None:
    script = Script(httpx.Response(500, json={"error": {"message": "CUDA out of memory"}}))
    chat, slept = client(script, retries=2)
    with pytest.raises(LLMStatusError, match=r"HTTP 500 after 3 attempts: CUDA out of memory") as info:
        chat.chat(MESSAGES)
    assert len(script.requests) == 3 and len(slept) == 2 and info.value.status == 500
    assert str(info.value).startswith("http://127.0.0.1:9/v1: ")


def test_response_formats_fall_back_from_json_schema_to_json_object_to_none() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        kind = body.get("response_format", {}).get("type")
        if kind == "json_schema":
            return httpx.Response(400, json={"error": {"message": "response_format json_schema unsupported"}})
        if kind == "json_object":
            return httpx.Response(422, json={"detail": [{"msg": "unknown field response_format"}]})
        return httpx.Response(200, json=completion('Gern! ```json\n{"a": 2}\n```'))

    script = Script(answer)
    chat, _ = client(script)
    reply = chat.chat(MESSAGES, schema=SCHEMA)
    kinds = [b.get("response_format") for b in script.bodies()]
    assert kinds[0]["type"] == "json_schema" and kinds[0]["json_schema"]["schema"] == SCHEMA
    assert kinds[1] == {"type": "json_object", "schema": SCHEMA}
    assert kinds[2] == {"type": "json_object"} and kinds[3] is None
    assert reply.response_format == "text" and parse_json_object(reply.content) == {"a": 2}
    chat.chat(MESSAGES, schema=SCHEMA)  # the client remembers what worked
    assert "response_format" not in script.bodies()[-1]


def test_llama_cpp_python_refusing_json_schema_with_a_500_is_not_retried() -> None:
    refusal = httpx.Response(
        500,
        json={"error": {"message": "Input should be 'text' or 'json_object'", "loc": ["response_format"]}},
    )
    script = Script(refusal, httpx.Response(200, json=completion('{"a": 3}')))
    chat, slept = client(script)
    assert json.loads(chat.chat(MESSAGES, schema=SCHEMA).content) == {"a": 3}
    assert slept == [] and len(script.requests) == 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"a": 1}', {"a": 1}),
        ('Hier ist der Artikel:\n{"a": 1, "b": [1, 2]}\nViel Spaß!', {"a": 1, "b": [1, 2]}),
        ('```json\n{"a": "x"}\n```', {"a": "x"}),
        ('{"s": [{"text": "Eins.", "p": [1]}, {"text": "Zwei und dr', {"s": [{"text": "Eins.", "p": [1]}]}),
        ('{"a": true, "n": 12', {"a": True, "n": 12}),
        ('I cannot {do} that. {"a": {"b": null', {"a": {"b": None}}),
    ],
)
def test_answers_are_parsed_robustly(content: str, expected: dict[str, Any]) -> None:
    assert parse_json_object(content) == expected


@pytest.mark.parametrize("content", ["[1, 2]", "no JSON here", "", "{broken"])
def test_answers_without_an_object_are_rejected(content: str) -> None:
    with pytest.raises(ValueError, match="no JSON object"):
        parse_json_object(content)


def test_garbage_and_empty_answers_are_one_clear_error() -> None:
    for response in (
        httpx.Response(200, text="<html>gateway</html>"),
        httpx.Response(200, json={"object": "list"}),
        httpx.Response(200, json=completion("  ")),
    ):
        chat, _ = client(Script(response))
        with pytest.raises(LLMResponseError):
            chat.chat(MESSAGES)


def test_missing_usage_is_estimated() -> None:
    chat, _ = client(Script(httpx.Response(200, json=completion('{"a": 1}'))))
    reply = chat.chat(MESSAGES)
    assert reply.estimated and reply.prompt_tokens >= 4 and reply.completion_tokens == 2


def test_unknown_model_and_refused_key_are_one_clear_error() -> None:
    models = httpx.Response(
        200, json={"object": "list", "data": [{"id": "llama3.2:latest"}, {"id": "qwen2.5"}]}
    )
    chat, _ = client(Script(models), retries=0)
    chat.model = "llama3.2"
    chat.check_model()  # Ollama's ":latest" is the same model
    chat.model = "gpt-9"
    with pytest.raises(LLMModelError, match="does not serve the model 'gpt-9'") as info:
        chat.check_model()
    assert "llama3.2:latest, qwen2.5" in (info.value.hint or "")
    missing = httpx.Response(
        404, json={"error": {"message": 'model "gpt-9" not found, try pulling it first'}}
    )
    chat, _ = client(Script(missing), retries=0)
    with pytest.raises(LLMModelError, match="does not know the model"):
        chat.chat(MESSAGES)
    chat, _ = client(Script(httpx.Response(401, json={"error": {"message": f"Incorrect API key {KEY}"}})))
    with pytest.raises(LLMAuthError, match=r"refused the API key \(HTTP 401\)"):
        chat.chat(MESSAGES)


def test_an_unreachable_server_is_one_clear_error_after_retries() -> None:
    slept: list[float] = []
    port = free_port()
    chat = ChatClient(f"http://127.0.0.1:{port}/v1", "m", retries=2, backoff=0.01, sleep=slept.append)
    with pytest.raises(
        LLMUnreachableError, match=rf"http://127.0.0.1:{port}/v1: cannot reach the LLM server"
    ) as info:
        chat.chat(MESSAGES)
    assert len(slept) == 2 and "llm.base_url" in (info.value.hint or "")


class _Silent(BaseHTTPRequestHandler):
    """Accepts the request and never answers in time."""

    release: ClassVar[threading.Event] = threading.Event()

    def do_POST(self) -> None:
        self.release.wait(10)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def silent_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Silent)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    _Silent.release.set()
    server.shutdown()
    server.server_close()


def test_a_silent_server_times_out_without_retrying(silent_server: str) -> None:
    slept: list[float] = []
    chat = ChatClient(silent_server, "m", timeout=0.5, retries=3, sleep=slept.append)
    with pytest.raises(LLMTimeoutError, match=r"no answer within 0.5 s") as info:
        chat.chat(MESSAGES)
    assert slept == [] and "llm.timeout" in (info.value.hint or "")


class _Echo(BaseHTTPRequestHandler):
    """A server that echoes the Authorization header in its error body, as careless servers do."""

    status: ClassVar[int] = 401

    def do_POST(self) -> None:
        data = json.dumps({"error": {"message": f"bad key {self.headers.get('Authorization')}"}}).encode()
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def echo_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("status", [401, 500, 400])
def test_the_api_key_never_appears_in_errors_or_logs(
    echo_server: str, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    _Echo.status = status
    caplog.set_level(logging.DEBUG)
    settings = load_settings(environ={"NEWSDESK_LLM_API_KEY": KEY, "NEWSDESK_LLM_BASE_URL": echo_server})
    chat = ChatClient.from_settings(settings.llm)
    chat.model, chat.retries, chat.backoff = "m", 1, 0.0
    with pytest.raises(Exception) as info:
        chat.chat(MESSAGES, schema=SCHEMA)
    error = info.value
    shown = " ".join([str(error), repr(error), getattr(error, "hint", "") or "", caplog.text])
    assert KEY not in shown
    assert "bad key" in str(error) or status == 401
    assert KEY not in repr(settings) and KEY not in str(settings.llm) and KEY not in f"{settings.llm.api_key}"


def test_secrets_do_not_print_or_serialise() -> None:
    secret = Secret(KEY)
    assert str(secret) == "***" and KEY not in repr(secret) and f"{secret:>5}" == "  ***"
    assert secret.reveal() == KEY and secret == Secret(KEY) and not Secret()
    with pytest.raises(TypeError):
        pickle.dumps(secret)
    with pytest.raises(TypeError):
        json.dumps({"key": secret})
    assert redact(f"Bearer {KEY} refused", secret) == "Bearer *** refused"
    assert safe_url(f"https://user:{KEY}@api.example.org:8443/v1") == "https://api.example.org:8443/v1"
    assert load_settings(environ={"NEWSDESK_LLM_API_KEY": KEY}).llm.api_key == secret


def test_llm_settings_are_validated() -> None:
    assert load_settings(environ={}).llm == LLMSettings()
    for flags in (
        {"response_format": "xml"},
        {"prompt_language": "fr"},
        {"repair_rounds": 11},
        {"timeout": 0},
    ):
        with pytest.raises(ConfigError):
            load_settings(environ={}, overrides={"llm": flags})
    settings = load_settings(environ={"NEWSDESK_LLM_MODEL": "llama3.2", "NEWSDESK_LLM_REPAIR_ROUNDS": "1"})
    assert settings.llm.model == "llama3.2" and settings.llm.repair_rounds == 1


def test_prompt_templates_declare_their_variables() -> None:
    for name in ("article_en", "article_de", "repair_en", "repair_de"):
        prompt = load_prompt("newsdesk.write", f"prompts/{name}.txt")
        assert "passages" in prompt.variables and "count" in prompt.variables
    article = load_prompt("newsdesk.write", "prompts/article_de.txt")
    messages = article.render(passages="[1] x", count=1, max_sentences=3, max_words=100)
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "<passages>\n[1] x\n</passages>" in messages[1]["content"]
    with pytest.raises(ValueError, match="missing variables max_words"):
        article.render(passages="", count=1, max_sentences=3)
    with pytest.raises(ValueError, match="declares"):
        parse_prompt("bad", "# variables: a\nHallo $a und $b")
    with pytest.raises(ValueError, match="no '# variables"):
        parse_prompt("bad", "Hallo $a")
