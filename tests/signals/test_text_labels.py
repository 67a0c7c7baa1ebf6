"""Zero-shot label sets: the data files, the shipped prototype cache, and the scoring."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any, get_args

import numpy as np
import pytest

from clipapi.inference import text_models
from clipapi.schemas.result import CtaType, HookType
from clipapi.signals.text_labels import (
    LANGUAGES,
    Ranking,
    build_label_set,
    prototypes_of,
    rank,
    text_key,
)
from clipapi.signals.text_meaning import TimedText, first_spoken_line, line_key, opening_text


def label_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (files("clipapi") / "data" / "labels" / f"{name}.json").read_text("utf-8")
    )
    return data


def test_every_label_has_native_prototypes_in_the_six_supported_languages() -> None:
    for name in text_models.LABEL_SETS:
        for label, by_language in label_data(name)["labels"].items():
            assert set(by_language) == set(LANGUAGES), (name, label)
            assert all(by_language[code] for code in LANGUAGES), (name, label)


def test_the_label_vocabularies_match_the_result_schema() -> None:
    hook_types = set(label_data("hook_types")["labels"]) - {"none"}
    verbal = set(get_args(HookType)) - {"visual_pattern_interrupt", "trend_sound", "none"}
    assert hook_types == verbal
    assert set(label_data("cta_kinds")["labels"]) - {"none"} == set(get_args(CtaType))


def test_processing_names_the_version_of_every_label_file() -> None:
    # `processing.model_versions` must say which label set labelled a result.
    named = " ".join(text_models.MODEL_VERSIONS.values())
    for name in text_models.LABEL_SETS:
        version = label_data(name)["version"]
        assert version in named.replace(",", " ").split(), (name, version)


def test_the_shipped_prototype_cache_holds_every_prototype_as_the_model_embeds_it() -> None:
    cached = text_models._cached_prototypes()
    texts = [t for name in text_models.LABEL_SETS for _, t in prototypes_of(label_data(name))]
    missing = [t for t in texts if text_key(t) not in cached]
    assert missing == [], "run: python -m clipapi.inference.text_models"
    sample = texts[::40]
    live = text_models.embedder()(sample)
    for text, vector in zip(sample, live, strict=True):
        stored = cached[text_key(text)]
        assert float(stored @ vector) > 0.999, text


def test_a_label_scores_its_nearest_prototype_not_the_mean_of_them() -> None:
    # Two labels in 3-d: "a" has prototypes on two different axes, "b" one in between.
    data = {"labels": {"a": {"en": ["x", "y"]}, "b": {"en": ["z"]}}}
    vectors = np.array([[1, 0, 0], [0, 1, 0], [0.6, 0.6, 0.5]], dtype=np.float32)
    labels = build_label_set(data, vectors)
    near_x = rank(np.array([0.9, 0.05, 0.0], dtype=np.float32), labels)
    assert near_x.label == "a"
    assert near_x.margin > 0
    assert near_x.runner_up == "b"


def test_a_set_may_score_a_label_by_several_of_its_nearest_prototypes() -> None:
    # "a" has one prototype on the text and one far from it; "b" two near it on either side.
    data: dict[str, Any] = {"labels": {"a": {"en": ["p1", "p2"]}, "b": {"en": ["q1", "q2"]}}}
    vectors = np.array(
        [[1, 0, 0, 0], [0, 0, 0, 1], [0.8, 0.6, 0, 0], [0.8, -0.6, 0, 0]], dtype=np.float32
    )
    text = np.array([1, 0, 0, 0], dtype=np.float32)
    assert rank(text, build_label_set(data, vectors)).label == "a"
    by_two = rank(text, build_label_set({**data, "nearest": 2}, vectors))
    assert by_two.label == "b"
    assert by_two.of("a") == pytest.approx(0.0, abs=0.05)


def test_a_ranking_round_trips_through_its_json_form() -> None:
    ranking = Ranking((("follow", 0.43), ("subscribe", 0.2), ("none", 0.1)))
    again = Ranking.from_dict(ranking.as_dict())
    assert again == ranking
    assert again.without("none").scores == (("follow", 0.43), ("subscribe", 0.2))
    assert round(ranking.margin, 2) == 0.23
    assert ranking.of("none") == 0.1
    assert ranking.of("buy") is None


def test_the_opening_words_of_each_channel() -> None:
    shown = [
        TimedText(0.4, 2.0, "nobody tells you"),
        TimedText(0.1, 2.0, "THE RENT TRICK"),
        TimedText(0.4, 2.0, "nobody tells you"),
        TimedText(5.0, 9.0, "step 1"),
    ]
    assert opening_text(shown) == "THE RENT TRICK nobody tells you"
    assert opening_text([TimedText(3.5, 6.0, "late")]) is None
    spoken = [TimedText(6.0, 8.0, "Later."), TimedText(5.5, 6.0, "Too late to open.")]
    assert first_spoken_line(spoken) is None
    assert first_spoken_line([TimedText(0.3, 2.0, "Hi.")]) == TimedText(0.3, 2.0, "Hi.")
    assert line_key("  Folgt  MIR\u2019s ") == "folgt mir's"


def test_lines_of_one_caption_are_joined_and_separate_captions_are_not() -> None:
    from clipapi.signals.text_meaning import caption_blocks

    read = [
        TimedText(16.0, 19.5, "MITMACHEN"),
        TimedText(16.0, 19.5, "SPEICHERN UND"),
        TimedText(0.0, 3.0, "10 MINUTEN"),
        TimedText(5.0, 9.0, "ZWEITE SEITE"),
    ]
    joined = [block.text for block in caption_blocks(read)]
    assert joined == ["10 MINUTEN", "ZWEITE SEITE", "MITMACHEN SPEICHERN UND"]
