"""`clipapi eval` end to end on two cheap corpus items: the corpus builds, the real pipeline
runs in-process, the table prints and the JSON holds the figures."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from clipapi.evaluation.cli import eval_command, find_corpus_script

ROOT = Path(__file__).resolve().parents[2]


def test_the_corpus_script_is_found_from_the_checkout(tmp_path: Path) -> None:
    assert find_corpus_script(ROOT / "tests") == ROOT / "eval" / "corpus.py"
    # Outside any checkout, the editable install's own checkout is used.
    assert find_corpus_script(tmp_path) == ROOT / "eval" / "corpus.py"


def test_eval_on_two_items(tmp_path: Path) -> None:
    out, figures = tmp_path / "corpus", tmp_path / "figures.json"
    result = CliRunner().invoke(
        eval_command,
        [
            "--out",
            str(out),
            "--json",
            str(figures),
            "--only",
            "bars_cuts_noaudio",
            "--only",
            "room_tone",
        ],
    )
    assert result.exit_code == 0, result.output
    truth = json.loads((out / "bars_cuts_noaudio.json").read_text())
    assert truth["cuts"] == [1.0, 2.0, 3.0]
    assert (out / truth["media"]).is_file()
    assert "| cut precision / recall / F1 |" in result.stdout
    data = json.loads(figures.read_text())
    assert [item["name"] for item in data["items"]] == ["bars_cuts_noaudio", "room_tone"]
    assert all(item["status"] == "completed" for item in data["items"])
    assert data["cuts"]["true_positives"] == 3
    assert data["cuts"]["false_positives"] == 0
    assert data["no_music_on_speech_or_silence"] == {"hits": 1, "total": 1, "value": 1.0}
    assert data["language_accuracy"]["total"] == 2
    assert data["passed"] is True


def test_unknown_item_is_a_usage_error() -> None:
    result = CliRunner().invoke(eval_command, ["--only", "no_such_clip"])
    assert result.exit_code == 2
    assert "no_such_clip" in result.output


def test_unknown_group_is_a_usage_error() -> None:
    result = CliRunner().invoke(eval_command, ["--group", "no_such_group"])
    assert result.exit_code == 2
    assert "creators" in result.output  # the groups there are


def test_eval_on_a_corpus_built_beforehand(tmp_path: Path) -> None:
    from clipapi.evaluation.cli import load_corpus_module

    corpus = load_corpus_module(ROOT / "eval" / "corpus.py")
    corpus.build(tmp_path, ["bars_cuts_noaudio"], log=lambda _: None)
    built = (tmp_path / "bars_cuts_noaudio.mp4").stat().st_mtime_ns
    result = CliRunner().invoke(
        eval_command, ["--corpus", str(tmp_path), "--only", "bars_cuts_noaudio"]
    )
    assert result.exit_code == 0, result.output
    assert "building the corpus" not in result.output
    assert (tmp_path / "bars_cuts_noaudio.mp4").stat().st_mtime_ns == built  # not rebuilt
    assert "| bars_cuts_noaudio | synthetic |" in result.stdout
