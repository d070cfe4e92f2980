# Coalition Portal. `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
STAMP  := $(VENV)/.installed
MO     := locale/uk/LC_MESSAGES/django.mo

.DEFAULT_GOAL := help
.PHONY: help venv run test live bench lint format check-deploy migrate demo worker beat token messages compilemessages schema clean security-docs security-audit

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

venv: $(STAMP) ## Create .venv and install the pinned requirements

.env: | $(STAMP)
	$(PY) -m coalition.env write .env

# The compiled catalogue is built, not committed: from the .po, whenever it changes.
$(MO): locale/uk/LC_MESSAGES/django.po $(STAMP)
	DEBUG=true $(PY) manage.py compilemessages -l uk --ignore '.venv/*' --ignore 'var/*'

compilemessages: $(MO) ## Compile the translation catalogue (locale/uk/LC_MESSAGES/django.mo)

run: $(STAMP) .env $(MO) ## Set up (venv, .env, migrate, demo data), print the demo logins, serve on http://127.0.0.1:8000/ (PORT overrides)
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py load_demo
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP) $(MO) lint ## Run the whole suite: lint, migration and system checks, tests (browser journeys included)
	$(PY) -m pytest -q

live: $(STAMP) $(MO) ## The live suite: gunicorn, PostgreSQL, Redis and a real worker over HTTP (needs the services)
	$(PY) -m pytest live -q --live-coverage

bench: $(STAMP) ## Benchmark on PostgreSQL (issue 12): API vs raw SQL, pages vs admin, scale 0.1 vs 1, summary, import (docs/performance.md)
	$(PY) scripts/bench.py $(BENCH_ARGS)

lint: $(STAMP) ## ruff check, ruff format --check, missing migrations, Django system checks
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=true $(PY) manage.py check
	$(MAKE) --no-print-directory security-audit

security-audit: $(STAMP) ## bandit (fails on medium/high findings) and pip-audit of requirements.txt (docs/security.md)
	$(VENV)/bin/bandit -q -r coalition contributions meetings procurement summaries webhooks scripts \
	  -x '*/tests/*,*/migrations/*' --severity-level medium --skip B608
# B608 (SQL built from strings) is ruff's S608 too, which `ruff check` enforces line by line with a reason.
	$(PY) scripts/audit_dependencies.py

format: $(STAMP) ## Apply ruff's fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy: $(STAMP) ## Django's deployment checks with production-like settings
	DEBUG=false SECRET_KEY=$${SECRET_KEY:-check-deploy-only-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')} \
	  ALLOWED_HOSTS=$${ALLOWED_HOSTS:-portal.example.org} $(PY) manage.py check --deploy --fail-level WARNING

migrate: $(STAMP) ## Apply database migrations
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput

demo: $(STAMP) ## Load (or refresh) the demo data; idempotent
	DEBUG=$${DEBUG:-true} $(PY) manage.py load_demo

worker: $(STAMP) ## Run a Celery worker (needs REDIS_URL)
	@test -n "$$REDIS_URL" || { echo "REDIS_URL is not set: without it tasks run eagerly in the web process."; exit 2; }
	$(VENV)/bin/celery -A coalition worker --loglevel=INFO

beat: $(STAMP) ## Run the Celery beat scheduler (needs REDIS_URL; schedules kept in the database)
	@test -n "$$REDIS_URL" || { echo "REDIS_URL is not set: the scheduler needs a broker."; exit 2; }
	$(VENV)/bin/celery -A coalition beat --loglevel=INFO

token: $(STAMP) ## Create an API token: make token TOKEN_USER=name SCOPE=read|write
	DEBUG=$${DEBUG:-true} $(PY) manage.py create_api_token --user "$(TOKEN_USER)" --scope "$(SCOPE)"

schema: $(STAMP) ## Write docs/openapi.yaml from the code (a test fails when it drifts)
	DEBUG=true $(PY) manage.py spectacular --validate --fail-on-warn --file docs/openapi.yaml

messages: $(STAMP) ## Update the Ukrainian catalogue (locale/uk) from the code; then translate every new msgid
	DEBUG=true $(PY) manage.py makemessages -l uk --no-obsolete --ignore '.venv/*' --ignore 'var/*'

security-docs: $(STAMP) ## Render the authorisation matrix (coalition/tests/authz_table.py) into docs/security.md
	$(PY) -m coalition.tests.authz_matrix

clean: ## Remove .venv, the SQLite database and collected files under var/
	rm -rf $(VENV) var
