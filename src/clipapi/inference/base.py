"""The shape every model of this package takes: a `ModelRunner` loads its model on first use,
once per process, under a lock, and predicts with it; a model that cannot be loaded raises
`ModelUnavailable`, and the next call tries again (a missing wheel installed meanwhile, a
full disk freed). Nothing is loaded at import time, so the API process loads no model."""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

M = TypeVar("M")
In = TypeVar("In")
Out = TypeVar("Out")

# What a loader raises when its package, native library or weights are missing or broken.
LOAD_ERRORS: tuple[type[Exception], ...] = (ImportError, OSError, RuntimeError, ValueError)


class ModelUnavailable(RuntimeError):
    """A model could not be loaded: the fields that need it stay null with a warning, or the
    step that cannot do without it fails."""


class ModelRunner(ABC, Generic[M, In, Out]):
    """One model: `_load` builds it (called once, under the lock), `_predict` runs it."""

    name: str = "model"

    def __init__(self) -> None:
        self._model: M | None = None
        self._lock = threading.Lock()
        self.load_s: float | None = None

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def model(self) -> M:
        """The loaded model; ModelUnavailable when it cannot be loaded."""
        model = self._model
        if model is not None:
            return model
        with self._lock:
            if self._model is None:
                started = time.monotonic()
                try:
                    self._model = self._load()
                except ModelUnavailable:
                    raise
                except LOAD_ERRORS as exc:
                    raise ModelUnavailable(f"{self.name} could not be loaded: {exc}") from exc
                self.load_s = time.monotonic() - started
                log.info("loaded %s in %.1f s", self.name, self.load_s)
            return self._model

    def predict(self, inputs: In) -> Out:
        return self._predict(self.model(), inputs)

    @abstractmethod
    def _load(self) -> M: ...

    @abstractmethod
    def _predict(self, model: M, inputs: In) -> Out: ...
