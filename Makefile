# Bibliotekets Partnerskaber: developer commands. `make help` lists them.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

# Local development runs with DEBUG on (and so a throw-away SECRET_KEY).
run run-sso serve worker seed shell migrate superuser messages check: export DEBUG ?= 1
# Links in the demo's e-mails point to where `make run` serves (HOST/PORT), unless
# SITE_URL is set.
run run-sso serve worker seed: export SITE_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the commands
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Lock files: exact versions with hashes, compiled from pyproject.toml by
# `make lock`. The dev lock holds the same runtime pins plus the dev tools.
LOCK := requirements/base.txt
LOCK_DEV := requirements/dev.txt

# Stamp files: reinstall only when a lock file changes. The project itself is not
# installed (pyproject.toml declares no packages); it runs from the checkout.
$(VENV)/.installed: $(LOCK) | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	@touch $@

$(VENV)/.installed-dev: $(LOCK_DEV) $(LOCK) | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK_DEV)
	@touch $@ $(VENV)/.installed

# uv compiles the lock files; only `make lock` installs it (the stamp file names
# the version, so changing UV_VERSION reinstalls it).
UV_VERSION := 0.13.9
UV := $(VENV)/.uv-$(UV_VERSION)
UV_COMPILE := $(BIN)/uv pip compile pyproject.toml --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock"

$(UV): | $(PY)
	$(PY) -m pip install --quiet "uv==$(UV_VERSION)"
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: install install-dev
install: $(VENV)/.installed node_modules/.package-lock.json ## Install the runtime dependencies
install-dev: $(VENV)/.installed-dev node_modules/.package-lock.json ## Install runtime and development dependencies

.PHONY: lock lock-upgrade
lock: | $(UV) ## Update requirements/*.txt from pyproject.toml, keeping the current pins where they fit
	$(UV_COMPILE) -o $(LOCK)
	$(UV_COMPILE) --extra dev -c $(LOCK) -o $(LOCK_DEV)

lock-upgrade: | $(UV) ## Like lock, but move every pin to the newest version pyproject.toml allows
	$(UV_COMPILE) --upgrade -o $(LOCK)
	$(UV_COMPILE) --upgrade --extra dev -c $(LOCK) -o $(LOCK_DEV)

.PHONY: run
run: install migrate seed ## Set up the local SQLite database with demo data, start the worker and serve on http://127.0.0.1:8000 (HOST, PORT change it)
	@echo "Serving on http://$(HOST):$(PORT)/ with the background worker (Ctrl-C stops both); links in e-mails: $$SITE_URL"
	$(MANAGE) run_worker --interval 2 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

# Single sign-on demo: the local OpenID Connect provider (a dev dependency) on
# 127.0.0.1:9400 with three ready users, and the app configured to use it.
SSO_DEMO_PORT ?= 9400
SSO_DEMO_ENV := OIDC_PROVIDERS=demo,demo-unilogin \
	OIDC_DEMO_NAME="Kommunens login (demo)" OIDC_DEMO_SERVER_URL=http://127.0.0.1:$(SSO_DEMO_PORT) \
	OIDC_DEMO_CLIENT_ID=partnerskaber-demo OIDC_DEMO_SECRET=demo \
	OIDC_DEMO_ROLE_MAP="bibliotek=Librarian;it-admin=Administrator" \
	OIDC_DEMO_UNILOGIN_NAME="Unilogin (demo)" OIDC_DEMO_UNILOGIN_KIND=institution \
	OIDC_DEMO_UNILOGIN_SERVER_URL=http://127.0.0.1:$(SSO_DEMO_PORT) \
	OIDC_DEMO_UNILOGIN_CLIENT_ID=partnerskaber-demo OIDC_DEMO_UNILOGIN_SECRET=demo

.PHONY: sso-provider run-sso
sso-provider: install-dev ## Start the local demo OpenID Connect provider on 127.0.0.1:9400 (for run-sso)
	$(BIN)/oidc-provider-mock --host 127.0.0.1 --port $(SSO_DEMO_PORT) --require-nonce true \
		--user-claims '{"sub": "demo-bibliotekar", "email": "sso.bibliotekar@example.com", "name": "Sif SSO-Bibliotekar", "groups": ["bibliotek"]}' \
		--user-claims '{"sub": "demo-paedagog", "name": "Ulla Unilogin", "institution_number": "900001", "user_type": "employee"}' \
		--user-claims '{"sub": "demo-skolebibliotekar", "name": "Svend Unilogin", "institution_number": "900022", "user_type": "employee"}'

run-sso: install migrate seed ## Like run, with the login buttons of the demo provider (start `make sso-provider` first)
	@echo "Serving on http://$(HOST):$(PORT)/ with single sign-on against http://127.0.0.1:$(SSO_DEMO_PORT)/"
	$(MANAGE) run_worker --interval 2 & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(SSO_DEMO_ENV) $(MANAGE) runserver $(HOST):$(PORT)

.PHONY: serve
serve: install ## Serve without migrating or seeding
	$(MANAGE) runserver $(HOST):$(PORT)

.PHONY: worker
worker: install ## Run the background worker alone (mail outbox and background tasks)
	$(MANAGE) run_worker

.PHONY: migrate
migrate: install ## Apply database migrations
	$(MANAGE) migrate --no-input

.PHONY: seed
seed: install ## Load the demo data (idempotent) and print the demo logins
	$(MANAGE) seed_demo

.PHONY: superuser
superuser: install ## Create an administrator account interactively
	$(MANAGE) createsuperuser

.PHONY: shell
shell: install ## Open a Django shell
	$(MANAGE) shell

.PHONY: test
test: install-dev ## Run the whole test suite (DATABASE_URL if set, else SQLite; browser tests when Chromium is present)
	@if [ -n "$$DATABASE_URL" ]; then echo "Database: $${DATABASE_URL%%@*}@…"; else echo "Database: SQLite"; fi
	$(BIN)/pytest $(PYTEST_ARGS)

.PHONY: test-fast
test-fast: install-dev ## Run the tests without the browser tests
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

.PHONY: lint
lint: install-dev ## Check code style (ruff check + ruff format --check)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: format
format: install-dev ## Format the code and fix what ruff can fix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

.PHONY: messages
messages: install-dev ## Update locale/*.po from the code and compile them (needs GNU gettext)
	$(MANAGE) makemessages --all --no-obsolete --ignore=.venv --ignore=node_modules --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=.venv

.PHONY: check
check: install-dev ## Django system checks and the migrations check
	DEBUG=1 $(MANAGE) check
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run

.PHONY: clean
clean: ## Remove the virtual environment, node_modules and the local database
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .pytest_cache .ruff_cache
