"""The meaning-layer measures on hand-made inputs: labels, topic words in titles, names and
numbers that the sources do not contain, and the pooled figures with their targets."""

from __future__ import annotations

from typing import Any

import pytest

from clipapi.evaluation.meaning import (
    MeaningScore,
    meaning_clip_row,
    meaning_figures,
    meaning_rows,
    meaning_targets,
    result_sources,
    score_meaning,
)
from clipapi.evaluation.metrics import Ratio
from clipapi.evaluation.text_checks import (
    label_accuracy,
    name_candidates,
    numbers_in,
    same_label,
    topic_in_title,
    unfaithful_tokens,
)


def test_labels_compare_loosely_but_not_across_meanings() -> None:
    assert same_label("Food & Cooking", "food_and_cooking")
    assert same_label("Business & Finance", "business and finance")
    assert same_label("link_in_bio", "Link in bio")
    assert not same_label("Tech", "Technology & Gadgets")
    assert not same_label("Educational", None)
    assert same_label(None, None)
    assert label_accuracy([("Tech", "Tech"), ("News", "Educational"), ("Music", None)]) == (
        Ratio(1, 3)
    )


def test_topic_in_title_allows_inflections_and_phrases() -> None:
    assert topic_in_title("Budgeting that finally works", ["budget"])
    assert topic_in_title("Drei schnelle Rezepte", ["rezept"])
    assert topic_in_title("Une ÉTAGÈRE en une heure", ["étagère"])
    assert topic_in_title("My side hustle checklist", ["side hustle"])
    assert not topic_in_title("My side checklist for a hustle", ["side hustle"])
    # joining words and single letters aside, a phrase is still a phrase
    assert topic_in_title("Fix a hole in your wall in 20 minutes", ["hole in the wall"])
    assert topic_in_title("How to trim your cat's nails", ["cat nails"])
    assert topic_in_title("How to tuck a sweater", ["tucking a sweater"])
    assert topic_in_title("La receta de la tortilla de patatas", ["tortilla de patatas"])
    assert not topic_in_title("A nail for the cat", ["cat nails"])
    assert not topic_in_title("The wall has a hole", ["hole in the wall"])
    assert topic_in_title("The art of plating", ["art"])  # a short word matches exactly
    assert not topic_in_title("An article about nothing", ["art"])  # too short to stem
    assert not topic_in_title(None, ["pasta"])
    assert not topic_in_title("", ["pasta"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tram twenty eight", {28.0}),
        ("seventy-eight percent", {78.0}),
        ("dreiundsechzig Euro statt achtundfünfzig", {63.0, 58.0}),
        ("soixante-cinq watts", {65.0}),
        ("treinta y dos", {32.0}),
        ("veintidós", {22.0}),
        ("a five hundred dollar phone", {500.0}),
        ("$499 and 78%", {499.0, 78.0}),
        ("100K followers", {100_000.0}),
        ("1,000 or 1.000 dollars", {1000.0}),
        ("3,5 Liter", {3.5}),
        ("0.045 km/h", {0.045}),
        ("GLOW15 code", set()),
    ],
)
def test_numbers_in_reads_digits_and_words(text: str, expected: set[float]) -> None:
    assert expected <= numbers_in(text)
    if not expected:
        assert not numbers_in(text)


def test_name_candidates_skip_sentence_starts_and_title_case() -> None:
    assert name_candidates("Creator shares a plan for Lisbon. Then TikTok and iPhone.") == [
        "Lisbon",
        "TikTok",
        "iPhone",
    ]
    # Title Case: a capital says nothing, only inner capitals and acronyms count.
    assert name_candidates("How I Grew My Channel With NASA Footage") == ["NASA"]
    assert name_candidates("I made pasta") == []
    # German capitalises every noun: only acronyms and inner capitals name something there.
    assert name_candidates("Das Video zeigt Gnocchi aus dem TikTok-Trend von der NASA", "de") == [
        "TikTok-Trend",
        "NASA",
    ]


def test_unfaithful_tokens_flags_invented_names_and_numbers() -> None:
    sources = ["Give me fifteen minutes and I'll show you the lemon pasta.", "15 MIN PASTA"]
    flagged = unfaithful_tokens(
        {
            "title": "Lemon pasta in 15 minutes",
            "summary": "A cook from Naples makes a 20-minute pasta. Lemon pasta it is.",
            "logline": None,
        },
        sources,
    )
    assert flagged == ["summary: 20", "summary: Naples"]
    # Names and numbers found in any source (inflected, other case, in words) are faithful.
    assert (
        unfaithful_tokens(
            {"summary": "Ce chargeur d'Apple coûte 30 euros, dit le Créateur en vidéo."},
            ["ce chargeur à trente euros est meilleur que celui d'apple", "créateurs"],
        )
        == []
    )


def test_german_nouns_are_not_names() -> None:
    sources = ["Gnocchi in zehn Minuten selbst machen"]
    summary = {"summary": "Im Video geht es um eine schnelle Idee mit Gnocchi."}
    assert unfaithful_tokens(summary, sources, "de") == []
    # Read as another language, the capitals would count.
    assert unfaithful_tokens(summary, sources) == ["summary: Video", "summary: Idee"]


