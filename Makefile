# Pilote — see README.md. Every target creates or refreshes the virtualenv first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PILOTE := $(BIN)/pilote
HOST ?= 127.0.0.1
PORT ?= 8000
VAR ?= $(CURDIR)/var
STAMP := $(VENV)/.installed

.PHONY: demo test test-pg lint venv clean messages

venv: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis ($(PYTHON) introuvable)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

# The demo runs as production does (DEBUG off, gunicorn, WhiteNoise, French error pages), with
# only what plain HTTP on this machine needs: no Secure cookies, no HTTPS redirect, e-mails
# printed on the console, a secret key kept in $(VAR)/secret_key.
DEMO_ENV := PILOTE_DEBUG=0 PILOTE_SECURE_COOKIES=0 PILOTE_VAR_DIR=$(VAR) \
	SECRET_KEY="$$(cat $(VAR)/secret_key)" \
	PILOTE_ALLOWED_HOSTS="$(HOST),127.0.0.1,localhost" PILOTE_SITE_URL=http://$(HOST):$(PORT) \
	PILOTE_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend

demo: venv
	@mkdir -p $(VAR)
	@test -s $(VAR)/secret_key || (umask 077 && $(BIN)/python -c \
		"import secrets; print(secrets.token_urlsafe(50))" > $(VAR)/secret_key)
	@echo "Démonstration servie comme en production (PILOTE_DEBUG=0, gunicorn, WhiteNoise), sauf :"
	@echo "  PILOTE_SECURE_COOKIES=0 : HTTP sans TLS sur cette machine (cookies non « Secure »,"
	@echo "  pas de redirection vers HTTPS) ; e-mails affichés sur la console."
	$(DEMO_ENV) $(PILOTE) migrate --noinput -v0
	$(DEMO_ENV) $(PILOTE) collectstatic --noinput -v0
	$(DEMO_ENV) $(PILOTE) load_reference
	$(DEMO_ENV) $(PILOTE) load_demo --force-without-debug
	@echo "Pilote : http://$(HOST):$(PORT)/  (API : http://$(HOST):$(PORT)/api/v1/docs)"
	$(DEMO_ENV) $(PILOTE) worker --no-reload & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(DEMO_ENV) $(PILOTE) serve --bind $(HOST):$(PORT)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	PILOTE_DEBUG=1 $(PILOTE) makemigrations --check --dry-run
	PILOTE_DEBUG=1 scripts/run-pytest $(PYTEST_ARGS)

test-pg: venv
	scripts/with-postgres scripts/run-pytest $(PYTEST_ARGS)

PO := pilote/locale/fr/LC_MESSAGES/django.po
# The French catalogue: msgids are French, msgen copies each into its msgstr (so a wording can be
# changed in the catalogue alone; a changed msgid takes its new text, never a fuzzy guess), the .mo is committed so that running needs no gettext.
messages: venv
	cd pilote && PILOTE_DEBUG=1 ../$(PILOTE) makemessages -l fr --no-location --no-obsolete -v0
	msgattrib --clear-fuzzy --empty --clear-previous -o $(PO) $(PO)
	msgen -o $(PO) $(PO)
	msgfmt --check-format -o $(PO:.po=.mo) $(PO)

clean:
	rm -rf $(VENV) var
