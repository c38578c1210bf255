# 职工服务 — `make run` serves the demo; `make test` runs every suite. Both install what they need.
VENV   := .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app wsgi
STAMP  := $(VENV)/.installed-requirements
PYTEST := $(PY) -m pytest -q -p no:cacheprovider

.PHONY: run install migrate demo lint test test-python test-postgres test-browser test-miniprogram browser-deps deploy-deps bench clean

# gunicorn on 127.0.0.1:8000 and the notification sender beside it (Procfile, run by honcho).
run: install migrate demo
	$(VENV)/bin/honcho start -f Procfile

install: $(STAMP)

$(STAMP): requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

migrate: install
	mkdir -p instance
	$(FLASK) db upgrade

demo: migrate
	$(FLASK) demo load

# The whole suite: the linters, Python on SQLite, again on PostgreSQL when TEST_DATABASE_URL is set,
# the officer screen in headless Chromium, and the mini-program under miniprogram-simulate.
test: lint test-python test-postgres test-browser test-miniprogram

# ruff (rule set in pyproject.toml) and the architecture contracts (.importlinter).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

test-python: install
	TEST_DATABASE_URL= $(PYTEST) tests --ignore=tests/browser

# tests/deploy/ runs deploy/nginx.conf (PostgreSQL only) in front of two gunicorn instances.
test-postgres: install deploy-deps
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== Python tests on PostgreSQL ($$TEST_DATABASE_URL)"; \
		$(PYTEST) tests --ignore=tests/browser; \
	else echo "== TEST_DATABASE_URL not set: PostgreSQL run skipped"; fi

browser-deps:
	bash scripts/ensure-browser.sh

deploy-deps:
	bash scripts/ensure-nginx.sh

test-browser: install browser-deps
	$(PYTEST) tests/browser

# Jest's global setup writes the backend's OpenAPI document with the venv's Python (the contract test).
test-miniprogram: install
	cd miniprogram && npm ci --no-audit --no-fund --loglevel=error && PYTHON=$(abspath $(PY)) npm test

bench: install
	$(PY) bench/signup_surge.py
	$(PY) bench/queue_scale.py
	$(PY) bench/worker_paths.py

clean:
	rm -rf $(VENV) instance/*.sqlite3* tests/artifacts miniprogram/node_modules
