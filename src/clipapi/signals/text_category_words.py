"""Topic words: the category a unit's own words name ("chat", "croquettes", "mascara").

e5-small reads an English sentence's subject well, but in the other languages it can miss the
one noun that says what a sentence is about: "Mon chat a disparu pendant trois jours" scores
Comedy a hair above Pets & Animals, and colloquial French advice ("franchement, foncez le
prendre") pulls towards Motivation whatever it advises on. A creator, or a viewer, reads that
noun first. So each category has, in German, Spanish, French, Portuguese and Italian, words
that almost always mean a video is about it when someone says or writes them
(`data/labels/category_words.json`: concrete nouns of its subject, a few verbs; no word of
two categories, none common in everyday talk). A unit that holds a category's word gets a
bonus on that category in the zero-shot ranking (`text_category`), in full where the unit is
a sentence and less in a long run of words (`evidence`), so the words count as much as the
unit weighs: a noun said once in a minute of talk moves little, a video talking about its
subject throughout moves a lot.

English has no list: there the words moved as many clips wrong as right (a skit that says
"cat" four times is still Comedy, news of a flight strike is still News), while in every
other language they moved clips right on each of four clip sets, one of them written after
the lists and blind to them (docs/accuracy.md).

Words match whole, in their listed form or an inflected one: a plural ending of the language,
an Italian, Spanish or Portuguese final vowel changed (gatto, gatti), and in German a
compound that starts with the word ("Hundefutter"). Phrases match as whole word sequences.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Endings an inflected form may add to a listed word, by language.
_ENDINGS: Mapping[str, tuple[str, ...]] = {
    "en": ("s", "es"),
    "de": ("e", "en", "n", "er", "es", "s"),
    "fr": ("s", "x"),
    "es": ("s", "es"),
    "pt": ("s", "es"),
    "it": (),
}
# Languages whose nouns change their final vowel for gender or number.
_VOWEL_ENDING = frozenset({"it", "es", "pt"})
_VOWELS = frozenset("aeiou")
# A German compound counts when it starts with a listed word at least this long (shorter
# words open too many unrelated compounds: "Tor" in "Torte").
COMPOUND_MIN_CHARS = 5
# A category word counts fully in a sentence of up to this many words (a creator's sentence
# runs 8-20), proportionally less in a longer run.
SENTENCE_WORDS = 12
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def fold(text: str) -> str:
    """Lower case, accents kept: "uña" is no "una"."""
    return unicodedata.normalize("NFC", text.lower())


def tokens(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class CategoryWords:
    """Each language's topic words: each single word with the categories that list it, and
    phrases (tuples of words) by category."""

    version: str
    words: Mapping[str, Mapping[str, tuple[str, ...]]]  # language -> word -> its categories
    phrases: Mapping[str, Mapping[str, tuple[tuple[str, ...], ...]]]

    def reads(self, language: str | None) -> bool:
        """Whether the language has lists: everywhere but in English, where e5 reads a
        sentence's subject well enough that naming it moved as many clips wrong as right."""
        return language is not None and language in self.words

    def named(self, text: str, language: str | None) -> dict[str, tuple[str, ...]]:
        """The categories whose words `text` holds, with the words found (listed forms); none
        in a language without lists."""
        if language is None or language not in self.words:
            return {}
        said = tokens(text)
        owners = self.words[language]
        hits: dict[str, set[str]] = {}
        for token in said:
            for word in _listed_forms(token, language):
                for category in owners.get(word, ()):
                    hits.setdefault(category, set()).add(word)
        for category, phrases in self.phrases.get(language, {}).items():
            for phrase in phrases:
                if _holds(said, phrase, language):
                    hits.setdefault(category, set()).add(" ".join(phrase))
        return {category: tuple(sorted(found)) for category, found in hits.items()}

    def evidence(self, text: str, language: str | None) -> dict[str, float]:
        """How strongly `text` names each category, 0-1: its distinct words of the category
        against its length, one word in a sentence of SENTENCE_WORDS counting fully; so a word
        the recogniser made up in a long run of guesses ("Vier fürs Restaurant" for the
        all-fours position) counts for little."""
        length = max(1, len(tokens(text)))
        return {
            category: min(1.0, SENTENCE_WORDS * len(found) / length)
            for category, found in self.named(text, language).items()
        }


def _listed_forms(token: str, language: str) -> set[str]:
    """The forms a listed word would have for `token` to inflect it (`_inflects`): the token
    itself, without one of the language's endings, with its final vowel changed, and in German
    each opening of a compound."""
    forms = {token}
    forms |= {token[: -len(e)] for e in _ENDINGS.get(language, ()) if token.endswith(e)}
    if language in _VOWEL_ENDING:
        for cut in (1, 2):  # "gatti" or "gatos": the vowel, or the vowel and a plural "s"
            stem, tail = token[:-cut], token[-cut:]
            if tail.rstrip("s") in _VOWELS and len(stem) >= 3:
                forms |= {stem + vowel for vowel in _VOWELS}
    if language == "de":
        forms |= {token[:k] for k in range(COMPOUND_MIN_CHARS, len(token))}
    return {form for form in forms if form and _inflects(token, form, language)}


def build_category_words(data: Mapping[str, object]) -> CategoryWords:
    """Compile the JSON of `data/labels/category_words.json`."""
    words: dict[str, dict[str, list[str]]] = {}
    phrases: dict[str, dict[str, tuple[tuple[str, ...], ...]]] = {}
    languages = data.get("languages")
    if not isinstance(languages, Mapping):
        raise ValueError("category words: no 'languages' table")
    for language, categories in languages.items():
        owners = words.setdefault(language, {})
        for category, entries in categories.items():
            folded = [tuple(tokens(str(entry))) for entry in entries]
            for entry in folded:
                if len(entry) == 1:
                    owners.setdefault(entry[0], []).append(category)
            phrases.setdefault(language, {})[category] = tuple(f for f in folded if len(f) > 1)
    listed = {
        language: {word: tuple(names) for word, names in owners.items()}
        for language, owners in words.items()
    }
    return CategoryWords(str(data.get("version", "")), listed, phrases)


def _inflects(token: str, word: str, language: str) -> bool:
    """Whether `token` is `word` or one of its inflected forms (module docstring)."""
    if token == word:
        return True
    if token.startswith(word) and token[len(word) :] in _ENDINGS.get(language, ()):
        return True
    if (
        language in _VOWEL_ENDING
        and len(word) >= 4
        and len(token) in (len(word), len(word) + 1)
        and word[-1] in _VOWELS
        and token[: len(word) - 1] == word[:-1]
        and token[len(word) - 1 :].rstrip("s") in _VOWELS
    ):
        return True
    return language == "de" and len(word) >= COMPOUND_MIN_CHARS and token.startswith(word)


def _holds(said: Sequence[str], phrase: tuple[str, ...], language: str) -> bool:
    width = len(phrase)
    return any(
        all(_inflects(t, w, language) for t, w in zip(said[i : i + width], phrase, strict=True))
        for i in range(len(said) - width + 1)
    )
