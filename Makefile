# Inward: two commands. `make run` opens the app, `make test` checks it.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Qt's runtime libraries on Debian/Ubuntu. Offscreen tests need the first line;
# a real window also needs the xcb set; spoken cues need speech-dispatcher. The tests
# also start a private D-Bus (dbus-daemon, from `dbus`) for the screen-awake checks, and
# trace the cue workers with strace for the no-network check.
QT_TEST_LIBS := libegl1 libgl1 libxkbcommon0 libglib2.0-0 libdbus-1-3 libfontconfig1 \
	fontconfig fonts-dejavu-core libpulse0 libspeechd2 dbus strace
QT_RUN_LIBS := $(QT_TEST_LIBS) libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
	libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 \
	libxcb-xkb1 speech-dispatcher speech-dispatcher-espeak-ng
# `make audio-test`: real sound into a PulseAudio null sink, recorded and measured.
AUDIO_TEST_LIBS := $(QT_TEST_LIBS) pulseaudio pulseaudio-utils speech-dispatcher \
	speech-dispatcher-espeak-ng

# `make package` builds a one-folder bundle for this OS with PyInstaller (packaging/).
# Building also needs binutils (PyInstaller reads libraries with objdump; the spec strips
# debugging symbols) and speech-dispatcher's client library, bundled for spoken cues.
PACKAGE_STAMP := $(VENV)/.package-installed
QT_PACKAGE_LIBS := $(QT_TEST_LIBS) binutils libspeechd2

.PHONY: run test permission-test audio-test system-audio-libs bench lint format clean system-test-libs \
	system-run-libs sounds screenshots \
	illustrations package package-test icons system-package-libs

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

system-audio-libs:
	@$(PYTHON) tools/system_libs.py $(AUDIO_TEST_LIBS)

system-package-libs:
	@$(PYTHON) tools/system_libs.py $(QT_PACKAGE_LIBS)

$(PACKAGE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[package]'
	touch $(PACKAGE_STAMP)

run: system-run-libs $(STAMP)
	$(PY) -m app

# The tests run in parallel (pytest-xdist, one worker per core); each test keeps its files in
# its own tmp_path, so workers share nothing. audio-test and permission-test stay serial.
test: system-test-libs lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto

# The tests marked `permissions` (a read-only folder, file or file system): as root they are
# deselected from `make test`, and this runs them as the unprivileged user `inward-test`
# with a venv of its own from Debian's /usr/bin/python3 (tools/permission_test.py).
permission-test: system-test-libs $(STAMP)
	@$(PYTHON) tools/permission_test.py

# Plays a short session through the real window into a private PulseAudio null sink and
# measures when each cue is heard (tests/audio, tools/cue_recording.py).
audio-test: system-audio-libs $(STAMP)
	QT_QPA_PLATFORM=offscreen INWARD_AUDIO_REQUIRED=1 $(PY) -m pytest -q -m audio tests/audio

bench: system-audio-libs $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run_all.py

# Types and dead code are checked with the style, here and first in `make test`: mypy (strict
# on app/core and app/db; [tool.mypy] in pyproject.toml) and vulture (tools/vulture_whitelist.py).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/vulture

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

sounds: $(STAMP)
	$(PY) tools/make_sounds.py

screenshots: system-test-libs $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tools/screenshots.py

illustrations: system-test-libs $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tools/contact_sheet.py

package: system-package-libs $(PACKAGE_STAMP)
	@start=$$(date +%s); \
	$(PY) -m PyInstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build packaging/inward.spec && \
	echo "Built the bundle in dist/ in $$(( $$(date +%s) - start )) s"

package-test: package
	$(PY) tools/package_test.py

icons: $(STAMP)
	$(PY) tools/make_icon.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
