# The two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint migrate seed serve clean messages schema

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
	@echo ""
	@echo "Taskforce is starting on http://$(HOST):$(PORT)/"
	@echo "  admin (committee office): http://$(HOST):$(PORT)/admin/   login: office"
	@echo "  API and its docs:         http://$(HOST):$(PORT)/api/v1/  http://$(HOST):$(PORT)/api/docs/"
	@echo "  demo logins: office, secretary, leader01..leader12, member01..; password printed above"
	@echo ""
	$(MANAGE) runserver $(HOST):$(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
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

clean:
	rm -rf $(VENV) var/*.sqlite3 var/staticfiles .pytest_cache .ruff_cache
