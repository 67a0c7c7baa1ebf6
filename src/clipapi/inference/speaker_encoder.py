"""Voice embeddings with the GE2E speaker encoder shipped in the `resemblyzer` wheel, run in
numpy (no PyTorch).

The wheel is installed without its dependencies (`pip install --no-deps resemblyzer==0.1.4`,
done by the Makefile's install targets): only its `pretrained.pt` is read, never its Python
modules, which import PyTorch. That file is PyTorch's legacy serialisation: five pickles in a
row (magic number, protocol, system info, the checkpoint, the storage keys) followed by each
storage's raw little-endian float32 data, prefixed by its element count. It is read with a
restricted unpickler that resolves only `collections.OrderedDict`, the tensor rebuild function
and the float storage type (to our own stand-ins), after the file's SHA-256 is checked: package
data never goes through a plain `pickle.load`.

The model: a 3-layer LSTM (40 -> 256) over 160 frames (1.6 s) of a 40-band mel power
spectrogram (16 kHz, 25 ms window, 10 ms hop; not log-compressed, as the model was trained),
whose last hidden state goes through a linear layer (256 -> 256) and a ReLU and is L2-normed.
Audio is first raised to -30 dBFS RMS (never lowered), as in training. A span's embedding is
the normalised mean of the embeddings of 1.6 s windows laid over it every PARTIAL_STEP_S
(zero-padded when the span is shorter).

The weights load on first use, once per process, under a lock (a `ModelRunner`,
inference/base.py); embedding is pure numpy and thread-safe. It runs with one BLAS thread: its
matrices (a batch of windows x 256 x 1024 per LSTM step) are too small for threads to pay, and
on 2 busy cores OpenBLAS's spinning threads cost twenty times the CPU (measured: 4.2 s instead
of 0.23 s for 20 s of speech).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import pickle
import struct
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

from clipapi.inference.base import ModelRunner, ModelUnavailable
from clipapi.signals.audio_spans import Span

PACKAGE = "resemblyzer"
WEIGHTS_FILE = "resemblyzer/pretrained.pt"
WEIGHTS_SHA256 = "39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e"
LEGACY_MAGIC = 0x1950A86A20F9469CFC6C

SAMPLE_RATE = 16_000
N_FFT = 400  # 25 ms
HOP = 160  # 10 ms
N_MELS = 40
PARTIAL_FRAMES = 160  # 1.6 s
PARTIAL_STEP_S = 0.5
# A last window is kept when audio fills this much of it (else the span ends one window early).
MIN_COVERAGE = 0.75
TARGET_DBFS = -30.0
LAYERS = 3
HIDDEN = 256

Weights = dict[str, NDArray[np.float32]]


class EncoderUnavailable(ModelUnavailable):
    """The encoder's weights are missing or not the expected file."""


def model_version() -> str:
    return f"resemblyzer-{importlib.metadata.version(PACKAGE)} GE2E (numpy)"


def weights_path() -> Path:
    try:
        located = importlib.metadata.distribution(PACKAGE).locate_file(WEIGHTS_FILE)
    except importlib.metadata.PackageNotFoundError as exc:
        raise EncoderUnavailable(f"{PACKAGE} is not installed") from exc
    path = Path(str(located))
    if not path.is_file():
        raise EncoderUnavailable(f"{WEIGHTS_FILE} is missing from the installed {PACKAGE}")
    return path


def read_weights(data: bytes) -> dict[str, NDArray[np.float32]]:
    """The model's tensors by name from the bytes of `pretrained.pt`, checked by SHA-256."""
    if hashlib.sha256(data).hexdigest() != WEIGHTS_SHA256:
        raise EncoderUnavailable("the speaker encoder weights are not the expected file")
    return _read_legacy_checkpoint(data)


@dataclass(frozen=True)
class _StorageRef:
    key: str


