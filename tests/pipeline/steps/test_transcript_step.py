"""The transcript step on real recorded speech under small videos (built with PyAV at test
time): accuracy against ground truth, timing sanity, speakers by channel and by voice, honest
nulls."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from clipapi.pipeline.step import StepOutput
from clipapi.pipeline.steps.transcript import SPEAKER_METHOD, TranscriptStep
from clipapi.schemas.result import Speech, Transcript
from clipapi.signals.wer import word_error_rate
from conftest import MEDIA_DIR, make_audio, make_settings, make_speech, media_step_context

JFK_TEXT = (
    "And so my fellow Americans, ask not what your country can do for you, "
    "ask what you can do for your country."
)
LEFT_TEXT = (
    "He began a confused complaint against the wizard, who had vanished behind the curtain "
    "on the left."
)
RIGHT_TEXT = "The horizon seems extremely distant."
TRANSCRIPT = "media_understanding.transcript"
SPEECH = "media_understanding.audio_analysis.speech"


@pytest.fixture(scope="module")
def asr_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data dir for the module, so the model is assembled and loaded once."""
    return tmp_path_factory.mktemp("asr-data")


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("speech-clips")
    return {
        "jfk": make_speech.speech_video(MEDIA_DIR / "jfk.flac", folder / "jfk.mp4", mono=True),
        "two": make_speech.speech_video(
            MEDIA_DIR / "stereo_diarization.wav", folder / "two-speakers.mp4"
        ),
        "silent": MEDIA_DIR / "car-park-6s.mp4",
        "no_audio": MEDIA_DIR / "asl_thanks.mkv",
        "two_mono": _voices_one_after_the_other(folder / "two-voices-mono.mp4"),
    }


def _voices_one_after_the_other(path: Path) -> Path:
    """stereo_diarization.wav's left voice, then its right voice, on one mono channel."""
    with av.open(str(MEDIA_DIR / "stereo_diarization.wav")) as container:
        resampler = av.AudioResampler(format="fltp", layout="stereo", rate=16_000)
        blocks = [
            out.to_ndarray()
            for frame in container.decode(audio=0)
            for out in resampler.resample(frame)
        ]
    both = np.concatenate(blocks, axis=1)
    return make_audio.write_mp4(path, np.concatenate([both[0], both[1]]).astype(np.float32))


def run_step(media: Path, root: Path, data_dir: Path) -> StepOutput:
    settings = make_settings(root, data_dir=data_dir)
    return TranscriptStep().run(media_step_context(media, root, settings=settings))


