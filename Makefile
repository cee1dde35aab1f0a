# Set-up is part of every target: a fresh machine needs only Python 3.11 and pip.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_ENV := DEBUG=$${DEBUG:-true}

.PHONY: install demo test lint format migrate run worker bench clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(BIN)/python
	@echo "Installing GenStory's dependencies into $(VENV) (first time: a minute or two)..."
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

demo: migrate
	LOG_LEVEL=$${LOG_LEVEL:-WARNING} $(DEV_ENV) $(BIN)/python manage.py demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(DEV_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

run: migrate
	$(DEV_ENV) $(BIN)/python manage.py runserver

worker: install
	$(DEV_ENV) $(BIN)/celery -A genstory worker --loglevel=info

clean:
	rm -rf $(VENV) db.sqlite3 media demo-output

bench: migrate
	$(DEV_ENV) $(BIN)/python bench/run.py $(BENCH_ARGS)
