# LR Lab: every target a developer needs, and the same ones CI runs (see .ci/run).
# `make help` lists them.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# The Chromium the browser tests drive (Debian's by default; CI runners may point elsewhere).
CHROMIUM ?= /usr/bin/chromium
export LRLAB_CHROMIUM := $(CHROMIUM)
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-k concept -x"`.
PYTEST_ARGS ?=
# Material 9.x prints an end-of-life banner on every build; we know (see README).
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install build serve check test lint format golden bench crosscheck qemu shard merge outputs-diff browser screenshots lighthouse lock properdocs clean

help: ## Show this list of targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "LR Lab needs Python 3.11, found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

install: $(STAMP) ## Create .venv and install the pinned dependencies (torch 2.13.0 CPU)

build: install ## Build the executed site into site/ (strict; fails on any broken block)
	$(BIN)/mkdocs build --strict

serve: install ## Build, then serve a live preview on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

browser: ## Install Debian Chromium for the browser tests, if it is missing
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian chromium (needs root and apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: install ## ruff lint and format check; the CI workflow against GitHub's schema (offline)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

format: install ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: lint ## While editing: lint and every test that needs no site build, browser or qemu
	$(BIN)/python -m pytest -m "not build and not browser and not emulated" -n auto --dist worksteal $(PYTEST_ARGS)

test: install browser qemu lint ## Everything CI checks: lint, unit, snippet, build, browser tests, crosscheck
	$(BIN)/python -m pytest -n auto --dist worksteal $(PYTEST_ARGS)
	$(MAKE) --no-print-directory crosscheck

golden: install ## Re-record the expected outputs of every snippet (review the diff!)
	$(BIN)/python -m pytest tests/test_snippets.py --snapshot-update -q

bench: install ## Measure build cost (floor, cold, warm, serve, fork, scale, memory, numerics)
	$(BIN)/python -m tools.bench

# The blocks `make crosscheck` runs here and as other CPUs: a digits training, a question's
# proof (which trains too), an explorer's grid and an atlas curve (snippets/ paths).
CROSSCHECK ?= choosing/pipeline/wsd_trace.py choosing/practice/warmup_at_too_large_rate.py \
	atlas/onecyclelr/explorer.py atlas/steplr/curve.py
crosscheck: install qemu ## Run a sample of blocks here and as an Intel and an AMD CPU (qemu): same bytes?
	$(BIN)/python -m execdocs.crosscheck $(CROSSCHECK)

qemu: ## Install Debian's qemu-user (runs a process as another CPU) for `make crosscheck`
	@command -v qemu-x86_64 >/dev/null || { \
	  echo "Installing Debian qemu-user (needs root, or sudo, and apt)"; \
	  sudo=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$sudo apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq qemu-user >/dev/null; }

# Sharded execution (see src/execdocs/shards.py): `make shard SHARD=0/2` on one machine,
# `make shard SHARD=1/2` on another, then `make merge CACHES="dir dir"` and `make build`.
SHARD ?= 0/1
SHARD_CACHE ?= .cache/shard
CACHES ?=
shard: install ## Execute only shard SHARD=i/n of every block into SHARD_CACHE
	$(BIN)/python -m execdocs.shards run $(SHARD) --cache-dir $(SHARD_CACHE)

merge: install ## Merge the shard caches CACHES="dir dir" into .cache/lrlab (then: make build)
	$(BIN)/python -m execdocs.shards merge $(CACHES) --into .cache/lrlab

# Which outputs a change moved (src/execdocs/outputs.py): the working tree's build against
# BASE's, a git ref (built in a scratch worktree, sharing the execution cache), a cache folder
# or an outputs manifest; HEAD= compares two of those instead of building the working tree.
BASE ?= main
HEAD ?=
outputs-diff: install ## Every block output and question proof that differs from BASE's build (BASE=main)
	$(BIN)/python -m execdocs.outputs diff $(BASE) $(if $(HEAD),--head $(HEAD))

screenshots: build browser ## Every page, light and dark, desktop and mobile, into screenshots/
	$(BIN)/python -m tools.review screenshots

lighthouse: build browser ## Lighthouse scores of the home page and a lesson page, and page sizes
	@test -f .cache/lighthouse/node_modules/lighthouse/cli/index.js || \
	  npm install --silent --no-audit --no-fund --prefix .cache/lighthouse lighthouse@13.5.0
	$(BIN)/python -m tools.review lighthouse

# ProperDocs, the maintained MkDocs 1.x fork that is our way off MkDocs (tools/properdocs.py): a
# venv of its own with the pinned set, ProperDocs in place of mkdocs and mkdocs-get-deps, all
# installed without dependencies so that nothing (Material, mkdocs-jupyter) pulls MkDocs back in.
PROPERDOCS ?= properdocs==1.6.7
PD_VENV    := .venv-properdocs
$(PD_VENV)/.installed: requirements.txt pyproject.toml Makefile
	$(PYTHON) -m venv $(PD_VENV)
	$(PD_VENV)/bin/python -m pip install --quiet --upgrade "pip>=24"
	grep -v -E '^(mkdocs|mkdocs-get-deps)==' requirements.txt > $(PD_VENV)/requirements.txt
	$(PD_VENV)/bin/python -m pip install --quiet --no-deps -r $(PD_VENV)/requirements.txt "$(PROPERDOCS)"
	$(PD_VENV)/bin/python -m pip install --quiet --no-deps -e .
	touch $@

properdocs: install $(PD_VENV)/.installed ## Build the site with MkDocs and with ProperDocs; compare every file
	$(BIN)/python -m tools.properdocs --properdocs $(PD_VENV)/bin/properdocs

lock: ## Re-resolve requirements.txt from pyproject.toml in a scratch venv
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet "pip>=24"
	.lock-venv/bin/python -m pip install --quiet ".[docs,test]"
	{ echo "# Pinned set LR Lab builds and tests with. Regenerate with: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude lrlab; } > requirements.txt
	rm -rf .lock-venv

clean: ## Remove the venv, the built site and the execution cache
	rm -rf $(VENV) $(PD_VENV) site .cache