def test_result_sources_are_transcript_screen_text_and_metadata_not_the_file_name() -> None:
    result = _result(title="Anything")
    result["source"] = {
        "filename": "lemon_pasta.mp4",
        "title": "Platform title",
        "hashtags": ["#pasta"],
    }
    sources = result_sources(result)
    assert "Food & Cooking" in sources  # the result's own label, not a name it invented
    assert "give me fifteen minutes for the lemon pasta" in sources
    assert "15 MIN LEMON PASTA" in sources
    assert "Platform title" in sources
    assert "#pasta" in sources
    assert not any("lemon_pasta.mp4" in s for s in sources)


def _truth(**meaning: Any) -> dict[str, Any]:
    labels = {
        "category": "Food & Cooking",
        "hook_type": "tutorial_promise",
        "hook_source": "speech",
        "cta": {"present": True, "kind": "save", "spoken": True, "shown": False},
        "topic_words": ["pasta", "lemon"],
    }
    labels.update(meaning)
    return {"name": "clip", "language": "en", "meaning": labels}


def _result(
    *,
    title: str | None = "Lemon pasta in 15 minutes",
    category: str | None = "Food & Cooking",
    hook_type: str | None = "tutorial_promise",
    cta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "media_understanding": {
            "content_overview": {
                "title": title,
                "summary": "A quick lemon pasta for busy evenings.",
                "category": category,
            },
            "transcript": {"full_text": "give me fifteen minutes for the lemon pasta"},
            "visual_analysis": {
                "on_screen_text": [{"start": 0.0, "end": 3.0, "text": "15 MIN LEMON PASTA"}]
            },
        },
        "creator_intelligence": {
            "hook_analysis": {"hook_type": hook_type, "signals": {"hook_source": "speech"}},
            "cta": cta if cta is not None else {"present": True, "type": "save"},
            "story_structure": {"logline": "A cook makes lemon pasta in Rome."},
        },
    }


def test_score_meaning_reads_every_field() -> None:
    score = score_meaning(_truth(), _result())
    assert score.category == ("Food & Cooking", "Food & Cooking")
    assert score.hook_type == ("tutorial_promise", "tutorial_promise")
    assert score.hook_source == ("speech", "speech")
    assert score.cta_present == (True, True)
    assert score.cta_kind == ("save", "save")
    assert score.topic_hit is True
    assert score.unfaithful == ["logline: Rome"]
    assert score.written["logline"] == "A cook makes lemon pasta in Rome."
    row = meaning_clip_row("clip", score)
    assert "save → save" in row
    assert "logline: Rome" in row


def test_score_meaning_on_an_empty_result_misses_everything() -> None:
    score = score_meaning(_truth(), {})
    assert score.category == ("Food & Cooking", None)
    assert score.cta_present == (True, None)
    assert score.topic_hit is False
    assert score.unfaithful == []


def _score(language: str, **fields: Any) -> MeaningScore:
    base: dict[str, Any] = {
        "language": language,
        "category": ("Tech", "Tech"),
        "hook_type": ("question", "question"),
        "hook_source": ("speech", "speech"),
        "cta_present": (True, True),
        "cta_kind": ("follow", "follow"),
        "title": "A phone review",
        "topic_hit": True,
    }
    base.update(fields)
    return MeaningScore(**base)


def test_figures_pool_per_language_and_targets_pass_or_miss() -> None:
    scores = [
        _score("en"),
        _score("en", category=("News", "Educational"), unfaithful=["title: 7"]),
        _score("de", cta_present=(False, None), cta_kind=(None, None), topic_hit=None),
        _score("de", cta_present=(False, True), cta_kind=(None, "follow"), topic_hit=False),
    ]
    figures = meaning_figures(scores)
    assert list(figures) == ["all", "en", "de"]
    overall = figures["all"]
    assert overall.category == Ratio(3, 4)
    assert overall.cta_present == Ratio(2, 4)  # not reported is a miss, a false CTA too
    assert overall.cta_kind == Ratio(2, 2)  # judged only where the clip has a CTA
    assert overall.topic_in_title == Ratio(2, 3)  # a clip without topic words is not judged
    assert overall.unfaithful == 1
    assert figures["de"].category == Ratio(2, 2)
    targets = {t.name: t for t in meaning_targets(overall)}
    assert not targets["category"].passed  # 75 % < 85 %
    assert targets["hook type"].passed
    assert targets["CTA kind"].passed
    assert not targets["CTA presence"].passed
    unfaithful = targets["names/numbers in title, summary, logline absent from the sources"]
    assert (unfaithful.value, unfaithful.passed) == ("1", False)
    rows = {row[0]: row for row in meaning_rows(figures)}
    assert rows["category accuracy"][1:] == ("75 % (3/4)", "en 1/2, de 2/2")


def test_no_labelled_clip_means_no_meaning_targets() -> None:
    assert meaning_targets(meaning_figures([])["all"]) == []
