"""The scripted creator clips (eval/creator_scripts.toml and the held-out
eval/creator_scripts_holdout.toml) cover what the meaning layer is judged on, and their labels
agree with their own scripts. One clip of each group is built for real."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import get_args

import av
import pytest
from eval_modules import load_eval

from clipapi.evaluation.text_checks import fold, numbers_in
from clipapi.inference import text_models
from clipapi.schemas.result import HookType

ROOT = Path(__file__).resolve().parents[2]
CATEGORIES = {
    "Educational", "Entertainment", "Comedy", "Lifestyle", "Food & Cooking", "Fitness",
    "Beauty & Fashion", "Tech", "Business & Finance", "Gaming", "Music", "Travel", "News",
    "Sports", "Pets & Animals", "Art & DIY", "Motivation",
}  # fmt: skip
CTA_KINDS = {
    "follow", "subscribe", "comment", "save", "share", "like", "link_in_bio", "visit", "buy",
}  # fmt: skip
VERBAL_HOOKS = set(get_args(HookType)) - {"visual_pattern_interrupt", "none"}


creators = load_eval("creators")
SCRIPTS_BY_GROUP = {
    group: creators.load_scripts(group, path) for group, path in creators.SCRIPT_FILES
}
SCRIPTS = tuple(script for scripts in SCRIPTS_BY_GROUP.values() for script in scripts)
# The fewest clips per language in each group (Italian is in the held-out set only,
# Portuguese in a small set of its own).
MIN_CLIPS = {
    "creators": {"de": 4, "es": 4, "fr": 4},
    "creators-holdout": {"de": 3, "es": 3, "fr": 3, "it": 2},
    "creators-pt": {"pt": 8},
    "creators-en2": {"en": 12},
    "creators-intl": {"de": 4, "es": 4, "fr": 4},
    "creators-mix": {"en": 14, "de": 2, "es": 2, "fr": 2, "it": 2, "pt": 2},
    "creators-blind": {"en": 12, "de": 3, "es": 3, "fr": 2, "it": 2, "pt": 2},
    "creators-blind2": {"en": 16, "de": 3, "es": 3, "fr": 3, "it": 3, "pt": 2},
    "creators-blind3": {"en": 16, "de": 3, "es": 3, "fr": 3, "it": 3, "pt": 2},
    "creators-blind4": {"en": 18, "de": 3, "es": 3, "fr": 3, "it": 2, "pt": 1},
    "creators-blind5": {"en": 16, "de": 3, "es": 3, "fr": 3, "it": 3, "pt": 2},
    "creators-blind6": {"en": 18, "de": 3, "es": 3, "fr": 2, "it": 2, "pt": 2},
    "creators-blind7": {"en": 17, "de": 3, "es": 3, "fr": 3, "it": 2, "pt": 2},
    "creators-blind8": {"en": 16, "de": 3, "es": 3, "fr": 3, "it": 3, "pt": 2},
    "creators-blind9": {"en": 14, "de": 4, "es": 4, "fr": 3, "it": 3, "pt": 2},
    "creators-blind10": {"en": 14, "de": 4, "es": 4, "fr": 4, "it": 2, "pt": 2},
}
# The groups that hold every label; the Portuguese, second English and second German, Spanish
# and French ones are smaller checks.
COMPLETE = ("creators", "creators-holdout")


def test_every_group_has_its_scripts_and_no_name_twice() -> None:
    assert set(SCRIPTS_BY_GROUP) == set(MIN_CLIPS) == set(creators.GROUPS)
    assert len({s.name for s in SCRIPTS}) == len(SCRIPTS) == len(creators.NAMES)
    for group, scripts in SCRIPTS_BY_GROUP.items():
        assert creators.GROUPS[group] == tuple(s.name for s in scripts)
    assert sorted(creators.HELD_OUT) == [
        "creators-blind",
        "creators-blind10",
        "creators-blind2",
        "creators-blind3",
        "creators-blind4",
        "creators-blind5",
        "creators-blind6",
        "creators-blind7",
        "creators-blind8",
        "creators-blind9",
        "creators-en2",
        "creators-holdout",
        "creators-intl",
        "creators-mix",
        "creators-pt",
    ]


@pytest.mark.parametrize("held_out", sorted(creators.HELD_OUT))
def test_the_held_out_clips_share_no_words_with_the_others(held_out: str) -> None:
    """Written apart: no spoken line or caption of one set occurs in the other."""

    def texts(scripts: tuple[object, ...]) -> set[str]:
        found = set()
        for s in scripts:
            found |= {fold(line) for line in s.lines}
            found |= {fold(text) for _, _, text in s.captions}
        return found

    others = tuple(s for s in SCRIPTS if s.group != held_out)
    assert not texts(SCRIPTS_BY_GROUP[held_out]) & texts(others)


@pytest.mark.parametrize("group", COMPLETE)
def test_the_scripts_cover_every_label(group: str) -> None:
    scripts = SCRIPTS_BY_GROUP[group]
    assert len(scripts) >= 30
    assert {s.category for s in scripts} == CATEGORIES
    assert {s.hook_type for s in scripts} == set(get_args(HookType))
    kinds = [s.cta["kind"] for s in scripts if s.cta]
    assert set(kinds) == CTA_KINDS
    assert any(s.cta is None for s in scripts)
    assert any(s.cta and s.cta["spoken"] and not s.cta["shown"] for s in scripts)
    assert any(s.cta and s.cta["shown"] and not s.cta["spoken"] for s in scripts)
    assert any(s.cta and s.cta["shown"] and s.cta["spoken"] for s in scripts)
    assert any(s.hook_source == "text" and s.lines for s in scripts)  # on screen, not said
    assert {s.hook_source for s in scripts} == {"speech", "text", "both", None}
    for language, fewest in MIN_CLIPS[group].items():
        assert sum(s.language == language for s in scripts) >= fewest, language


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: s.name)
def test_each_script_is_consistent(script: object) -> None:
    s = script
    assert s.language in {"en", *creators.ESPEAK_VOICES}
    assert s.category in CATEGORIES
    assert s.hook_type in set(get_args(HookType))
    assert s.visual in {"talking", "broll", "cards"}
    # A verbal hook says where it is; a hook without words has no source.
    assert (s.hook_source is not None) == (s.hook_type in VERBAL_HOOKS)
    if s.cta:
        assert s.cta["kind"] in CTA_KINDS
        assert s.cta["spoken"] or s.cta["shown"]
    assert s.topic_words
    said = " ".join(s.lines)
    shown = " ".join(text for _, _, text in s.captions)
    sources = f"{said} {shown}"
    if s.hook_source in ("text", "both"):  # the hook caption is up in the first 3 s
        assert any(start < 3.0 for start, _, _ in s.captions)
    for names in s.entities.values():
        for name in names:
            assert fold(name) in fold(sources), name
    for number in s.numbers:
        assert float(number) in numbers_in(sources), number
    assert list(s.cuts) == sorted(s.cuts)
    for start, end, _ in s.captions:
        assert end > start


def test_the_held_out_groups_are_built_only_when_named() -> None:
    corpus = load_eval("corpus")
    held_out = {name for group in creators.HELD_OUT for name in corpus.GROUPS[group]}
    assert held_out == corpus.HELD_OUT
    assert held_out <= set(corpus.NAMES)
    by_default = corpus.selected(None)
    assert not by_default & held_out
    assert set(corpus.GROUPS["creators"]) <= by_default
    for group in creators.HELD_OUT:
        assert corpus.selected(corpus.GROUPS[group]) == set(corpus.GROUPS[group])


@pytest.mark.parametrize("group", sorted(SCRIPTS_BY_GROUP))
def test_one_clip_is_built_with_its_labels(group: str, tmp_path: Path) -> None:
    """The voice and the drawing run for real on the shortest script, English where the
    group has English (the piper voice), else espeak-ng's."""
    corpus = load_eval("corpus")
    spoken = [s for s in SCRIPTS_BY_GROUP[group] if s.lines]
    english = [s for s in spoken if s.language == "en"] or spoken
    script = min(english, key=lambda s: sum(len(line) for line in s.lines))
    corpus.build(tmp_path, [script.name], log=lambda _: None)
    truth = json.loads((tmp_path / f"{script.name}.json").read_text())
    assert truth["group"] == group
    assert truth["source"].startswith(f"eval/{dict(creators.SCRIPT_FILES)[group].name} ")
    assert truth["meaning"]["category"] == script.category
    assert truth["speech"]["text"] == " ".join(script.lines)
    assert re.fullmatch(r"creator-\d+\.mp4", truth["media"])  # no label in the file name
    duration = truth["duration_s"]
    assert duration >= truth["meaning"]["speech_end_s"] > 1.0
    with av.open(str(tmp_path / truth["media"])) as container:
        video = container.streams.video[0]
        assert (video.width, video.height) == (360, 640)
        assert container.streams.audio
        assert float(container.duration or 0) / 1e6 == pytest.approx(duration, abs=0.2)
    for start, end, _ in truth["captions"]:
        assert 0 <= start < end <= duration


