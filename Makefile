# Inward: two commands. `make run` opens the app, `make test` checks it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Qt's runtime libraries on Debian/Ubuntu. Offscreen tests need the first line;
# a real window also needs the xcb set; spoken cues need speech-dispatcher.
QT_TEST_LIBS := libegl1 libgl1 libxkbcommon0 libglib2.0-0 libdbus-1-3 libfontconfig1 \
	fontconfig fonts-dejavu-core libpulse0
QT_RUN_LIBS := $(QT_TEST_LIBS) libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
	libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 \
	libxcb-xkb1 speech-dispatcher

.PHONY: run test bench lint format clean system-test-libs system-run-libs sounds screenshots \
	illustrations

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m compileall -q app
	touch $(STAMP)

system-test-libs:
	@$(PYTHON) tools/system_libs.py $(QT_TEST_LIBS)

system-run-libs:
	@$(PYTHON) tools/system_libs.py $(QT_RUN_LIBS)

run: system-run-libs $(STAMP)
	$(PY) -m app

test: system-test-libs $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: system-test-libs $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run_all.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

sounds: $(STAMP)
	$(PY) tools/make_sounds.py

screenshots: system-test-libs $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py

illustrations: system-test-libs $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tools/contact_sheet.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
