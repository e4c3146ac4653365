"""A client for OpenAI-compatible chat APIs (OpenAI, Ollama, vLLM, llama.cpp's server, LM Studio).

One ``POST {base_url}/chat/completions`` per call, over httpx, with

* **structured output**, best first: ``response_format`` ``json_schema`` (strict; string lengths
  left out, see :func:`portable_schema`), then ``json_object`` with the full schema attached
  (llama.cpp's servers turn it into a grammar), then plain
  ``json_object``, then no format at all. A server that rejects a format (HTTP 400/422) gets the
  next one, and the client remembers what worked. The answer's JSON is parsed by the caller with
  :func:`newsdesk.llm.jsonparse.parse_json_object`, which copes with prose and truncation;
* **timeouts** (``timeout`` is the wait for the answer; connecting gets at most 10 s) and
  **retries** with exponential backoff on 429, 5xx and lost connections, honouring ``Retry-After``.
  A read timeout is not retried: a server that did not answer in time will not answer faster;
* **one clear error** per failure, from the :class:`~newsdesk.errors.LLMError` tree: unreachable
  server, unknown model, refused key, timeout, error status, unusable answer. Messages name the
  endpoint without user info and never contain the API key, which is a
  :class:`~newsdesk.secret.Secret` revealed only into the ``Authorization`` header;
* **usage**: prompt and completion tokens as the server counts them (estimated at four characters
  a token when it does not say) and the seconds the call took.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from newsdesk.config import RESPONSE_FORMATS, LLMSettings
from newsdesk.errors import (
    ConfigError,
    LLMAuthError,
    LLMError,
    LLMModelError,
    LLMResponseError,
    LLMStatusError,
    LLMTimeoutError,
    LLMUnreachableError,
)
from newsdesk.llm.server import running
from newsdesk.secret import Secret, redact

log = logging.getLogger(__name__)
MODES = ("json_schema", "json_object_schema", "json_object", "text")
RETRY_STATUS = frozenset({408, 409, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 60.0


@dataclass(frozen=True)
class Reply:
    """One answer: its text, what it cost and how it was asked for."""

    content: str
    prompt_tokens: int
    completion_tokens: int
    seconds: float
    response_format: str  # the mode that was used: one of MODES
    finish_reason: str
    attempts: int
    estimated: bool = False  # token counts estimated (the server reported none)

    def usage(self) -> dict[str, Any]:
        """The numbers for an article's metadata."""
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "seconds": round(self.seconds, 3),
            "response_format": self.response_format,
            "finish_reason": self.finish_reason,
            "attempts": self.attempts,
            "tokens_estimated": self.estimated,
        }


