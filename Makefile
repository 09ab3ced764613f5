# Two commands: `make run` serves the dashboard at http://127.0.0.1:8050; `make test` runs everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8050

.PHONY: run test test-fast lint check browser postgres bench bench-smoke soak clean bundle

$(VENV)/.runtime: requirements.txt
	@# Debian's python3 needs the python3-venv package for `-m venv`: install it when missing
	$(PYTHON) -m venv $(VENV) || (rm -rf $(VENV) && apt-get update -qq \
	  && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV))
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test: $(VENV)/.runtime requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $@

run: $(VENV)/.runtime
	$(PY) -m metrics migrate
	$(PY) -m metrics check --store
	HOST=127.0.0.1 PORT=$(PORT) MALLOC_ARENA_MAX=2 $(VENV)/bin/gunicorn app:server

check: $(VENV)/.runtime
	$(PY) -m metrics check

# one archive for a box with no network (deploy/bundle.py): the app, every wheel, install.sh.
# BUNDLE_ARCH=aarch64 for ARM; BUNDLE_PLATFORMS overrides pip's platform tags.
BUNDLE_ARCH ?= x86_64
BUNDLE_PLATFORMS ?= $(foreach tag,manylinux_2_28 manylinux_2_17 manylinux2014,$(tag)_$(BUNDLE_ARCH))
BUNDLE_COMMIT ?= HEAD
bundle: $(VENV)/.runtime
	$(PY) -m deploy.bundle --commit $(BUNDLE_COMMIT) --arch $(BUNDLE_ARCH) --platform $(BUNDLE_PLATFORMS)

browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && fc-list | grep -qi 'Noto Sans CJK' \
	  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      chromium chromium-driver fonts-noto-cjk >/dev/null)

# the store tests start their own PostgreSQL servers from Debian's postgresql (never its default cluster)
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      postgresql >/dev/null)

# ESLint for the first-party JavaScript (package.json pins it; node_modules/ is not committed)
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

lint: $(VENV)/.test node_modules/.package-lock.json
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	npx --no-install eslint

# every tier but the long runs (`slow`, left out by pyproject's addopts): what CI runs, in
# TEST_WORKERS pytest-xdist processes, each test file in one of them (its module fixtures, its
# servers and its browser pages stay together); TEST_WORKERS=0 runs it in this process
TEST_WORKERS ?= 2
test: $(VENV)/.test browser postgres lint
	$(PY) -m metrics check
	$(PY) -m pytest -q --durations=25 -n $(TEST_WORKERS) --dist loadfile

# the unit tier alone: no browser, no server process (under 30 s)
test-fast: $(VENV)/.test
	$(PY) -m pytest -q -m unit

bench: $(VENV)/.test browser
	$(PY) -m bench

bench-smoke: $(VENV)/.test browser
	$(PY) -m bench --smoke

# the long runs (tier `slow`): load, soak and heap growth, then 1,000 fuzz examples per test
soak: $(VENV)/.test browser
	$(PY) -m pytest -q -s -m slow
	GETDZ_FUZZ_EXAMPLES=1000 $(PY) -m pytest -q -s tests/test_reliability.py -k fuzz

clean:
	rm -rf $(VENV) .pytest_cache dist node_modules