@dataclass(frozen=True)
class _TensorRef:
    storage: _StorageRef
    offset: int
    shape: tuple[int, ...]
    stride: tuple[int, ...]


def _rebuild_tensor(
    storage: _StorageRef, offset: int, shape: tuple[int, ...], stride: tuple[int, ...], *_: Any
) -> _TensorRef:
    return _TensorRef(storage, offset, tuple(shape), tuple(stride))


class _FloatStorage:
    """Stands for the storage type named in a persistent id; never instantiated."""


class _CheckpointUnpickler(pickle.Unpickler):
    _allowed: ClassVar[dict[tuple[str, str], Any]] = {
        ("collections", "OrderedDict"): OrderedDict,
        ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor,
        ("torch", "FloatStorage"): _FloatStorage,
    }

    def find_class(self, module: str, name: str) -> Any:
        try:
            return self._allowed[(module, name)]
        except KeyError:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed here") from None

    def persistent_load(self, pid: Any) -> _StorageRef:
        if not (isinstance(pid, tuple) and pid[0] == "storage" and pid[1] is _FloatStorage):
            raise pickle.UnpicklingError("unexpected persistent object")
        return _StorageRef(str(pid[2]))


def _read_legacy_checkpoint(data: bytes) -> dict[str, NDArray[np.float32]]:
    stream = io.BytesIO(data)

    def unpickle() -> Any:
        return _CheckpointUnpickler(stream).load()

    if unpickle() != LEGACY_MAGIC:
        raise EncoderUnavailable("the speaker encoder weights are not a PyTorch legacy file")
    unpickle()  # protocol version
    unpickle()  # system info
    checkpoint = unpickle()
    keys = unpickle()
    storages: dict[str, NDArray[np.float32]] = {}
    for key in keys:
        (count,) = struct.unpack("<q", stream.read(8))
        storages[str(key)] = np.frombuffer(stream.read(4 * count), dtype="<f4")
    state = checkpoint["model_state"]
    tensors: dict[str, NDArray[np.float32]] = {}
    for name, ref in state.items():
        if not isinstance(ref, _TensorRef):
            continue
        flat = storages[ref.storage.key]
        view = np.lib.stride_tricks.as_strided(
            flat[ref.offset :],
            shape=ref.shape,
            strides=tuple(4 * s for s in ref.stride),
            writeable=False,
        )
        tensors[name] = np.ascontiguousarray(view, dtype=np.float32)
    return tensors


class SpeakerEncoder(
    ModelRunner[Weights, tuple[NDArray[np.float32], Sequence[Span]], NDArray[np.float32]]
):
    name = "GE2E speaker encoder"

    def _load(self) -> Weights:
        return read_weights(weights_path().read_bytes())

    def _predict(
        self, model: Weights, inputs: tuple[NDArray[np.float32], Sequence[Span]]
    ) -> NDArray[np.float32]:
        pcm, spans = inputs
        with threadpool_limits(limits=1, user_api="blas"):
            return _embed(model, pcm, spans)


_ENCODER = SpeakerEncoder()


def embed_spans(pcm: NDArray[np.float32], spans: Sequence[Span]) -> NDArray[np.float32]:
    """One L2-normed 256-d embedding per span (rows), for 16 kHz mono audio."""
    return _ENCODER.predict((pcm, spans))


def _embed(
    weights: dict[str, NDArray[np.float32]], pcm: NDArray[np.float32], spans: Sequence[Span]
) -> NDArray[np.float32]:
    audio = _raise_volume(np.asarray(pcm, dtype=np.float32))
    windows: list[NDArray[np.float32]] = []
    owners: list[int] = []
    for index, (start, end) in enumerate(spans):
        part = audio[max(0, round(start * SAMPLE_RATE)) : round(end * SAMPLE_RATE)]
        for window in _partial_mels(part):
            windows.append(window)
            owners.append(index)
    out = np.zeros((len(spans), HIDDEN), dtype=np.float32)
    if not windows:
        return out
    partials = _forward(weights, np.stack(windows))
    owner = np.asarray(owners)
    for index in range(len(spans)):
        mean = partials[owner == index].mean(axis=0)
        norm = float(np.linalg.norm(mean))
        if norm > 0:
            out[index] = mean / norm
    return out


