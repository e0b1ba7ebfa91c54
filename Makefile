# Two commands matter: `make run` (the app with demo data) and `make test` (the whole suite).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install static migrate seed worker beat lint format benchmark benchmark-pages clean catalogues messages demo-code backup restore

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

# npm: the HTML checker and axe-core for the test suite, and the icon and Workbox sources that
# static/vendor and static/img/icons.svg were made from (optional on a laptop: those tests skip).
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --ignore-scripts; else echo "npm not found: HTML checker and axe tests will be skipped"; fi

install: $(STAMP) node_modules/.package-lock.json

static: install
	$(PY) manage.py collectstatic --noinput -v0

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_demo

# Translations: compiled in Python (polib), so no GNU gettext is needed to run or test.
catalogues: install
	$(PY) manage.py compile_catalogues

# Refresh the catalogues from the marked strings (needs GNU gettext's xgettext), then fill the
# new msgstr in locale/zh_Hans and locale/vi using docs/glossary.md.
messages: install
	$(PY) manage.py makemessages -l zh_Hans -l vi --add-location file \
		--ignore ".venv/*" --ignore "tests/*" --ignore "staticfiles/*" --ignore "static/vendor/*"

run: seed catalogues static
	@echo "Serving on http://127.0.0.1:8000 — log in with one of the logins above."
	@echo "Staff's two-factor code: 'make demo-code' in another terminal (demo secret, see README)."
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py compile_catalogues --check
	$(PY) -m pytest

worker: install
	$(VENV)/bin/celery -A ietp worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A ietp beat --loglevel=info

# One dated archive (database dump + media files) under backups/ (BACKUP_DIR).
backup: install
	$(PY) manage.py backup

# make restore ARCHIVE=backups/ietp-backup-….tar.gz  (into DATABASE_URL and MEDIA_ROOT)
restore: install
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=backups/<file>.tar.gz"; exit 2; }
	$(PY) manage.py restore "$(ARCHIVE)"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

demo-code: install
	@$(PY) manage.py demo_code staff

benchmark: migrate static
	$(PY) manage.py benchmark_report

clean:
	rm -rf $(VENV) db.sqlite3 media .test-media .test-static staticfiles sent-emails node_modules locale/*/LC_MESSAGES/*.mo

# Its own PostgreSQL database (BENCH_DATABASE_URL, default .../ietp_bench), created and dropped.
benchmark-pages: install
	$(PY) manage.py benchmark_pages --serve --full
