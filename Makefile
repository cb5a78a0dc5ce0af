# Congso — the two set-up commands are `make run` and `make test` (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1)
HOST ?= 0.0.0.0
PORT ?= 8000

.PHONY: run test lint format install migrate demo messages clean bench

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test,dev]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	CONGSO_DEBUG=$${CONGSO_DEBUG:-true} $(BIN)/congso migrate --noinput

demo: migrate
	CONGSO_DEBUG=$${CONGSO_DEBUG:-true} $(BIN)/congso demo

run: demo
	@echo "Congso: http://localhost:$(PORT)  (Ctrl-C to stop)"
	CONGSO_DEBUG=$${CONGSO_DEBUG:-true} $(BIN)/congso runserver $(HOST):$(PORT)

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: accessibility (axe-core) tests will be skipped"; fi

test: install node_modules/.installed
	CONGSO_DEBUG=$${CONGSO_DEBUG:-true} $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	CONGSO_DEBUG=true $(BIN)/mypy

format: install
	$(BIN)/ruff check --fix src bench
	$(BIN)/ruff format src bench

messages: install
	cd src/congso && CONGSO_DEBUG=true ../../$(BIN)/congso compilemessages --ignore=.venv

bench: install
	@for f in bench/*.py; do echo "== $$f"; CONGSO_DEBUG=true $(BIN)/python $$f; done

clean:
	rm -rf $(VENV) var
