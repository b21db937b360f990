# bmaplan: everything runs without Docker through these targets (docker-compose.yml mirrors them).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= bmaplan.settings.local

.PHONY: install system services db migrate demo-data demo web worker beat stop test lint format bench docs backup

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	touch $@

install: system $(VENV)/.installed

system:
	@bash scripts/install-system.sh

services:
	@bash scripts/ensure-services.sh

db: services
	@psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='bmaplan'" | grep -q 1 \
	  || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE bmaplan"

migrate: install db
	$(PY) manage.py migrate --no-input

demo-data: migrate
	$(PY) manage.py load_demo

## Installs, migrates, loads the seed plans and demo users, starts a Celery worker and the web server.
demo: demo-data
	@mkdir -p var/run var/log
	@$(MAKE) --no-print-directory stop >/dev/null 2>&1 || true
	$(VENV)/bin/celery -A bmaplan worker -l info --concurrency 2 \
	  --pidfile var/run/celery-worker.pid --logfile var/log/celery-worker.log --detach
	@echo ""
	@echo "bmaplan is starting on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	@$(PY) manage.py demo_logins
	$(PY) manage.py runserver 0.0.0.0:$(PORT)

## Production-style processes (what docker-compose runs).
web: migrate
	$(PY) manage.py collectstatic --no-input -v0
	$(VENV)/bin/gunicorn bmaplan.wsgi:application -b 0.0.0.0:$(PORT) -w $${WEB_CONCURRENCY:-3} --timeout 60

worker: install
	$(VENV)/bin/celery -A bmaplan worker -l info --concurrency 2

beat: install
	$(VENV)/bin/celery -A bmaplan beat -l info --schedule var/celerybeat-schedule

## pg_dump of $$DATABASE_URL (default: the local bmaplan database) into var/backups.
backup:
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bmaplan} bash scripts/backup.sh

stop:
	-test -f var/run/celery-worker.pid && kill $$(cat var/run/celery-worker.pid)

## Runs every test against real PostgreSQL and Redis.
test: install services
	DJANGO_SETTINGS_MODULE=bmaplan.settings.test $(VENV)/bin/pytest -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install services
	DJANGO_SETTINGS_MODULE=bmaplan.settings.test $(PY) -m bench

## Regenerates the model diagram in docs/architecture.md.
docs: install
	$(PY) scripts/update_model_diagram.py