def safe_url(url: str) -> str:
    """``url`` without user info (``https://user:key@host/v1`` → ``https://host/v1``)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def estimate_tokens(text: str) -> int:
    """A rough token count (four characters a token) for servers that report no usage."""
    return max(1, (len(text) + 3) // 4)


class ChatClient:
    """A chat-completions client for one server and model (see the module docstring)."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: Secret | None = None,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 1.0,
        response_format: str = "auto",
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not base_url:
            raise ConfigError(
                "llm.base_url is not set", hint="e.g. NEWSDESK_LLM_BASE_URL=http://127.0.0.1:11434/v1"
            )
        if response_format not in RESPONSE_FORMATS:
            raise ConfigError(f"unknown response format {response_format!r}")
        self.base_url = base_url.rstrip("/")
        self.endpoint = safe_url(self.base_url)
        self.model = model
        self.api_key = api_key or Secret()
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.modes = MODES if response_format == "auto" else (response_format,)
        self._first_mode = 0
        self._transport = transport
        self._sleep = sleep
        self._http: httpx.Client | None = None

    @classmethod
    def from_settings(
        cls, settings: LLMSettings, *, transport: httpx.BaseTransport | None = None
    ) -> ChatClient:
        """A client for ``llm.base_url`` and ``llm.model``."""
        return cls(
            settings.base_url,
            settings.model,
            api_key=settings.api_key,
            timeout=settings.timeout,
            retries=settings.retries,
            backoff=settings.backoff,
            response_format=settings.response_format,
            transport=transport,
        )

    # -- lifecycle --------------------------------------------------------------------------------

    @property
    def http(self) -> httpx.Client:
        """The HTTP client, created on first use."""
        if self._http is None:
            headers = {"Accept": "application/json"}
            if self.api_key:
                headers["Authorization"] = f"Bearer {self.api_key.reveal()}"
            timeout = httpx.Timeout(self.timeout, connect=min(10.0, self.timeout))
            self._http = httpx.Client(headers=headers, timeout=timeout, transport=self._transport)
        return self._http

    def close(self) -> None:
        """Close the connection pool."""
        if self._http is not None:
            self._http.close()
            self._http = None

    def __enter__(self) -> ChatClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- API --------------------------------------------------------------------------------------

    def models(self) -> list[str] | None:
        """The model ids the server lists (``GET /models``); None when it lists none or cannot."""
        try:
            response, _ = self._send("GET", "/models")
        except LLMStatusError:
            return None
        try:
            data = response.json().get("data")
            ids = [str(m["id"]) for m in data if isinstance(m, dict) and "id" in m]
        except (ValueError, TypeError, AttributeError):
            return None
        return ids or None

    def check_model(self) -> None:
        """Fail early with one clear line when the server is unreachable or does not list the model."""
        listed = self.models()
        if listed is None or not self.model:
            return
        wanted = {self.model, f"{self.model}:latest", self.model.removesuffix(":latest")}
        if not wanted & set(listed):
            shown = ", ".join(listed[:8]) + (", …" if len(listed) > 8 else "")
            raise LLMModelError(
                f"the server does not serve the model {self.model!r}",
                source=self.endpoint,
                hint=f"models it serves: {shown}",
            )

    def chat(
        self,
        messages: Sequence[dict[str, str]],
        *,
        schema: dict[str, Any] | None = None,
        schema_name: str = "answer",
        max_tokens: int | None = None,
        temperature: float = 0.0,
    ) -> Reply:
        """Ask for one answer, as JSON when ``schema`` is given (see the module docstring)."""
        if not self.model:
            raise ConfigError("llm.model is not set", hint="e.g. NEWSDESK_LLM_MODEL=llama3.2")
        started = time.monotonic()
        attempts = 0
        modes = self.modes if schema is not None else tuple(m for m in self.modes if "schema" not in m)
        modes = modes or ("text",)
        first = min(self._first_mode, len(modes) - 1) if schema is not None else 0
        for position in range(first, len(modes)):
            mode = modes[position]
            body: dict[str, Any] = {
                "model": self.model,
                "messages": list(messages),
                "temperature": temperature,
            }
            if max_tokens:
                body["max_tokens"] = max_tokens
            body.update(_response_format(mode, schema, schema_name))
            try:
                response, tries = self._send("POST", "/chat/completions", body)
            except FormatRejectedError as exc:
                attempts += 1
                if position + 1 < len(modes):
                    log.info("%s rejected response_format %s (%s); trying the next", self.endpoint, mode, exc)
                    continue
                raise
            attempts += tries
            if schema is not None:
                self._first_mode = position
            return self._reply(response, mode, attempts, time.monotonic() - started, messages)
        raise LLMError("no response format left to try", source=self.endpoint)  # pragma: no cover

    # -- internals --------------------------------------------------------------------------------

    def _reply(
        self,
        response: httpx.Response,
        mode: str,
        attempts: int,
        seconds: float,
        messages: Sequence[dict[str, str]],
    ) -> Reply:
        try:
            data = response.json()
            choice = data["choices"][0]
            content = choice["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMResponseError(
                "the server's answer is not a chat completion", source=self.endpoint
            ) from exc
        if not isinstance(content, str) or not content.strip():
            raise LLMResponseError("the model gave an empty answer", source=self.endpoint)
        usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
        prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
        estimated = not (isinstance(prompt, int) and isinstance(completion, int))
        if estimated:
            prompt = sum(estimate_tokens(m.get("content", "")) for m in messages)
            completion = estimate_tokens(content)
        return Reply(
            content=content,
            prompt_tokens=int(prompt or 0),
            completion_tokens=int(completion or 0),
            seconds=seconds,
            response_format=mode,
            finish_reason=str(choice.get("finish_reason") or ""),
            attempts=attempts,
            estimated=estimated,
        )

    def _send(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[httpx.Response, int]:
        """The successful response and the number of attempts; retries as the module docstring says."""
        url = self.base_url + path
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                log.debug("%s %s%s (attempt %d)", method, self.endpoint, path, attempt + 1)
                response = self.http.request(method, url, json=body)
            except httpx.TimeoutException as exc:
                if isinstance(exc, httpx.ConnectTimeout) and not last:
                    self._wait(attempt, None)
                    continue
                raise LLMTimeoutError(
                    f"no answer within {self.timeout:g} s ({type(exc).__name__})",
                    source=self.endpoint,
                    hint="raise llm.timeout, or check that the server is not stuck",
                ) from None
            except httpx.TransportError as exc:
                self._check_local_server()
                if not last:
                    self._wait(attempt, None)
                    continue
                reason = self._clean(str(exc) or type(exc).__name__)
                if isinstance(exc, httpx.ConnectError):
                    raise LLMUnreachableError(
                        f"cannot reach the LLM server ({reason})",
                        source=self.endpoint,
                        hint="start the server (e.g. 'ollama serve'), or set llm.base_url "
                        "(NEWSDESK_LLM_BASE_URL)",
                    ) from None
                raise LLMUnreachableError(
                    f"the connection to the LLM server failed ({reason})", source=self.endpoint
                ) from None
            if response.status_code < 400:
                return response, attempt + 1
            if body and "response_format" in body and _rejects_format(response):
                raise FormatRejectedError(
                    f"HTTP {response.status_code}: {self._clean(_error_detail(response))}",
                    status=response.status_code,
                    source=self.endpoint,
                )
            if response.status_code in RETRY_STATUS and not last:
                self._wait(attempt, response.headers.get("Retry-After"))
                continue
            raise self._status_error(response, attempt + 1)
        raise LLMError("retries exhausted", source=self.endpoint)  # pragma: no cover

    def _check_local_server(self) -> None:
        """A broken connection to a server that newsdesk started itself: if the process died, say
        so (LocalServerDiedError with its signal and log) instead of "cannot reach"."""
        server = running(self.base_url)
        if server is not None:
            server.raise_if_dead()

    def _wait(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * (2**attempt)
        if retry_after and retry_after.strip().replace(".", "", 1).isdigit():
            delay = max(delay, min(MAX_RETRY_AFTER, float(retry_after)))
        log.info("LLM server busy or unreachable; retrying in %.1f s", delay)
        self._sleep(delay)

    def _clean(self, text: str) -> str:
        return redact(" ".join(text.split()), self.api_key)[:300]

    def _status_error(self, response: httpx.Response, attempts: int) -> LLMError:
        status = response.status_code
        detail = self._clean(_error_detail(response))
        tried = f" after {attempts} attempts" if attempts > 1 else ""
        if status in (401, 403):
            return LLMAuthError(
                f"the LLM server refused the API key (HTTP {status})",
                source=self.endpoint,
                hint="set NEWSDESK_LLM_API_KEY (or llm.api_key) to a valid key",
            )
        if status == 404 and "model" in detail.lower():
            return LLMModelError(
                f"the server does not know the model {self.model!r} ({detail})", source=self.endpoint
            )
        hint = "llm.base_url usually ends in /v1" if status == 404 else None
        if status == 400 and any(w in detail.lower() for w in ("context", "too long", "exceed")):
            hint = "prompt and answer exceed the model context: lower llm.context_tokens or llm.max_tokens"
        message = f"HTTP {status}{tried}" + (f": {detail}" if detail else "")
        return LLMStatusError(message, status=status, source=self.endpoint, hint=hint)


class FormatRejectedError(LLMStatusError):
    """The server refused the requested ``response_format`` (the client tries the next one)."""


def _rejects_format(response: httpx.Response) -> bool:
    """A 400/422, or an error that names the response format (llama-cpp-python answers 500)."""
    if response.status_code in (400, 422):
        return True
    text = response.text.lower()
    return "response_format" in text or "json_schema" in text


def portable_schema(schema: Any) -> Any:
    """``schema`` without ``minLength``/``maxLength``, which OpenAI's strict structured outputs
    do not accept (llama.cpp's grammars do: they get the full schema with ``json_object``)."""
    if isinstance(schema, dict):
        return {k: portable_schema(v) for k, v in schema.items() if k not in ("minLength", "maxLength")}
    if isinstance(schema, list):
        return [portable_schema(v) for v in schema]
    return schema


def _response_format(mode: str, schema: dict[str, Any] | None, name: str) -> dict[str, Any]:
    if mode == "json_schema" and schema is not None:
        strict = {"name": name, "schema": portable_schema(schema), "strict": True}
        return {"response_format": {"type": "json_schema", "json_schema": strict}}
    if mode == "json_object_schema" and schema is not None:
        return {"response_format": {"type": "json_object", "schema": schema}}
    if mode == "json_object":
        return {"response_format": {"type": "json_object"}}
    return {}


def _error_detail(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.text[:300]
    if isinstance(data, dict):
        error = data.get("error", data.get("detail", data.get("message")))
        if isinstance(error, dict):
            error = error.get("message", error)
        if isinstance(error, list):
            error = "; ".join(str(e.get("msg", e)) if isinstance(e, dict) else str(e) for e in error[:3])
        return str(error if error is not None else data)[:300]
    return json.dumps(data)[:300]
