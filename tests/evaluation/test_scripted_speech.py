"""eval/scripted_speech.py hears a corpus item's own script: its sentences spread over the
speech, every word heard, in the script's language; no speech, no transcript."""

from __future__ import annotations

import itertools
from types import ModuleType

import pytest
from eval_modules import load_eval


def _module() -> ModuleType:
    return load_eval("scripted_speech")


def test_the_script_is_heard_word_for_word_over_the_speech() -> None:
    truth = {
        "language": "de",
        "speech": {"language": "de", "text": "Erster Satz hier. Und der zweite, etwas länger!"},
        "meaning": {"speech_end_s": 6.4},
    }
    heard = _module().scripted(truth, 8.0)
    assert heard.language == "de"
    assert [s.text for s in heard.segments] == [
        "Erster Satz hier.",
        "Und der zweite, etwas länger!",
    ]
    words = [w for s in heard.segments for w in s.words]
    assert " ".join(w.text.strip() for w in words) == (
        "Erster Satz hier. Und der zweite, etwas länger!"
    )
    assert all(w.probability == pytest.approx(0.95) for w in words)
    assert words[0].start == pytest.approx(0.4)
    assert heard.segments[-1].end == pytest.approx(6.4)
    assert all(a.end <= b.start for a, b in itertools.pairwise(words))


def test_a_clip_without_speech_gets_no_transcript() -> None:
    heard = _module().scripted({"speech": None}, 5.0)
    assert heard.segments == ()
    assert heard.language is None
