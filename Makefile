# Everything the program and its tests need is installed from here, pinned by constraints.txt.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# PySide6 6.12 is broken on Python 3.11 (see docs): find a working 3.13 or 3.12.
FIND_PYTHON := for p in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3 $$HOME/.pyenv/versions/3.12*/bin/python3; do \
	  if $$p -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then command -v $$p || echo $$p; break; fi; done

.PHONY: run test postgresql lint screenshots bench dist dist-windows check-windows clean setup catalogues
setup: $(STAMP) catalogues

# Each language's translations compiled into one messages.json (when stale): the program reads it much faster.
catalogues: $(STAMP)
	@$(PY) tools/compile_catalogues.py

$(STAMP): pyproject.toml constraints.txt
	@py=$$($(FIND_PYTHON)); \
	if [ -z "$$py" ]; then echo "No Python 3.12 or newer was found (tried python3.13, python3.12 and ~/.pyenv/versions). Install one and run make again." >&2; exit 1; fi; \
	if [ -x $(PY) ] && ! $(PY) -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then rm -rf $(VENV); fi; \
	[ -x $(PY) ] || $$py -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,build]'
	touch $(STAMP)

run: $(STAMP) catalogues
	@tools/linux-qt-deps.sh $(PY)
	$(VENV)/bin/segib-desktop

lint: $(STAMP)
	$(VENV)/bin/ruff check .

test: $(STAMP) lint catalogues postgresql
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# The tests start a PostgreSQL cluster of their own (tools/pgcluster.py finds initdb on the PATH or under
# /usr/lib/postgresql/*/bin): Debian's postgresql is installed when neither has it.
postgresql:
	@command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  echo "PostgreSQL's initdb is missing: installing Debian's postgresql for the tests"; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get install -y postgresql || { $$sudo apt-get update && $$sudo apt-get install -y postgresql; }; }

bench: $(STAMP) catalogues
	QT_QPA_PLATFORM=offscreen BENCH_JSON=$(BENCH_JSON) $(PY) -m bench.run

# The one-folder program for users without Python (build.spec; docs/packaging.md): dist/segib-desktop/.
dist: $(STAMP)
	@tools/linux-qt-deps.sh $(PY)
	rm -rf dist/segib-desktop build/pyinstaller
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller build.spec
	@du -sh dist/segib-desktop

# The Windows program and its per-user installer, built by PyInstaller under Wine (tools/windows/build.sh,
# docs/packaging.md): dist/windows/segib-desktop/ and dist/windows/segib-desktop-<version>-setup.exe.
dist-windows: $(STAMP)
	tools/windows/build.sh $(PY)

# The Windows program's checks under Wine (bundle, GUI session, paths, network drive, installer), then
# the core and data-safety tests run by the Windows Python.
check-windows:
	tools/windows/check.sh
	tools/windows/test.sh

screenshots: $(STAMP) catalogues
	QT_QPA_PLATFORM=offscreen $(PY) -m segib_desktop.gui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) build dist
