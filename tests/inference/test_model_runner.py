"""The model-runner base: one load however many threads ask, ModelUnavailable for a load
that fails, and another try on the next call."""

from __future__ import annotations

import threading
import time

import pytest

from clipapi.inference import faces, ocr, omnivad, speaker_encoder, text_models, vad, whisper
from clipapi.inference.base import ModelRunner, ModelUnavailable
from clipapi.inference.text_models import ModelUnavailable as TextModelUnavailable


class Doubler(ModelRunner[int, int, int]):
    name = "doubler"

    def __init__(self, failures: int = 0) -> None:
        super().__init__()
        self.loads = 0
        self.failures = failures

    def _load(self) -> int:
        self.loads += 1
        time.sleep(0.05)  # long enough for every thread to arrive while it loads
        if self.loads <= self.failures:
            raise OSError("weights missing")
        return 2

    def _predict(self, model: int, inputs: int) -> int:
        return model * inputs


def test_the_model_loads_once_however_many_threads_ask() -> None:
    runner = Doubler()
    results: list[int] = []
    threads = [
        threading.Thread(target=lambda n=n: results.append(runner.predict(n))) for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)

    assert sorted(results) == [2 * n for n in range(8)]
    assert runner.loads == 1
    assert runner.loaded
    assert runner.load_s is not None
    assert runner.load_s >= 0.05


def test_a_failed_load_is_unavailable_and_tried_again() -> None:
    runner = Doubler(failures=1)
    with pytest.raises(ModelUnavailable, match="doubler could not be loaded: weights missing"):
        runner.predict(3)
    assert not runner.loaded
    assert runner.predict(3) == 6
    assert runner.loads == 2


def test_every_model_of_the_package_is_unavailable_the_same_way() -> None:
    assert TextModelUnavailable is ModelUnavailable
    assert whisper.ModelUnavailable is ModelUnavailable
    assert issubclass(faces.FaceModelUnavailable, ModelUnavailable)
    assert issubclass(ocr.OcrUnavailable, ModelUnavailable)
    assert issubclass(speaker_encoder.EncoderUnavailable, ModelUnavailable)
    runners = (
        faces.FaceDetector,
        ocr.TextReader,
        omnivad.EventDetector,
        speaker_encoder.SpeakerEncoder,
        text_models.TextEmbedder,
        vad.SpeechDetector,
        whisper.WhisperRunner,
    )
    assert all(issubclass(runner, ModelRunner) for runner in runners)
