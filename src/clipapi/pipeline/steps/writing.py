"""The understanding step's optional generative writer: ask the configured chat model, check
every field it wrote against the video's words, and say what wrote what."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

from clipapi.config import Settings
from clipapi.inference.llm import chat_from_settings
from clipapi.signals.text_entities import BrandLexicon, match_brands
from clipapi.signals.text_faithful import Verdict, check
from clipapi.signals.text_generative import Generated, VideoWords, generate


def generated_texts(
    settings: Settings,
    words: VideoWords,
    embed: Callable[[Sequence[str]], NDArray[np.float32]] | None,
    source_vectors: NDArray[np.float32] | None,
    lexicon: BrandLexicon | None,
) -> tuple[Generated, str | None]:
    """The fields the chat model wrote and that passed the check, and the model's name
    (None when the generative writer is off)."""
    chat = chat_from_settings(settings)
    if chat is None or not words.all:
        return Generated(), None
    centroid: NDArray[np.float32] | None = None
    if embed is not None and source_vectors is not None and len(source_vectors):
        mean = source_vectors.mean(axis=0)
        centroid = mean / max(float(np.linalg.norm(mean)), 1e-12)

    def brands(texts: Sequence[str]) -> list[str]:
        return match_brands(texts, lexicon) if lexicon is not None else []

    def verdict(text: str) -> Verdict:
        similarity = None
        if embed is not None and centroid is not None:
            similarity = float(embed([text])[0] @ centroid)
        return check(text, words.all, words.language, brands, similarity)

    return generate(chat, words, verdict), chat.name
