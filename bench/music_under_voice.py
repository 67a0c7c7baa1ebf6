"""Music under a voice-over: is the bed found, and how far off is its tempo? A sweep over
tempo, level under the voice and kind of bed, through the audio step's own detection and
tempo functions.

    .venv/bin/python bench/music_under_voice.py
    .venv/bin/python bench/music_under_voice.py --speech /tmp/creators /tmp/holdout

The voice-over is eval/corpus_voices.py's (piper "joe", five sentences, ~16 s); the beds are
tests/data/make_audio.py's drum pattern alone and full song (drums, bass, chords, melody),
mixed 10, 15 and 20 dB under the voice (active RMS against active RMS). The last column is
the octave test's weaker/stronger phase accent above the background (`Tempo.offbeat_accent`;
"-" where the tempo is not in the range where its octave is ambiguous); the one before it the
beat's steady periodicity (`audio_beat.Beat.steady`). With --speech, instead, the steady
periodicity and any beat found on speech alone: the voice-over without a bed, JFK, and every
item of the given corpus folders (eval/corpus.py) whose truth has no music.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

from clipapi.pipeline.steps import audio
from clipapi.signals import audio_beat

ROOT = Path(__file__).resolve().parent.parent
TEMPI = (75, 84, 90, 100, 112, 128, 140, 150)
LEVELS_DB = (10, 15, 20)
SR = 16_000


def _corpus_voices() -> object:
    spec = importlib.util.spec_from_file_location(
        "bench_voices", ROOT / "eval" / "corpus_voices.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--speech", nargs="*", type=Path, help="corpus folders")
    args = parser.parse_args()
    if args.speech is not None:
        speech_alone(args.speech)
        return
    voices = _corpus_voices()
    print("| bed | BPM | dB under | music found | BPM read | error | steady | weak/strong accent |")
    print("|---|---|---|---|---|---|---|---|")
    found = 0
    within = 0
    total = 0
    for drums_only in (True, False):
        for bpm in TEMPI:
            for below_db in LEVELS_DB:
                pcm, _ = voices.voice_over_with_beat(bpm, below_db, bpm, drums_only)  # type: ignore[attr-defined]
                pcm = np.asarray(pcm, dtype=np.float32)
                speech, music, _, beat = audio._activity(pcm, False, {}, [])
                tempo = audio._tempo(pcm, music, speech or [], beat, {}, []) if music else None
                error = None if tempo is None else (tempo.bpm - bpm) / bpm
                total += 1
                found += bool(music)
                within += error is not None and abs(error) <= 0.02
                print(
                    f"| {'drums' if drums_only else 'song'} | {bpm} | {below_db} | "
                    f"{'yes' if music else 'no'} | {tempo.bpm if tempo else '-'} | "
                    f"{'-' if error is None else f'{error:+.1%}'} | "
                    f"{beat.steady:.3f} | {_accent(tempo)} |"
                )
    print(f"\nfound {found}/{total}; tempo within 2 % on {within}/{total}")


def speech_alone(folders: list[Path]) -> None:
    """The steady periodicity of speech without any bed, and whether a beat is found in it."""
    voices = _corpus_voices()
    make_audio = voices.make_audio  # type: ignore[attr-defined]
    voice, _ = voices.voice_over_with_beat(100, 200, 100, True)  # type: ignore[attr-defined]
    clips = [("voice-over alone", np.asarray(voice, dtype=np.float32))]
    clips.append(("jfk.flac", make_audio.load_flac(ROOT / "tests" / "data" / "media" / "jfk.flac")))
    for folder in folders:
        for item in json.loads((folder / "corpus.json").read_text())["items"]:
            if not item.get("music") and item.get("has_audio", True):
                clips.append((item["name"], make_audio.load_flac(folder / item["media"], SR)))
    print("| speech alone | s | steady | beat found |")
    print("|---|---|---|---|")
    highest, found = 0.0, 0
    for name, pcm in clips:
        beat = audio_beat.find_beat(pcm, SR)
        highest = max(highest, beat.steady)
        found += bool(beat.spans)
        beat_found = "yes" if beat.spans else "no"
        print(f"| {name} | {pcm.size / SR:.1f} | {beat.steady:.3f} | {beat_found} |")
    print(f"\n{len(clips)} clips: steady periodicity at most {highest:.3f}, a beat in {found}")


def _accent(tempo: object) -> str:
    accent = getattr(tempo, "offbeat_accent", None)
    return "-" if accent is None else str(accent)


if __name__ == "__main__":
    main()
