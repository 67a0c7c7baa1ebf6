"""The capital odds read from the e5 vocabulary: the shipped model file and hand-made ones."""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import pytest

from clipapi.inference import text_models
from clipapi.inference.base import ModelUnavailable
from clipapi.inference.word_capitals import MAGIC, capital_odds, read_table, write_table


def _model_file(path: Path, pieces: dict[str, float], *, magic: bytes = MAGIC) -> Path:
    """An `E5S1` file holding only a header and this vocabulary (no weights follow)."""
    blob = b"".join(piece.encode() for piece in pieces)
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece.encode()))
    header = struct.pack("<4sI7ifi", magic, 1, 384, 12, 12, 1536, len(pieces), 512, 1, 1e-12, 32)
    tokenizer = struct.pack("<5iQ", len(pieces), 0, 2, 1, 3, len(blob))
    body = struct.pack(f"<{len(offsets)}I", *offsets) + struct.pack(
        f"<{len(pieces)}f", *pieces.values()
    )
    path.write_bytes(header + tokenizer + body + blob + b"\0" * 64)
    return path


def test_odds_compare_each_capitalised_word_with_its_lower_case_piece(tmp_path: Path) -> None:
    pieces = {
        "<s>": 0.0,
        "\u2581Rücken": -14.0,  # no lower-case piece: the capital is the only form
        "\u2581Minuten": -12.5,
        "\u2581minuten": -12.75,  # both: the capital a little more often
        "\u2581Tips": -11.7,
        "\u2581tips": -11.0,  # the lower case more often: not listed
        "\u2581iPhone": -13.0,  # cased inside: a brand's own spelling, not a capital
        "\u2581USA": -11.0,
        "Haus": -12.0,  # not a word's start
    }
    odds = capital_odds(_model_file(tmp_path / "e5.bin", pieces))
    assert odds == {"rücken": math.inf, "minuten": 0.25}


def test_a_file_of_another_layout_is_unavailable_not_misread(tmp_path: Path) -> None:
    pieces = {"\u2581Rücken": -14.0}
    with pytest.raises(ModelUnavailable, match="not an E5S1"):
        capital_odds(_model_file(tmp_path / "other.bin", pieces, magic=b"GGUF"))
    whole = _model_file(tmp_path / "whole.bin", pieces).read_bytes()
    for cut in (60, 80):  # inside the header, inside the vocabulary
        (tmp_path / "cut.bin").write_bytes(whole[:cut])
        with pytest.raises(ModelUnavailable, match="past the file's end"):
            capital_odds(tmp_path / "cut.bin")
    with pytest.raises(ModelUnavailable, match="could not be read"):
        capital_odds(tmp_path / "missing.bin")


def test_the_shipped_vocabulary_capitalises_german_nouns_and_names_not_common_words() -> None:
    odds = capital_odds()
    assert 5_000 < len(odds) < 50_000
    for noun_or_name in ("rücken", "studium", "jahr", "paris", "chicago"):
        assert odds[noun_or_name] > 0, noun_or_name
    for common in ("tips", "best", "money", "morning", "schnell", "warum"):
        assert common not in odds, common


def test_the_shipped_table_is_what_the_installed_model_gives(tmp_path: Path) -> None:
    shipped = text_models.capital_odds()
    assert shipped == capital_odds()
    assert shipped["rücken"] == math.inf  # written `null`: no lower-case piece
    # A table written and read back is the same table.
    write_table(tmp_path / "capitals.json")
    document = json.loads((tmp_path / "capitals.json").read_text("utf-8"))
    assert read_table(document) == shipped
