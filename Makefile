# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# Both cores: the suite runs in two workers (pytest-xdist).
PYTEST_ARGS ?= -n auto

.PHONY: run test lint migrate seed serve clean messages schema bench bench-smoke wrk

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed-app

migrate: $(VENV)/.installed-app
	@mkdir -p var
	$(MANAGE) migrate --noinput

run: migrate
	$(MANAGE) seed_demo --if-empty
	$(MANAGE) make_vapid_keys --if-missing
	@echo ""
	@echo "Taskforce is starting on http://$(HOST):$(PORT)/"
	@echo "  admin (committee office): http://$(HOST):$(PORT)/admin/   login: office"
	@echo "  API and its docs:         http://$(HOST):$(PORT)/api/v1/  http://$(HOST):$(PORT)/api/docs/"
	@echo "  demo logins: office, secretary, leader01 … leader12, member01 … member33; password printed above"
	@echo "  mail sent by the app (reminders, digests): var/mail/"
	@echo "  the web server, the worker and the scheduler run together; Ctrl-C stops them all"
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" TASKFORCE_HOST=$(HOST) TASKFORCE_PORT=$(PORT) \
		$(BIN)/honcho -f Procfile start

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	DJANGO_SETTINGS_MODULE=taskforce.settings.test $(MANAGE) makemigrations --check --dry-run

test: lint
	$(BIN)/pytest $(PYTEST_ARGS)

# Regenerate the committed OpenAPI schema (English, validated, no warnings).
schema: $(VENV)/.installed-app
	$(MANAGE) spectacular --validate --fail-on-warn --lang en --file docs/openapi.yaml

# Re-extract every marked string into the Vietnamese catalogue and compile it.
messages: $(VENV)/.installed-app
	$(MANAGE) makemessages -l vi --no-obsolete --add-location=file \
		--ignore=.venv --ignore=var --ignore=tests --ignore=bench
	$(MANAGE) compilemessages -l vi --ignore=.venv

# Production serving: gunicorn (gunicorn.conf.py: sync workers, one per core) behind
# whitenoise for the static files, PostgreSQL through DATABASE_URL (docs/performance.md).
serve: $(VENV)/.installed-app
	@test -n "$$DATABASE_URL" || { echo "make serve needs DATABASE_URL, e.g. postgres://user:pass@127.0.0.1:5432/taskforce"; exit 1; }
	@test -n "$$SECRET_KEY" || { echo "make serve needs SECRET_KEY (a long random string, kept secret)"; exit 1; }
	DJANGO_SETTINGS_MODULE=taskforce.settings.production $(MANAGE) collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=taskforce.settings.production $(MANAGE) migrate --noinput
	DJANGO_SETTINGS_MODULE=taskforce.settings.production BIND=$(HOST):$(PORT) \
		$(BIN)/gunicorn -c gunicorn.conf.py taskforce.wsgi

# --------------------------------------------------------------------------- benchmarks
# docs/performance.md. PostgreSQL at BENCH_PG (databases tf_bench_10k, _100k, _1m, made
# once and reused while their data is current).
BENCH_PG ?= postgres://postgres@127.0.0.1:5432

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	touch $@ $(VENV)/.installed-app

# The load generator comes from the system's packages: installed when missing (as root).
wrk:
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && apt-get install -y -qq wrk >/dev/null; \
		else echo "wrk is missing: install it (apt-get install wrk) and run again"; exit 1; fi; }

# The full benchmark, 100,000 then 1,000,000 tasks, and the tables of docs/performance.md.
# Long: writing the million tasks takes 5 to 10 minutes the first time, the measurements
# about 15 minutes more; run it on a quiet machine (see `uptime`).
bench: $(VENV)/.installed-bench wrk
	BENCH_PG=$(BENCH_PG) $(BIN)/python -m bench.run --tasks 100000
	BENCH_PG=$(BENCH_PG) $(BIN)/python -m bench.run --tasks 1000000 --profile
	BENCH_PG=$(BENCH_PG) $(BIN)/python -m bench.reminders --tasks 100000
	BENCH_PG=$(BENCH_PG) $(BIN)/python -m bench.reminders --tasks 1000000
	$(BIN)/python -m bench.files
	$(BIN)/python -m bench.report var/bench/100k.json var/bench/1m.json --doc docs/performance.md

# The same code end to end on 10,000 tasks, briefly (CI runs it): no timing is judged,
# any error or a floor answering differently from the API fails it.
bench-smoke: $(VENV)/.installed-bench wrk
	BENCH_PG=$(BENCH_PG) $(BIN)/python -m bench.run --tasks 10000 --smoke
	$(BIN)/python -m bench.files --mb 3

clean:
	rm -rf $(VENV) var/*.sqlite3 var/staticfiles .pytest_cache .ruff_cache .mypy_cache
