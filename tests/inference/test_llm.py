"""Choosing the generative writer from the settings, without loading any model."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from clipapi.config import Settings
from clipapi.inference.llm import EmbeddedChat, HttpChat, chat_endpoint, chat_from_settings


def settings(tmp_path: Path, **values: object) -> Settings:
    return Settings(data_dir=tmp_path, **values)  # type: ignore[arg-type]


def test_the_generative_writer_is_off_by_default(tmp_path: Path) -> None:
    assert chat_from_settings(settings(tmp_path)) is None
    assert chat_from_settings(settings(tmp_path, llm="off")) is None


def test_a_server_url_wins_and_is_read_as_its_chat_endpoint(tmp_path: Path) -> None:
    chat = chat_from_settings(
        settings(tmp_path, llm="embedded", llm_url="http://gpu-box:11434", llm_model="qwen2.5")
    )
    assert isinstance(chat, HttpChat)
    assert chat.endpoint == "http://gpu-box:11434/v1/chat/completions"
    assert chat.name == "openai-compatible chat (qwen2.5)"
    assert chat_endpoint("http://h:8000/v1/") == "http://h:8000/v1/chat/completions"
    assert chat_endpoint("http://h/v1/chat/completions") == "http://h/v1/chat/completions"


def test_the_embedded_writer_is_one_per_process_and_loads_nothing_until_asked(
    tmp_path: Path,
) -> None:
    first = chat_from_settings(settings(tmp_path, llm="embedded", llm_threads=1))
    again = chat_from_settings(settings(tmp_path, llm="embedded", llm_threads=1))
    assert isinstance(first, EmbeddedChat)
    assert first is again
    assert first.threads == 1
    assert not (tmp_path / "models").exists()


def test_unknown_modes_and_bad_limits_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        settings(tmp_path, llm="gpt")
    with pytest.raises(ValidationError):
        settings(tmp_path, llm_timeout_s=0)
