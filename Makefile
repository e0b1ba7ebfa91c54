# Two commands matter: `make run` (the app with demo data) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install migrate seed worker beat lint format benchmark benchmark-pages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

run: seed
	@echo "Serving on http://127.0.0.1:8000 — log in with one of the logins above."
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

worker: install
	$(VENV)/bin/celery -A ietp worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A ietp beat --loglevel=info

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

benchmark: migrate
	$(PY) manage.py benchmark_report

clean:
	rm -rf $(VENV) db.sqlite3 media .test-media staticfiles sent-emails

# Its own PostgreSQL database (BENCH_DATABASE_URL, default .../ietp_bench), created and dropped.
benchmark-pages: install
	$(PY) manage.py benchmark_pages --serve --full
