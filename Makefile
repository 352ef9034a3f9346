# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= demo-output

.PHONY: setup browser demo test test-quick bench bench-memory bench-scale benchmark-wai clean

$(BIN)/tender-audit: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

setup: $(BIN)/tender-audit browser

# A browser: keep one that is already there, else Debian's chromium, else Playwright's own build.
browser: $(BIN)/tender-audit
	@$(BIN)/tender-audit browser >/dev/null 2>&1 || sh scripts/install-browser.sh $(BIN)/python
	@$(BIN)/tender-audit browser

demo: setup
	$(BIN)/tender-audit demo --out $(OUT)

test: setup
	$(BIN)/python -m pytest -q

# the unit tests of pure logic only: no browser needed
test-quick: $(BIN)/tender-audit
	$(BIN)/python -m pytest -q -m "not browser"

# the whole job on the generated council portal, 30 and 300 pages: a Markdown table (README, Performance)
bench: setup
	$(BIN)/python scripts/bench.py

# memory per quarter of a 2,000-page crawl of the same portal (about 20 minutes)
bench-memory: setup
	$(BIN)/python scripts/bench.py --memory 2000

# 100 generated portals over 20 loopback hosts: the local runner against Ray (see README, National scale)
bench-scale: setup
	$(BIN)/python scripts/bench_scale.py

# needs ../shared/benchmarks/wai-bad (the W3C pages are not copied into this project)
benchmark-wai: setup
	$(BIN)/python scripts/bench_wai.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
