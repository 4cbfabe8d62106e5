# Quick start: `make run` (set up and serve the demo) and `make test` (the fast tier of the
# suite; `make test-all` adds the slow tiers).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
# Use the machine's uv when it has one; otherwise install it into .tools (pip is all we need).
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
CHROMIUM ?= /usr/bin/chromium
export CHROMIUM_PATH := $(CHROMIUM)
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-x tests/newsroom"`.
PYTEST_ARGS ?=
# The suite runs in this many pytest-xdist workers (2: CI's cores; `TEST_WORKERS=0` runs it in
# one process). Each worker has its own test database, live server, Chromium and temp folders.
TEST_WORKERS ?= 2
# The site's address, the one setting for both: where `make run` serves, and where every link
# in the e-mails it sends (confirmations, alerts, unsubscribe) points
# (`make run DJANGO_SITE_URL=http://127.0.0.1:8001`). An http://HOST:PORT address for `make run`.
DJANGO_SITE_URL ?= http://127.0.0.1:8000
export DJANGO_SITE_URL
SERVE_ADDRESS = $(patsubst http://%,%,$(patsubst %/,%,$(DJANGO_SITE_URL)))
ifneq ($(filter command line environment,$(origin HOST_PORT)),)
$(error HOST_PORT is gone: `make run DJANGO_SITE_URL=http://$(HOST_PORT)` serves there and puts that address in the e-mails' links)
endif
# The local site's own secret key, made once per checkout in .secret_key (never committed):
# with DEBUG off the site refuses the published development key. DJANGO_SECRET_KEY, when set,
# wins.
LOCAL_SECRET_KEY = $(shell test -s .secret_key || (umask 077; python3 -c \
	'import secrets; print(secrets.token_urlsafe(64))' > .secret_key); cat .secret_key)
migrate demo run: export DJANGO_SECRET_KEY ?= $(LOCAL_SECRET_KEY)

.PHONY: check-site-url install run test test-all test-slow test-clock lint migrate demo clean messages

.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

# uv installs into $(VENV) (`make install VENV=/tmp/env` puts a throwaway one elsewhere).
export UV_PROJECT_ENVIRONMENT := $(abspath $(VENV))

# What serving the site needs, and nothing more: `make install` and `make run` leave the
# development tools (pytest, Playwright, ruff, …) out. --inexact keeps them when `make test`
# has already added them, instead of removing them again.
$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --no-dev --inexact --python python3
	touch $@

# The development group on top, for `make test` and `make lint`.
$(VENV)/.installed-dev: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python python3
	touch $@ $(VENV)/.installed

# Node packages are for the test suite only (axe-core); npm ci installs exactly the lock file.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed for the accessibility tests:" \
		"apt-get install nodejs npm" >&2; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

# Idempotent; --with-admin prints the demo admin's login (or says one already exists).
demo: migrate
	$(PY) manage.py load_demo_content --with-admin

run: check-site-url demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving $(DJANGO_SITE_URL)/ (admin: $(DJANGO_SITE_URL)/admin/, login printed above). Ctrl-C stops."
	@echo "The media-alerts worker runs beside it and prints the e-mails it sends here."
	trap 'kill $$worker 2>/dev/null' EXIT; \
		DJANGO_SITE_URL=$(DJANGO_SITE_URL) $(PY) manage.py alerts_worker & worker=$$!; \
		DJANGO_SITE_URL=$(DJANGO_SITE_URL) $(PY) manage.py runserver $(SERVE_ADDRESS)

# Before anything is installed or migrated: runserver can only serve plain http on a host and port.
check-site-url:
	@[[ "$(DJANGO_SITE_URL)" =~ ^http://(\[[0-9A-Fa-f:]+\]|[A-Za-z0-9.-]+):[0-9]+/?$$ ]] || { \
		echo "make run serves at DJANGO_SITE_URL, which must be http://HOST:PORT" \
			"(got \"$(DJANGO_SITE_URL)\"), e.g. make run DJANGO_SITE_URL=http://127.0.0.1:8001" >&2; \
		exit 2; }

# The tiers (markers in pyproject.toml). `make test`, what a developer runs: every behaviour
# through the test client, call_command, the database and in-process code; the tests marked
# `slow` (each starts a daemon or a browser of its own) are left out. `make test-all` adds
# them: `make test-slow` runs them, Lighthouse last and alone (it times pages in the CPU it is
# left). pytest's exit code 5 (no test selected) fails a run, except in a run narrowed by
# PYTEST_ARGS, where one of these selections may well be empty.
PYTEST := $(PY) -m pytest
run_tier = status=0; $(1) || status=$$?; \
	if [ $$status -eq 5 ] && [ -n "$(strip $(PYTEST_ARGS))" ]; then \
		echo "(none of these tests in $(PYTEST_ARGS))"; status=0; \
	fi; \
	exit $$status
TEST_DEPENDENCIES := $(VENV)/.installed-dev node_modules/.package-lock.json

test: $(TEST_DEPENDENCIES)
	@$(call run_tier,$(PYTEST) -n $(TEST_WORKERS) --dist loadgroup -m "not slow" $(PYTEST_ARGS))

# Browser tests need Chromium: skipped with a clear note on a developer machine without it,
# a failure in CI (CI=true or REQUIRE_BROWSER=1).
test-slow: $(TEST_DEPENDENCIES)
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(echo "$${CI:-}" | tr A-Z a-z)" = "true" ] || [ "$${REQUIRE_BROWSER:-}" = "1" ]; then \
			echo "ERROR: $(CHROMIUM) not found and CI requires the browser tests" \
				"(apt-get install chromium)." >&2; exit 1; \
		fi; \
		echo "*** $(CHROMIUM) not found: the browser tests will be SKIPPED" \
			"(apt-get install chromium to run them). ***"; \
	fi
	@$(call run_tier,$(PYTEST) -n $(TEST_WORKERS) --dist loadgroup -m "slow and not lighthouse" $(PYTEST_ARGS))
	@$(call run_tier,$(PYTEST) -n 0 -m lighthouse $(PYTEST_ARGS))

test-all: test test-slow

# The tests whose outcome depends on the date, with the clock moved to TEST_CLOCK (a moment
# with its UTC offset): `make test-clock TEST_CLOCK=2026-12-31T23:30:00+00:00`.
test-clock: $(TEST_DEPENDENCIES)
	@[ -n "$${TEST_CLOCK:-}" ] || { echo "TEST_CLOCK=<moment with its UTC offset> is needed" >&2; exit 1; }
	@$(call run_tier,$(PYTEST) -n $(TEST_WORKERS) --dist loadgroup -m "clock and not slow" $(PYTEST_ARGS))

# Interface strings: extract them into locale/fr and locale/es, then compile the catalogues.
# New entries need a translation before CI passes (.ci/run checks none is left empty).
MAKEMESSAGES := $(PY) manage.py makemessages -l fr -l es --no-location \
	--ignore=.venv --ignore=.tools --ignore=node_modules --ignore=staticfiles \
	--ignore=tests --ignore=benchmarks

messages: install
	$(MAKEMESSAGES)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

clean:
	rm -rf $(VENV) .tools node_modules staticfiles
