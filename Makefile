# Two commands on a fresh machine:
#   make demo   set up, build the bundled sample corpus into demo.db, write reports, serve it
#   make test   set up and run the tests
PY      ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
DEMO_DB := sqlite:///demo.db
HOST    ?= 127.0.0.1
PORT    ?= 8000

.PHONY: setup system-deps demo demo-build test bench clean

# Debian packages: Chromium for the browser tests, libxml-parser-perl for tilse's ROUGE,
# postgresql for the store tests on PostgreSQL (a throwaway cluster per test run).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	perl -MXML::Parser -e1 >/dev/null 2>&1 || missing="$$missing libxml-parser-perl"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	      || echo "warning: could not install$$missing (browser tests will skip)"; \
	  else echo "warning: missing Debian packages:$$missing (run as root or install them)"; fi; \
	fi

$(STAMP):
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# the CPU build of torch first (a wheel on this machine), or pip pulls CUDA
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

setup: $(STAMP)

demo-build: setup
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/storyline build examples/corpus --db $(DEMO_DB)
	mkdir -p out
	$(BIN)/storyline export --db $(DEMO_DB) --format json -o out/demo.json
	$(BIN)/storyline export --db $(DEMO_DB) --format markdown -o out/demo.md
	$(BIN)/storyline export --db $(DEMO_DB) --format html -o out/demo.html

demo: demo-build
	@echo "Reports: out/demo.md, out/demo.html, out/demo.json"
	@echo "Open http://$(HOST):$(PORT)/ in a browser (Ctrl-C stops the server)."
	$(BIN)/storyline serve --db $(DEMO_DB) --host $(HOST) --port $(PORT)

test: setup system-deps
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out demo.db demo.db-wal demo.db-shm