@pytest.mark.skipif(
    shutil.which("espeak-ng") is None and not os.environ.get("CI"),
    reason="espeak-ng is not installed (scripts/test-services installs it)",
)
@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("de", "Folg mir für mehr schnelle Rezepte."),
        ("it", "Seguitemi per altre ricette veloci."),
    ],
)
def test_a_line_is_spoken_by_espeak(language: str, line: str) -> None:
    pcm = creators.espeak_speech(line, language)
    assert pcm.dtype.name == "float32"
    assert 1.0 < pcm.size / creators.SR < 5.0
    assert float(abs(pcm).max()) > 0.05


def test_the_learned_heads_were_fitted_on_the_scripts_as_they_are() -> None:
    # A script added or edited since a fit: refit with `eval/train_category_head.py --write`
    # or `eval/train_hook_head.py --write`.
    scripts = creators.fitted_on(training=False, without=())
    assert text_models.category_head().trained_on == creators.examples_key(scripts, "category")
    assert text_models.hook_type_head().trained_on == creators.examples_key(
        scripts, "hook_type", "hook_source"
    )
    first = creators.SCRIPTS_BY_NAME[creators.NAMES[0]]
    relabelled = replace(first, category="Gaming")
    assert creators.examples_key([relabelled], "category") != creators.examples_key(
        [first], "category"
    )
    assert creators.examples_key([relabelled], "hook_type") == creators.examples_key(
        [first], "hook_type"
    )


def test_the_training_texts_are_labelled_and_share_no_words_with_the_sets() -> None:
    """The heads' extra texts (eval/training_texts_*.toml) carry valid labels in every
    language the sets use, and none of their lines occurs in a set they are measured on."""
    training = creators.TRAINING
    names = [s.name for s in training]
    assert len(set(names)) == len(names)
    assert not set(names) & set(creators.NAMES)
    assert {s.language for s in training} == {"en", *creators.ESPEAK_VOICES}
    assert {s.category for s in training} == CATEGORIES
    assert {s.hook_type for s in training} == VERBAL_HOOKS - {"trend_sound"} | {"none"}
    for s in training:
        assert s.lines
        assert (s.hook_source is None) == (s.hook_type == "none")
    in_sets = {fold(line) for s in SCRIPTS for line in s.lines}
    in_sets |= {fold(text) for s in SCRIPTS for _, _, text in s.captions}
    assert not {fold(line) for s in training for line in s.lines} & in_sets
