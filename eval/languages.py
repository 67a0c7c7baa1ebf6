"""Which language the recogniser hears in a built corpus's speech, and how surely: for each
clip whose speech is labelled with a language other than English, Whisper's ranking (as the
transcription detects it, over the speech VAD keeps), the language the transcription keeps
(`WhisperRunner.transcribe`) and, with --candidates N where Whisper is unsure, the mean word
probability of a decoding in each of the N likeliest living languages, the figure that
decides an unsure language (`inference/whisper.py`, SURE_LANGUAGE and SURER_BY), beside its
tokens' mean log-probability. Each clip's line ends with the CPU seconds its transcription
took (all threads; run it on a quiet machine, with `PYTHONPATH` set to another checkout's
`src` to compare).

    PYTHONPATH=src .venv/bin/python eval/languages.py CORPUS [CORPUS ...] [--candidates N]

CORPUS is a folder `eval/corpus.py` built. The audio is the clip's whole track, as the
transcript step reads a mono clip.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from clipapi.config import Settings
from clipapi.inference.whisper import (
    DECODING,
    SURE_LANGUAGE,
    UNSPOKEN,
    WhisperRunner,
    model_source,
)
from clipapi.media.audio import decode_pcm
from clipapi.signals.speech import mean_probability


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+", type=Path)
    parser.add_argument("--candidates", type=int, default=0)
    args = parser.parse_args()
    runner = WhisperRunner(model_source(Settings()))
    model = runner.model()
    right = total = 0
    for folder in args.corpus:
        for path in sorted(folder.glob("*.json")):
            truth = json.loads(path.read_text(encoding="utf-8"))
            said = (truth.get("speech") or {}).get("language") if "media" in truth else None
            if not said or said == "en":
                continue
            pcm = decode_pcm(folder / truth["media"])
            # The ranking the transcription reads (over the speech VAD keeps); nothing is
            # decoded until the segments are read.
            _, info = model.transcribe(pcm, **DECODING)
            ranked = info.all_language_probs or []
            started = time.process_time()
            kept = runner.transcribe(pcm)
            cpu = time.process_time() - started
            total += 1
            right += kept.language == said
            ranking = ", ".join(f"{code} {p:.2f}" for code, p in ranked[:4])
            print(f"{truth['name']} ({said}): kept {kept.language} [{ranking}] {cpu:.1f} s CPU")
            sure = ranked[0][0] not in UNSPOKEN and ranked[0][1] >= SURE_LANGUAGE
            living = [code for code, _ in ranked if code not in UNSPOKEN]
            for code in [] if sure else living[: args.candidates]:
                segments = list(model.transcribe(pcm, language=code, **DECODING)[0])
                heard = mean_probability(w.probability for s in segments for w in s.words or ())
                # The tokens' mean log-probability, each segment weighted by its length.
                spans = [max(s.end - s.start, 1e-3) for s in segments]
                logprob = (
                    sum(s.avg_logprob * t for s, t in zip(segments, spans, strict=True))
                    / sum(spans)
                    if spans
                    else None
                )
                print(f"    decoded as {code}: words heard at {heard}, tokens at {logprob}")
    print(f"language kept right: {right}/{total}")


if __name__ == "__main__":
    main()
