# clipapi: `make serve` runs the service on embedded defaults; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
BIN := $(VENV)/bin

.PHONY: serve test services install install-dev lint typecheck pytest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The speaker encoder's weights ship in the resemblyzer wheel, whose declared dependencies
# include PyTorch; only its weights file is read (clipapi.inference.speaker_encoder), so it is
# installed without them.
SPEAKER_WHEEL := resemblyzer==0.1.4

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps $(SPEAKER_WHEEL)
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,scale,llm,eval]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps $(SPEAKER_WHEEL)
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# MALLOC_ARENA_MAX=2: fewer glibc arenas keep the workers' memory from fragmenting across
# analyses (peak RSS 1.5 GB -> 1.0 GB on a 180 s 1080p clip; docs/benchmarks.md).
serve: install
	$(BIN)/clipapi migrate
	MALLOC_ARENA_MAX=2 $(BIN)/clipapi serve --host $(HOST) --port $(PORT)

lint: install-dev
	$(BIN)/ruff check src tests bench eval
	$(BIN)/ruff format --check src tests bench eval
	$(BIN)/lint-imports

typecheck: install-dev
	$(BIN)/mypy

pytest: install-dev
	$(BIN)/pytest

# PostgreSQL, Redis, Chromium, Chromaprint and espeak-ng: installed and started when missing
# (as root), the same way CI gets them.
services:
	scripts/test-services

test: services lint typecheck pytest

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
