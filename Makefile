# Tin Cơ Sở — the two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
TEST_STAMP := $(VENV)/.installed-test-stamp
PORT ?= 8000
MANAGE := $(BIN)/tincoso manage
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint messages setup setup-test bench vendor clean serve test-sqlite test-postgres lock scale

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# What `make run` serves needs only the app's packages; the test tools come with setup-test.
# Both install exactly the locked set, every file checked by its hash (requirements/*.lock,
# made by `make lock` from the pins in pyproject.toml), so two fresh installs are the same.
$(STAMP): pyproject.toml requirements/app.lock | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --require-hashes -r requirements/app.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(TEST_STAMP): $(STAMP) requirements/test.lock clients/tincoso-device/pyproject.toml
	$(BIN)/pip install -q --require-hashes -r requirements/test.lock
	$(BIN)/pip install -q --no-deps -e . -e clients/tincoso-device
	touch $@

## make lock: after changing a pin in pyproject.toml, resolve the locks again (uv),
## keeping every other version as it is
UV_COMPILE = $(BIN)/uv pip compile --generate-hashes --python-version 3.11 \
	--python-platform x86_64-unknown-linux-gnu --no-header --annotation-style line -q
lock: | $(BIN)/python
	$(BIN)/pip install -q uv==0.13.9
	$(UV_COMPILE) pyproject.toml -o requirements/app.lock
	$(UV_COMPILE) pyproject.toml clients/tincoso-device/pyproject.toml --extra test \
		-o requirements/test.lock

setup: $(STAMP)
	scripts/system-deps.sh run
	$(MANAGE) compilemessages --ignore '.venv' -v0

setup-test: setup $(TEST_STAMP)
	scripts/system-deps.sh test

## make run: set up, migrate, load the demo province, serve on http://127.0.0.1:$(PORT)
## (PORT=8100 make run serves on another port; links in mail follow it)
run: setup
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) collectstatic --noinput -v0
	$(BIN)/tincoso demo
	$(BIN)/tincoso serve --bind 127.0.0.1:$(PORT)

## make test: set up everything the tests need, lint, then the whole suite on SQLite and PostgreSQL
test: setup-test lint test-sqlite test-postgres

test-sqlite:
	$(BIN)/pytest -q

# The scale-out run (tincoso/scale/tests) starts its own PostgreSQL: once is enough.
test-postgres:
	scripts/with-postgres.sh $(BIN)/pytest -q -m "not e2e and not scale"

lint: $(TEST_STAMP)
	$(BIN)/ruff check tincoso bench clients
	$(BIN)/mypy tincoso
	$(BIN)/mypy clients/tincoso-device/src clients/tincoso-device/tests/*.py
	$(BIN)/lint-imports
	$(MANAGE) makemigrations --check --dry-run -v0

## make scale: a multi-process deployment on loopback (PostgreSQL, Redis, Mosquitto, two
## app servers behind nginx, two task workers, a scheduler, the uplink worker) under load
## while faults are injected; prints what was sent, stored and lost (README: Scale-out)
scale: setup-test
	$(BIN)/tincoso scale

## make bench: print performance figures (never pass/fail)
bench: setup
	scripts/system-deps.sh bench
	$(BIN)/python -m bench

## make vendor: refresh the vendored front-end files from npm (runs need no npm)
vendor:
	npm install --no-audit --no-fund --prefix /tmp/tincoso-vendor @picocss/pico@2.1.1 htmx.org@2.0.11 chart.js@4.6.1
	cp /tmp/tincoso-vendor/node_modules/@picocss/pico/css/pico.min.css tincoso/core/static/vendor/
	cp /tmp/tincoso-vendor/node_modules/htmx.org/dist/htmx.min.js tincoso/core/static/vendor/
	cp /tmp/tincoso-vendor/node_modules/chart.js/dist/chart.umd.min.js tincoso/core/static/vendor/
	# Source maps are not vendored: drop the comments pointing at them, or the
	# production collectstatic (ManifestStaticFilesStorage) fails on the missing file.
	sed -i -E '/^\/[*\/]# sourceMappingURL=/d' tincoso/core/static/vendor/*.js tincoso/core/static/vendor/*.css
	# The items' rich-text editor: Quill 2 (BSD-3-Clause), with its licence.
	npm install --no-audit --no-fund --prefix /tmp/tincoso-vendor quill@2.0.3
	cp /tmp/tincoso-vendor/node_modules/quill/dist/quill.js /tmp/tincoso-vendor/node_modules/quill/dist/quill.js.LICENSE.txt /tmp/tincoso-vendor/node_modules/quill/dist/quill.snow.css tincoso/publishing/static/publishing/vendor/
	cp /tmp/tincoso-vendor/node_modules/quill/LICENSE tincoso/publishing/static/publishing/vendor/quill.LICENSE
	sed -i -E '/^\/[*\/]# sourceMappingURL=/d' tincoso/publishing/static/publishing/vendor/*.js tincoso/publishing/static/publishing/vendor/*.css
	# PDF.js (Apache-2.0) shows a document's original PDF beside its parsed fields:
	# only the module build and its worker, with the licence.
	npm install --no-audit --no-fund --prefix /tmp/tincoso-vendor pdfjs-dist@6.5.438
	mkdir -p tincoso/documents/static/documents/vendor/pdfjs
	cp /tmp/tincoso-vendor/node_modules/pdfjs-dist/build/pdf.min.mjs /tmp/tincoso-vendor/node_modules/pdfjs-dist/build/pdf.worker.min.mjs tincoso/documents/static/documents/vendor/pdfjs/
	cp /tmp/tincoso-vendor/node_modules/pdfjs-dist/LICENSE tincoso/documents/static/documents/vendor/pdfjs/pdfjs.LICENSE
	# Scans compress pages as JBIG2 or JPEG 2000, decoded by these (PDFium's BSD-3 and
	# OpenJPEG's BSD-2). Only the JavaScript builds: the WebAssembly ones would need
	# 'wasm-unsafe-eval' in the Content-Security-Policy, and PDF.js falls back by itself.
	mkdir -p tincoso/documents/static/documents/vendor/pdfjs/wasm
	cd /tmp/tincoso-vendor/node_modules/pdfjs-dist/wasm && cp jbig2_nowasm_fallback.js openjpeg_nowasm_fallback.js LICENSE_JBIG2 LICENSE_OPENJPEG LICENSE_PDFJS_JBIG2 LICENSE_PDFJS_OPENJPEG $(CURDIR)/tincoso/documents/static/documents/vendor/pdfjs/wasm/
	sed -i -E '/^\/[*\/]# sourceMappingURL=/d' tincoso/documents/static/documents/vendor/pdfjs/*.mjs tincoso/documents/static/documents/vendor/pdfjs/wasm/*.js
	# axe-core checks accessibility in the browser tests only; it is never served.
	npm install --no-audit --no-fund --prefix /tmp/tincoso-vendor axe-core@4.14.1
	cp /tmp/tincoso-vendor/node_modules/axe-core/axe.min.js tincoso/core/tests/vendor/
	cp /tmp/tincoso-vendor/node_modules/axe-core/LICENSE tincoso/core/tests/vendor/axe.LICENSE

clean:
	rm -rf $(VENV) var