def _raise_volume(audio: NDArray[np.float32]) -> NDArray[np.float32]:
    rms = float(np.sqrt(np.mean(np.square(audio, dtype=np.float64)))) if audio.size else 0.0
    if rms <= 0:
        return audio
    gain_db = TARGET_DBFS - 20.0 * np.log10(rms)
    return audio if gain_db <= 0 else audio * np.float32(10 ** (gain_db / 20.0))


def _partial_mels(part: NDArray[np.float32]) -> list[NDArray[np.float32]]:
    """Mel windows of PARTIAL_FRAMES laid over a span every PARTIAL_STEP_S."""
    import librosa

    step = round(PARTIAL_STEP_S * SAMPLE_RATE / HOP)
    frames = part.size // HOP + 1
    starts = list(range(0, max(1, frames - PARTIAL_FRAMES + 1), step))
    tail = starts[-1] + step
    if frames > PARTIAL_FRAMES and (frames - tail) >= MIN_COVERAGE * PARTIAL_FRAMES:
        starts.append(tail)
    needed = (starts[-1] + PARTIAL_FRAMES) * HOP
    padded = np.pad(part, (0, max(0, needed - part.size)))
    mel = librosa.feature.melspectrogram(
        y=padded, sr=SAMPLE_RATE, n_fft=N_FFT, hop_length=HOP, n_mels=N_MELS
    ).T.astype(np.float32)
    return [mel[s : s + PARTIAL_FRAMES] for s in starts]


def _sigmoid(x: NDArray[np.float32]) -> NDArray[np.float32]:
    result: NDArray[np.float32] = 0.5 * (np.tanh(0.5 * x) + 1.0)
    return result


def _forward(
    weights: dict[str, NDArray[np.float32]], mels: NDArray[np.float32]
) -> NDArray[np.float32]:
    """Embeddings of a batch of (batch, frames, 40) mel windows: LSTM gates in PyTorch's
    order (input, forget, cell, output)."""
    sequence = mels
    batch, steps, _ = mels.shape
    hidden = np.zeros((batch, HIDDEN), dtype=np.float32)
    for layer in range(LAYERS):
        w_ih = weights[f"lstm.weight_ih_l{layer}"]
        w_hh_t = np.ascontiguousarray(weights[f"lstm.weight_hh_l{layer}"].T)
        bias = weights[f"lstm.bias_ih_l{layer}"] + weights[f"lstm.bias_hh_l{layer}"]
        projected = sequence @ w_ih.T + bias  # (batch, steps, 4 * hidden)
        hidden = np.zeros((batch, HIDDEN), dtype=np.float32)
        cell = np.zeros((batch, HIDDEN), dtype=np.float32)
        outputs = np.empty((batch, steps, HIDDEN), dtype=np.float32)
        for t in range(steps):
            gates = projected[:, t] + hidden @ w_hh_t
            i = _sigmoid(gates[:, :HIDDEN])
            f = _sigmoid(gates[:, HIDDEN : 2 * HIDDEN])
            g = np.tanh(gates[:, 2 * HIDDEN : 3 * HIDDEN])
            o = _sigmoid(gates[:, 3 * HIDDEN :])
            cell = f * cell + i * g
            hidden = o * np.tanh(cell)
            outputs[:, t] = hidden
        sequence = outputs
    raw = np.maximum(hidden @ weights["linear.weight"].T + weights["linear.bias"], 0.0)
    norms = np.linalg.norm(raw, axis=1, keepdims=True)
    embedded: NDArray[np.float32] = (raw / np.maximum(norms, 1e-12)).astype(np.float32)
    return embedded
