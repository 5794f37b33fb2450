# The only commands a newcomer needs:
#   make serve   set everything up, then serve the toolkit at http://127.0.0.1:8000
#                (make serve PORT=8001 for another port)
#   make check   the quick check after an edit, in under a minute: content rules, spelling,
#                Ruff, the JavaScript's syntax and the tests that need no browser and no build
#   make test    set everything up, then run every test
#   make build   write the publishable site to site/
# Everything is installed into .venv from requirements.lock, at exact versions with hashes.

PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup packages tools serve build test check clean

# The locked packages, then the project itself (hooks/ and tools/, editable: a change to them
# needs no reinstall), from what is already there: no network for that step.
$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11, 5))' || \
	  { echo "error: Python 3.11.5 or newer is needed; install it, or run make PYTHON=python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --no-index -e .
	@touch $@

# Two lanes at once (-j2), as neither needs the other: the Python packages into .venv, and the
# programs the tests run (Debian's packages, and the Nu checker and Ace from npm). From a fresh
# clone that is about 21 s instead of 26 s on a 2-core machine.
setup:
	@$(MAKE) --no-print-directory -j2 packages tools

packages: $(VENV)/.installed
	@:

tools:
	@scripts/ensure-chromium
	@scripts/ensure-vnu
	@scripts/ensure-ace
	@scripts/ensure-print-tools
	@scripts/ensure-check-tools

# Checks the port first: a port in use is one line saying what to do (exit status 3, which
# make leaves at that one line).
serve: $(VENV)/.installed
	@$(BIN)/python tools/serve.py $(PORT) || [ $$? -eq 3 ]

# Build into a fresh folder and only then replace site/: a failed build never leaves a
# half-built site behind. Never add -q: it stops strict mode from counting warnings.
build: $(VENV)/.installed
	@rm -rf .site-build
	$(BIN)/mkdocs build --site-dir .site-build || { rm -rf .site-build; exit 1; }
	@rm -rf site && mv .site-build site
	@echo "Built the site in site/"

# The quick check after an edit: no build, no browser, under a minute. It stops at the first
# step that fails. The copied-text check runs where ../shared (the source) is beside the clone.
# The JavaScript is every .js file we ship (docs/) or load into Chromium (hooks/).
JS_FILES = $(shell find docs hooks -name '*.js' -not -path '*/node_modules/*' | sort)

check: $(VENV)/.installed
	@scripts/ensure-check-tools
	@echo "make check: every content rule the build keeps (hooks/rules.py)"
	@$(BIN)/python -m hooks.rules docs
	@if [ -f ../shared/tools/overlap.py ]; then \
	  echo "make check: no sentence copied from the source (../shared/tools/overlap.py)"; \
	  $(BIN)/python ../shared/tools/overlap.py docs; \
	else echo "make check: copied-text check skipped (no ../shared/tools/overlap.py beside this clone)"; fi
	@echo "make check: British English spelling (tools/spelling.py, words in spelling-words.txt)"
	@$(BIN)/python tools/spelling.py docs includes
	@echo "make check: Ruff on the Python (rules in pyproject.toml)"
	@$(BIN)/ruff check --quiet . && echo "ruff: no problems"
	@echo "make check: JavaScript syntax (node --check)"
	@for f in $(JS_FILES); do node --check "$$f" || exit 1; done; echo "node --check: $(words $(JS_FILES)) files"
	@echo "make check: the tests that need no browser and no build"
	@$(BIN)/python -m pytest -q -m "not browser and not slow"
	@echo "make check: all passed"

# Two test processes (pytest-xdist): one per core of the 2-core machines CI and most
# volunteers have. The site, the maintainer's build and LibreOffice's printouts are made once
# for both (tests/conftest.py, made_once); a file whose tests share one costly check is kept
# in one process (its xdist_group mark). make test WORKERS=0 runs them all in one process, one after another.
WORKERS ?= 2

test: setup
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup --no-loadscope-reorder

clean:
	rm -rf site .site-build .pytest_cache .ruff_cache