@pytest.fixture(scope="module")
def jfk(
    clips: dict[str, Path], asr_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> StepOutput:
    return run_step(clips["jfk"], tmp_path_factory.mktemp("jfk"), asr_data_dir)


def test_jfk_is_transcribed_within_the_word_error_target(jfk: StepOutput) -> None:
    transcript = Transcript.model_validate(jfk.fields[TRANSCRIPT])
    assert transcript.full_text is not None
    assert word_error_rate(JFK_TEXT, transcript.full_text) <= 0.08
    assert transcript.language == "en"
    assert transcript.language_probability is not None
    assert transcript.language_probability > 0.5
    assert transcript.word_count is not None
    assert 20 <= transcript.word_count <= 24
    assert jfk.signals["language"] == "en"
    assert jfk.model_versions == {
        "asr": "faster-whisper-1.2.1 whisper-base int8",
        "speakers": SPEAKER_METHOD,
        "speaker_embedding": "resemblyzer-0.1.4 GE2E (numpy)",
    }


def test_jfk_words_are_timed_in_order_within_the_clip(jfk: StepOutput) -> None:
    transcript = Transcript.model_validate(jfk.fields[TRANSCRIPT])
    assert transcript.segments
    previous_start = 0.0
    count = 0
    for segment in transcript.segments:
        assert 0.0 <= segment.start <= segment.end <= 11.0
        assert segment.confidence is not None
        assert 0.3 < segment.confidence <= 1.0
        assert segment.speaker == "A"  # one voice
        for word in segment.words or []:
            assert segment.start - 0.01 <= word.start <= word.end <= segment.end + 0.01
            assert word.start >= previous_start
            assert word.probability is not None
            previous_start = word.start
            count += 1
    assert count == transcript.word_count == len(jfk.signals["words"])
    # "And" starts at ~0.3 s and "country." ends at ~10.3 s in the recording.
    assert transcript.segments[0].start == pytest.approx(0.3, abs=0.3)
    assert transcript.segments[-1].end == pytest.approx(10.3, abs=0.4)


def test_jfk_rate_sentences_and_speakers(jfk: StepOutput) -> None:
    speech = Speech.model_validate(jfk.fields[SPEECH])
    assert set(jfk.fields[SPEECH]) == {"language", "speech_rate_wpm_est", "speaker_count"}
    assert speech.language == "en"
    # 22 words over ~7.6 s of speaking (the long rhetorical pauses left out): ~170 wpm.
    assert speech.speech_rate_wpm_est is not None
    assert 130 <= speech.speech_rate_wpm_est <= 210
    assert speech.speaker_count == 1
    assert jfk.warnings == []
    sentences = jfk.signals["sentences"]
    assert len(sentences) == 1
    assert sentences[0]["text"].endswith("country.")
    assert 0.0 <= sentences[0]["start"] < sentences[0]["end"] <= 11.0


def test_one_speaker_per_stereo_channel_is_two_speakers(
    clips: dict[str, Path], asr_data_dir: Path, tmp_path: Path
) -> None:
    output = run_step(clips["two"], tmp_path, asr_data_dir)
    transcript = Transcript.model_validate(output.fields[TRANSCRIPT])
    assert transcript.segments
    by_speaker: dict[str, str] = {}
    for segment in transcript.segments:
        assert segment.speaker in ("A", "B")
        by_speaker[segment.speaker] = f"{by_speaker.get(segment.speaker, '')} {segment.text}"
    assert word_error_rate(LEFT_TEXT, by_speaker["A"]) <= 0.1
    assert word_error_rate(RIGHT_TEXT, by_speaker["B"]) <= 0.1
    assert output.fields[SPEECH]["speaker_count"] == 2
    assert output.signals["speaker_count"] == 2
    # Both talk at once: the rate is per voice, not both voices' words over one timeline.
    assert 120 <= output.fields[SPEECH]["speech_rate_wpm_est"] <= 260
    assert {s["speaker"] for s in output.signals["sentences"]} == {"A", "B"}
    assert output.warnings == []


def test_two_voices_on_one_mono_channel_are_two_speakers_in_order(
    clips: dict[str, Path], asr_data_dir: Path, tmp_path: Path
) -> None:
    output = run_step(clips["two_mono"], tmp_path, asr_data_dir)
    transcript = Transcript.model_validate(output.fields[TRANSCRIPT])
    speakers = [s.speaker for s in transcript.segments]
    assert speakers[0] == "A"
    assert speakers[-1] == "B"
    assert speakers == sorted(speakers)  # A's turn, then B's
    by_speaker = {
        label: " ".join(s.text for s in transcript.segments if s.speaker == label)
        for label in ("A", "B")
    }
    assert word_error_rate(LEFT_TEXT, by_speaker["A"]) <= 0.15
    assert word_error_rate(RIGHT_TEXT, by_speaker["B"]) <= 0.15
    assert output.fields[SPEECH]["speaker_count"] == 2
    assert output.warnings == []


def test_silent_audio_gives_an_empty_transcript_and_a_warning(
    clips: dict[str, Path], asr_data_dir: Path, tmp_path: Path
) -> None:
    output = run_step(clips["silent"], tmp_path, asr_data_dir)
    assert output.fields[TRANSCRIPT] == {
        "full_text": "",
        "segments": [],
        "language": None,
        "language_probability": None,
        "word_count": 0,
    }
    assert output.fields[SPEECH] == {
        "language": None,
        "speech_rate_wpm_est": None,
        "speaker_count": 0,
    }
    assert output.signals["words"] == []
    assert output.signals["language"] is None
    assert output.warnings == ["no speech detected: the transcript is empty"]


def test_no_audio_track_leaves_the_transcript_null(clips: dict[str, Path], tmp_path: Path) -> None:
    output = run_step(clips["no_audio"], tmp_path, tmp_path / "unused-data")
    assert output.fields == {}
    assert output.warnings == ["no audio track: transcript not measured"]
    assert output.model_versions["asr"].startswith("faster-whisper-")
    assert not (tmp_path / "unused-data" / "models").exists()  # no model was needed


def test_words_in_a_language_the_recogniser_could_not_place_are_kept_with_a_warning() -> None:
    from clipapi.pipeline.steps.transcript import _output
    from clipapi.signals.speech import Recognition, Segment, Word

    said = Segment(0.0, 1.0, "Ola sum", -0.3, 0.1, (Word(0.0, 0.4, "Ola", 0.6),))
    recognition = Recognition((said,), None, None, duration_s=2.0, speech_s=1.0)
    output = _output((said,), [recognition], 2.0)
    transcript = output.fields["media_understanding.transcript"]
    assert (transcript["language"], transcript["word_count"]) == (None, 1)
    assert any("could not place the speech's language" in w for w in output.warnings)
    placed = Recognition((said,), "pt", 0.4, duration_s=2.0, speech_s=1.0)
    assert not any("language" in w for w in _output((said,), [placed], 2.0).warnings)
