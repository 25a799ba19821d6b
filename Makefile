# Two commands a new user needs: `make run` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The first Python >= 3.12 found: on PATH first, then among pyenv's installed versions.
# Each candidate is run, because a pyenv shim can be on PATH without a version behind it.
define find_python
for p in python3.14 python3.13 python3.12 python3 \
	$$(ls -d "$$(pyenv root 2>/dev/null)"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -rV); do \
	if "$$p" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
		echo "$$p"; exit 0; \
	fi; \
done; exit 1
endef

.PHONY: run test test-browser bench lighthouse install clean

$(BIN)/python:
	@py=$$($(find_python)) || { \
		echo "sciatica needs Python 3.12 or newer and none was found."; \
		echo "Install it (for example: apt-get install python3.12, or pyenv install 3.12) and run make again."; \
		exit 1; }; \
	echo "Creating $(VENV) with $$py"; \
	"$$py" -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,postgres]"
	touch $(STAMP)

install: $(STAMP)

# Development loads the content fresh from the fixture each time: edits made in the admin are
# replaced by the file's text (a deployment runs seed_exercises instead, which keeps them).
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata fixtures/exercises.json
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

# Real-browser tests: needs Debian's chromium (apt-get install chromium); .ci/run installs it.
test-browser: install
	$(BIN)/pytest -m browser tests/browser

# Builds its own database in a temporary folder; prints the table that the README shows.
bench: install
	$(BIN)/python bench/run.py

# Lighthouse (mobile) on the main pages and the ones that open offline, served as in production.
lighthouse: install
	bash bench/lighthouse.sh

clean:
	rm -rf $(VENV) staticfiles screenshots
