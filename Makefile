# Tapeless — the two commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
SAM_VENV := .venv-sam
MODEL_VENV := .venv-model
# The Lambda functions run python3.12; `sam build` needs that interpreter (pyenv has it on this machine kind).
SAM_PYENV ?= 3.11.7:3.12.1

.PHONY: demo test test-slow lint check-templates body-model mediapipe-models bench clean setup

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.lock layers/tapeless/pyproject.toml local/pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e layers/tapeless -e local
	touch $@

## The main job: start the embedded stack, run one real capture through the pipeline, print it, stop.
demo: setup
	$(BIN)/tapeless demo

## The whole default suite: lint, template and ASL checks, unit, integration and e2e tests.
test: setup lint check-templates
	$(BIN)/python -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$rc

## Tests that need torch and anny (runtime equality with anny, export checksum).
test-slow: setup $(MODEL_VENV)/.installed
	$(MODEL_VENV)/bin/python -m pytest -q -m slow; rc=$$?; if [ $$rc -eq 5 ]; then exit 1; fi; exit $$rc

lint: setup
	$(BIN)/ruff check .

$(SAM_VENV)/.installed: requirements-sam.txt
	test -x $(SAM_VENV)/bin/python || $(PYTHON) -m venv $(SAM_VENV)
	$(SAM_VENV)/bin/pip install -q -r requirements-sam.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

## cfn-lint, sam validate --lint, sam build (no Docker) and ASL validation of statemachine/*.asl.json.
check-templates: setup $(SAM_VENV)/.installed node_modules/.installed
	$(BIN)/cfn-lint template.yaml
	SAM_CLI_TELEMETRY=0 $(SAM_VENV)/bin/sam validate --lint --region us-east-1
	SAM_CLI_TELEMETRY=0 PYENV_VERSION=$(SAM_PYENV) $(SAM_VENV)/bin/sam build --cached --parallel >.sam-build.log 2>&1 \
		|| { tail -30 .sam-build.log; exit 1; }
	npx --no-install asl-validator $(addprefix --json-path ,$(wildcard statemachine/*.asl.json))

$(MODEL_VENV)/.installed: requirements-model.txt requirements.lock
	test -x $(MODEL_VENV)/bin/python || $(PYTHON) -m venv $(MODEL_VENV)
	$(MODEL_VENV)/bin/pip install -q -r requirements.lock
	$(MODEL_VENV)/bin/pip install -q -r requirements-model.txt
	$(MODEL_VENV)/bin/pip install -q --no-deps -e layers/tapeless -e local
	touch $@

## Re-export the Anny body model to layers/tapeless/tapeless/models/ (needs torch==2.13.0 + anny).
body-model: $(MODEL_VENV)/.installed
	$(MODEL_VENV)/bin/python scripts/build_body_model.py

## Re-convert MediaPipe's pose and segmentation models to ONNX (tensorflow at conversion time only).
mediapipe-models:
	test -x .venv-convert/bin/python || $(PYTHON) -m venv .venv-convert
	.venv-convert/bin/pip install -q -r requirements-convert.txt
	.venv-convert/bin/python scripts/convert_mediapipe.py

bench: setup
	$(BIN)/python bench/body.py
	$(BIN)/python bench/accuracy.py --n 20

clean:
	rm -rf $(VENV) $(SAM_VENV) $(MODEL_VENV) .aws-sam node_modules
