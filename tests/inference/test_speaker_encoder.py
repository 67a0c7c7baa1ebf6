"""The GE2E speaker encoder read from the resemblyzer wheel and run in numpy: the weights file
is checked and unpickled safely, and embeddings tell voices apart."""

from __future__ import annotations

import io
import itertools
import pickle

import numpy as np
import pytest

from clipapi.inference import speaker_encoder
from conftest import MEDIA_DIR, load_generator, make_audio

make_voices = load_generator("make_voices")


def test_weights_are_the_expected_tensors() -> None:
    weights = speaker_encoder.read_weights(speaker_encoder.weights_path().read_bytes())
    assert weights["lstm.weight_ih_l0"].shape == (1024, 40)
    assert weights["lstm.weight_hh_l2"].shape == (1024, 256)
    assert weights["linear.weight"].shape == (256, 256)
    assert all(w.dtype == np.float32 and np.isfinite(w).all() for w in weights.values())
    assert float(np.abs(weights["lstm.weight_ih_l0"]).mean()) > 0.01  # real values, not zeros


def test_another_file_is_refused_before_unpickling() -> None:
    data = bytearray(speaker_encoder.weights_path().read_bytes())
    data[-1] ^= 0xFF
    with pytest.raises(speaker_encoder.EncoderUnavailable, match="not the expected file"):
        speaker_encoder.read_weights(bytes(data))


def test_the_unpickler_resolves_nothing_but_tensor_parts() -> None:
    hostile = pickle.dumps(print)  # any callable a pickle could name and call
    with pytest.raises(pickle.UnpicklingError, match="not allowed"):
        speaker_encoder._CheckpointUnpickler(io.BytesIO(hostile)).load()


def test_one_voice_is_alike_and_two_voices_are_not() -> None:
    try:
        joe_a = make_voices.speak("joe", "The weather has been lovely all week, hasn't it?")
        joe_b = make_voices.speak("joe", "I would rather stay home and read a good book.")
        other = make_voices.speak("en-us+f3", "I would rather stay home and read a good book.")
    except make_voices.VoiceMissing as exc:  # `make test` installs every voice
        pytest.fail(str(exc))
    pcm = np.concatenate([joe_a, joe_b, other])
    edges = np.cumsum([0, joe_a.size, joe_b.size, other.size]) / make_voices.SR
    spans = list(itertools.pairwise(edges))
    embeddings = speaker_encoder.embed_spans(pcm, spans)
    assert embeddings.shape == (3, 256)
    assert np.allclose(np.linalg.norm(embeddings, axis=1), 1.0, atol=1e-5)
    same = float(embeddings[0] @ embeddings[1])
    different = max(float(embeddings[0] @ embeddings[2]), float(embeddings[1] @ embeddings[2]))
    assert same > 0.8
    assert different < 0.6


def test_a_recorded_voice_stays_alike_across_its_phrases() -> None:
    jfk = make_audio.load_flac(MEDIA_DIR / "jfk.flac")
    # "And so my fellow Americans" / "ask what you can do for your country"
    embeddings = speaker_encoder.embed_spans(jfk, [(0.3, 2.3), (8.2, 10.5)])
    assert float(embeddings[0] @ embeddings[1]) > 0.7


def test_an_empty_span_list_gives_no_rows() -> None:
    assert speaker_encoder.embed_spans(np.zeros(16_000, np.float32), []).shape == (0, 256)
