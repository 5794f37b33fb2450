# The only commands a newcomer needs:
#   make serve   set everything up, then serve the toolkit at http://127.0.0.1:8000
#   make test    set everything up, then run every test
#   make build   write the publishable site to site/
# Everything is installed into .venv from requirements.lock, at exact versions with hashes.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup serve build test check clean

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' || \
	  { echo "error: Python 3.11.5 or newer is needed; install it, or run make PYTHON=python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	@touch $@

setup: $(VENV)/.installed
	@scripts/ensure-chromium
	@scripts/ensure-vnu
	@scripts/ensure-ace
	@scripts/ensure-print-tools

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Build into a fresh folder and only then replace site/: a failed build never leaves a
# half-built site behind. Never add -q: it stops strict mode from counting warnings.
build: $(VENV)/.installed
	@rm -rf .site-build
	$(BIN)/mkdocs build --site-dir .site-build || { rm -rf .site-build; exit 1; }
	@rm -rf site && mv .site-build site
	@echo "Built the site in site/"

# The citation check alone, without MkDocs.
check: $(VENV)/.installed
	$(BIN)/python -m hooks.citations docs

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf site .site-build .pytest_cache
