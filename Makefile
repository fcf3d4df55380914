# The two commands of the README: `make run` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed-stamp

.PHONY: install run test bench clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Starts the gateway on SQLite (gateway.db) under gunicorn, with the SUNAT retry worker beside it;
# on first start creates a demo company, its key and its SUNAT beta issuer, and (when no master key is
# configured) the master key file gateway.key that seals the issuer's secrets.
run: $(STAMP)
	$(BIN)/flask --app app demo
	$(BIN)/flask --app app sunat-worker & worker=$$!; trap 'kill $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn -c gunicorn.conf.py 'app:create_app()'

# The whole suite: SQLite always, PostgreSQL too when TEST_DATABASE_URL (or 127.0.0.1:5432/test) answers.
test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks (bench/README.md): about 30 minutes; writes BENCHMARKS.md.
bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
