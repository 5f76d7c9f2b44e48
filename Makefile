# The README's two set-up commands: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8001

.PHONY: install demo test clean

# Re-install only when the project's requirements change.
$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Gatewatch needs Python >= 3.11 (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { echo "python venv failed: on Debian/Ubuntu run: apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

## Crawl the bundled sample archive from a loopback server, tag it, publish it at http://127.0.0.1:$(PORT)
demo: install
	$(BIN)/gatewatch run --sample --db gatewatch.db --port $(PORT)

## Run the whole test suite; "no tests collected" (pytest exit 5) counts as a failure
test: install
	@$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing"; exit 1; fi; exit $$status

clean:
	rm -rf $(VENV) gatewatch.db gatewatch.db-wal gatewatch.db-shm test-artifacts
