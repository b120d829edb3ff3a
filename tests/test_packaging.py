"""Packaging: the self-test, portable mode, and what build.spec keeps of Qt.

The bundle itself is built and checked by ``make dist`` and tools/check_bundle.sh (run by .ci/run);
these tests cover what can be checked without building it.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from segib_desktop import errors, paths

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import bundle_filter  # noqa: E402

SPANISH_STEPS = ["crear y migrar una base de datos nueva", "datos de referencia (países, organismos, cumbres)",
                 "datos de ejemplo", "traducciones de Qt al español y al portugués",
                 "ventana principal y todas las páginas, en español y en portugués",
                 "nota informativa de cumbre en español", "nota informativa de cumbre en portugués",
                 "nota informativa de cumbre como documento de Word",
                 "nota informativa de cumbre en un proceso aparte, como la hace la ventana",
                 "exportación e importación en una base de datos nueva",
                 "archivo de calendario para Outlook, leído de nuevo", "mandatos parecidos de cumbres distintas"]
STEPS = len(SPANISH_STEPS)


def passed_steps(lines: list[str]) -> list[str]:
    """The names in the self-test's "ok  <step> (0.3 s): detail" lines."""
    return [m.group(1) for m in (re.match(r"^ok\s+(.*) \(\d+\.\d s\)", line) for line in lines) if m]


# --- self-test
def test_self_test_passes_in_the_source_tree(tmp_path):
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "segib_desktop", "self-test"], capture_output=True, text=True,
                            env=env, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert passed_steps(result.stdout.splitlines()) == SPANISH_STEPS
    assert "FALLÓ" not in result.stderr
    assert result.stdout.splitlines()[-1] == f"Autocomprobación superada: los {STEPS} pasos han funcionado."
    # Everything happened in a temporary folder, deleted afterwards: nothing is left in the user's.
    assert not (tmp_path / "home" / paths.DB_FILENAME).exists()
    assert not [p for p in tmp_path.iterdir() if p.name != "home"]


def test_the_self_test_speaks_the_language_asked_to_the_end(tmp_path):
    """explore18: after the window's step (which shows every page in Spanish and Portuguese) it went on in
    Spanish ("14 páginas visitadas", "Autocomprobación superada")."""
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "segib_desktop", "--lang", "en", "self-test"],
                            capture_output=True, text=True, env=env, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "páginas" not in result.stdout and "pages visited" in result.stdout, result.stdout
    assert result.stdout.splitlines()[-1] == f"Self-test passed: all {STEPS} steps worked."


@pytest.mark.allow_log(r"^self-test step ")
def test_a_failing_step_is_named_on_stderr_the_others_still_run_and_the_exit_status_is_1(
        tmp_path, qapp, monkeypatch):
    from segib_desktop.cli.selftestcmd import SelfTest
    from segib_desktop.core import demo, exchange

    def broken_fill(db, scale="small", today=None):
        raise RuntimeError("the example data could not be made")

    def unreadable(db, path, *, progress=None, backups_dir=None):
        raise errors.NotADatabase(path=str(path))

    monkeypatch.setattr(demo, "fill", broken_fill)
    monkeypatch.setattr(exchange, "import_file", unreadable)
    out, err = [], []
    status = SelfTest(tmp_path, out=out.append, err=err.append).run()

    assert status == 1
    assert err[0] == "FALLÓ   datos de ejemplo: RuntimeError: the example data could not be made"
    assert err[1].startswith("FALLÓ   exportación e importación en una base de datos nueva: El archivo ")
    assert err[1].endswith("export.json no es una base de datos de SEGIB Desktop. No se ha modificado; "
                           "elija otro archivo.")
    # the steps that need the example data say why they did not run
    not_run = "no se ha ejecutado porque ha fallado un paso anterior"
    assert err[2:4] == [f"FALLÓ   {SPANISH_STEPS[-2]}: {not_run}", f"FALLÓ   {SPANISH_STEPS[-1]}: {not_run}"]
    assert err[4] == (f"La autocomprobación FALLÓ: 4 de {STEPS} pasos no han funcionado: datos de ejemplo; "
                      f"exportación e importación en una base de datos nueva; {SPANISH_STEPS[-2]}; "
                      f"{SPANISH_STEPS[-1]}.")
    assert len(err) == 5
    failed = ("datos de ejemplo", *SPANISH_STEPS[-3:])
    assert passed_steps(out) == [step for step in SPANISH_STEPS if step not in failed]


def test_a_module_not_written_yet_is_reported_as_not_available():
    from segib_desktop.cli.selftestcmd import StepFailed, _module

    with pytest.raises(StepFailed) as failed:
        _module("segib_desktop.core.not_written_yet")
    assert str(failed.value) == "no disponible: esta versión no tiene el módulo segib_desktop.core.not_written_yet"
    with pytest.raises(StepFailed) as failed:
        _module("segib_desktop.cli.nope.deeper")
    assert "segib_desktop.cli.nope" in str(failed.value)


@pytest.mark.allow_log(r"^self-test: error in the window")
def test_an_error_inside_a_page_fails_the_window_step(tmp_path, qapp, monkeypatch):
    from segib_desktop.cli.selftestcmd import SelfTest
    from segib_desktop.gui.main_window import MainWindow

    original = MainWindow._show_row

    def show_row(self, row):
        original(self, row)
        if row == 2:
            raise ValueError("a page that breaks")

    monkeypatch.setattr(MainWindow, "_show_row", show_row)
    test = SelfTest(tmp_path, out=lambda line: None, err=lambda line: None)
    assert test.run() == 1
    assert test.failed == ["ventana principal y todas las páginas, en español y en portugués"]


@pytest.mark.allow_log(r"^self-test step ")
def test_a_step_that_needs_a_failed_one_says_so(tmp_path, monkeypatch):
    from segib_desktop.cli.selftestcmd import SelfTest

    test = SelfTest(tmp_path, out=lambda line: None, err=[].append)
    monkeypatch.setattr(test, "create_database", lambda: (_ for _ in ()).throw(OSError("disk gone")))
    test._step("create", "create", test.create_database, ())
    errors = []
    test.err = errors.append
    test._step("reference", "reference", test.reference_data, ("create",))
    assert errors == ["FALLÓ   reference: no se ha ejecutado porque ha fallado un paso anterior"]


# --- portable mode and the bundle's folders
@pytest.fixture
def frozen(tmp_path, monkeypatch):
    """The program as PyInstaller runs it: sys.frozen, the executable in tmp_path/bundle, _internal/."""
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    for folder in ("resources", "db"):  # what build.spec ships there
        (bundle / "_internal" / folder).symlink_to(ROOT / folder, target_is_directory=True)
    executable = bundle / "segib-desktop"
    executable.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(executable))
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle / "_internal"), raising=False)
    monkeypatch.delenv("SEGIB_DESKTOP_HOME", raising=False)
    return bundle


def test_in_a_bundle_resources_and_migrations_are_found_under_meipass(frozen):
    assert paths.resources_dir() == frozen / "_internal" / "resources"
    assert paths.migrations_dir() == frozen / "_internal" / "db" / "migrations"
    assert paths.reference_dir() == frozen / "_internal" / "db" / "reference"


def test_portable_mode_keeps_data_settings_logs_and_backups_beside_the_executable(frozen):
    (frozen / "portable").write_text("")
    dirs = paths.user_dirs()
    data = frozen / "data"
    assert (dirs.data, dirs.config, dirs.logs, dirs.backups) == (data, data, data / "logs", data / "backups")
    assert dirs.default_db == data / "segib.sqlite3"


def test_without_the_portable_file_the_bundle_uses_the_users_folders(frozen):
    dirs = paths.user_dirs()
    assert frozen not in dirs.data.parents
    assert dirs.data.name == "segib-desktop"


def test_the_portable_file_means_nothing_to_the_source_program(tmp_path, monkeypatch):
    monkeypatch.delenv("SEGIB_DESKTOP_HOME", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python"))
    (tmp_path / "portable").write_text("")
    assert tmp_path not in paths.user_dirs().data.parents


def test_an_explicit_home_wins_over_portable_mode(frozen, tmp_path, monkeypatch):
    (frozen / "portable").write_text("")
    monkeypatch.setenv("SEGIB_DESKTOP_HOME", str(tmp_path / "elsewhere"))
    assert paths.user_dirs().data == tmp_path / "elsewhere"


def test_the_portable_program_creates_its_database_beside_the_executable(frozen):
    from segib_desktop.core.workspace import open_workspace

    (frozen / "portable").write_text("")
    dirs = paths.user_dirs()
    ws = open_workspace(None, dirs)
    try:
        assert ws.path == frozen / "data" / "segib.sqlite3"
    finally:
        ws.close()
    assert ws.path.exists()


# --- what build.spec keeps
def _pyside_files() -> list[str]:
    import PySide6

    package = Path(PySide6.__file__).parent
    return [f"PySide6/{p.relative_to(package).as_posix()}" for p in package.rglob("*") if p.is_file()]


@pytest.mark.parametrize("unused", ["Quick", "Qml", "WebEngine", "3D", "Multimedia", "VirtualKeyboard",
                                    "Designer", "Wayland", "Location", "Sql", "Test"])
def test_the_filter_leaves_out_every_file_of_the_unused_qt_modules(unused):
    files = [f for f in _pyside_files() if unused.casefold() in f.casefold()
             and not f.endswith((".py", ".pyi", ".pyc"))]
    assert files, f"no file of Qt{unused} in this PySide6: the test would prove nothing"
    assert [f for f in files if bundle_filter.keep(f)] == []


def test_the_filter_keeps_what_the_program_needs():
    kept = {f for f in _pyside_files() if bundle_filter.keep(f)}
    if sys.platform.startswith("linux"):
        needed = {"PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libQt6Gui.so.6",
                  "PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6",
                  "PySide6/Qt/lib/libQt6PdfWidgets.so.6", "PySide6/Qt/lib/libQt6PrintSupport.so.6",
                  "PySide6/Qt/lib/libQt6Svg.so.6", "PySide6/Qt/lib/libQt6Charts.so.6",
                  "PySide6/Qt/lib/libQt6XcbQpa.so.6", "PySide6/Qt/lib/libicudata.so.73",
                  "PySide6/Qt/lib/libicuuc.so.73", "PySide6/Qt/lib/libicui18n.so.73",
                  "PySide6/Qt/plugins/platforms/libqxcb.so", "PySide6/Qt/plugins/platforms/libqoffscreen.so",
                  "PySide6/Qt/plugins/imageformats/libqsvg.so", "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
                  "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
                  "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
                  "PySide6/QtCore.abi3.so", "PySide6/QtPdfWidgets.abi3.so", "PySide6/QtPrintSupport.abi3.so"}
        assert needed <= kept
    plugins = {f.split("/plugins/")[1] for f in kept if "/plugins/" in f}
    assert not [p for p in plugins if "virtualkeyboard" in p or p.startswith(("sqldrivers", "tls", "qml"))]
    assert not [f for f in kept if "/translations/" in f or "/qml/" in f]


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt6Core.dll", True), ("PySide6/Qt6Quick.dll", False), ("PySide6/Qt6WebEngineCore.dll", False),
    ("PySide6/plugins/platforms/qwindows.dll", True), ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
    ("PySide6/plugins/platforminputcontexts/qtvirtualkeyboardplugin.dll", False),
    ("PySide6/translations/qtbase_de.qm", False), ("PySide6/opengl32sw.dll", False),
    ("PySide6/Qt/lib/QtCore.framework/Versions/A/QtCore", True),
    ("PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick", False),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ("babel/locale-data/es_ES.dat", True), ("babel/locale-data/pt_BR.dat", True),
    ("babel/locale-data/root.dat", True), ("babel/locale-data/fr.dat", False), ("babel/global.dat", True),
    ("libstdc++.so.6", False), ("libgio-2.0.so.0", False), ("libfontconfig.so.1", False),
    ("libcups.so.2", False), ("libssl.so.3", True), ("libcrypto.so.3", True), ("libk5crypto.so.3", True),
    # the PostgreSQL driver's libpq and its own OpenSSL (issue 21), and Python's ssl's on Windows
    ("psycopg_binary.libs/libpq-e9b5c9ac.so.5.18", True), ("psycopg_binary.libs/libcrypto-3a0647ea.so.3", True),
    ("psycopg_binary.libs/libssl-3-x64-d878e6db8e3f85ffea8dd83cd38f1e97.dll", True), ("libssl-3.dll", True),
    ("libxcb-cursor.so.0", True), ("libxkbcommon-x11.so.0", True), ("libsqlite3.so.0", True),
    ("libpython3.13.so.1.0", True), ("libxcb-9065bb12.so.1.1.0", True), ("PIL/_avif.cpython-313.so", False),
    ("resources/translations/qtbase_es.qm", True), ("db/migrations/env.py", True),
])
def test_the_filter_on_each_platforms_names(dest, kept):
    assert bundle_filter.keep(dest) is kept


@pytest.mark.parametrize(("item", "kept"), [
    ("icudt73l/coll/es.res", True), ("icudt73l/coll/pt_PT.res", True), ("icudt73l/lang/en_GB.res", True),
    ("icudt73l/coll/root.res", True), ("icudt73l/zone/pool.res", True), ("icudt73l/res_index.res", True),
    ("icudt73l/supplementalData.res", True), ("icudt73l/coll/ucadata.icu", True), ("icudt73l/uts46.nrm", True),
    ("icudt73l/windows-1252-2000.cnv", True), ("icudt73l/brkitr/es.res", True),
    ("icudt73l/coll/ja.res", False), ("icudt73l/zone/fr_CA.res", False), ("icudt73l/yue_Hans.res", False),
    ("icudt73l/brkitr/cjdict.dict", False), ("icudt73l/brkitr/thaidict.dict", False),
])
def test_icus_data_keeps_the_programs_languages_and_what_is_no_language(item, kept):
    assert bundle_filter.icu_item_kept(item) is kept


ICU_CHECK = """
import sys
from PySide6.QtCore import QCollator, QLocale, QTimeZone
words = ["zorro", "azúcar", "Árbol", "ñandú", "nube"]
print(sorted(words, key=QCollator(QLocale("es_ES")).sortKey))
madrid = QTimeZone(b"Europe/Madrid")
for name in ("es_ES", "pt_BR", "ja_JP"):
    print(madrid.displayName(QTimeZone.StandardTime, QTimeZone.LongName, QLocale(name)))
print(any(sys.argv[1] in line for line in open("/proc/self/maps")))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the bundle trims the ICU that PySide6 ships on Linux")
def test_the_trimmed_icu_data_serves_the_programs_languages_and_falls_back_for_the_others(tmp_path):
    import PySide6

    library = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    trimmed = bundle_filter.trim_icu_data(library, tmp_path / "icu")
    assert (trimmed.name, trimmed.stat().st_size < library.stat().st_size / 2) == (library.name, True)
    # Qt's ICU loads the trimmed library in its place (the dynamic linker takes a preloaded soname first).
    result = subprocess.run([sys.executable, "-c", ICU_CHECK, str(trimmed)], capture_output=True, text=True,
                            env=os.environ | {"LD_PRELOAD": str(trimmed), "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "['Árbol', 'azúcar', 'nube', 'ñandú', 'zorro']",  # Spanish collation: ñ after n (ICU's root: before)
        "hora estándar de Europa central", "Horário Padrão da Europa Central",
        "Central European Standard Time",  # Japanese is not kept: ICU's root (English) names
        "True"]


def test_orphan_libraries_are_pruned_through_kept_libraries_only():
    binaries = [("PySide6/Qt/plugins/platforms/libqxcb.so", "/x/libqxcb.so", "BINARY"),
                ("libxcb-cursor.so.0", "/x/libxcb-cursor.so.0", "BINARY"),
                ("libxcb-render.so.0", "/x/libxcb-render.so.0", "BINARY"),
                ("libjpeg.so.62", "/x/libjpeg.so.62", "BINARY"),
                ("libpython3.13.so.1.0", "/x/libpython3.13.so.1.0", "BINARY")]
    needs = {"/x/libqxcb.so": ["libxcb-cursor.so.0", "libgdk_pixbuf-2.0.so.0"],
             "/x/libxcb-cursor.so.0": ["libxcb-render.so.0"]}
    kept, dropped = bundle_filter.prune_orphans(binaries, lambda path: needs.get(path, []))
    assert [d[0] for d in dropped] == ["libjpeg.so.62"]
    assert [k[0] for k in kept] == ["PySide6/Qt/plugins/platforms/libqxcb.so", "libxcb-cursor.so.0",
                                    "libxcb-render.so.0", "libpython3.13.so.1.0"]


def test_every_qt_module_the_program_imports_is_kept():
    """A teammate who starts using, say, QtCharts must add it to tools/bundle_filter.py (or the bundle lacks it)."""
    used = set()
    for source in (ROOT / "segib_desktop").rglob("*.py"):
        if source.name == "screenshots.py":  # a developer tool (QtTest), left out of the bundle
            continue
        used |= set(re.findall(r"PySide6\.Qt(\w+)", source.read_text(encoding="utf-8")))
    assert used >= {"Core", "Gui", "Widgets"}
    assert used <= bundle_filter.PYSIDE_MODULES, used - bundle_filter.PYSIDE_MODULES
    assert {"Core", "Gui", "Widgets"} | used <= bundle_filter.QT_LIBRARIES


def _spec() -> ast.Module:
    return ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))


def _assigned(name: str):
    for node in ast.walk(_spec()):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return node.value
    raise AssertionError(f"{name} is not assigned in build.spec")


def _call_keywords(function: str) -> dict[str, ast.expr]:
    for node in ast.walk(_spec()):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == function:
            return {k.arg: k.value for k in node.keywords if k.arg}
    raise AssertionError(f"build.spec does not call {function}")


def test_the_spec_excludes_the_big_qt_modules_it_does_not_use():
    excludes = set(ast.literal_eval(_assigned("excludes")))
    assert {"PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets",
            "PySide6.QtWebEngineQuick", "PySide6.QtMultimedia", "PySide6.Qt3DCore", "tkinter"} <= excludes
    for module in excludes:
        assert module.removeprefix("PySide6.Qt") not in bundle_filter.PYSIDE_MODULES, module


def test_the_spec_builds_one_windowed_folder_without_upx_named_and_versioned_by_the_package():
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    exe = _call_keywords("EXE")
    assert ast.literal_eval(exe["console"]) is False
    assert ast.literal_eval(exe["upx"]) is False
    assert ast.literal_eval(exe["exclude_binaries"]) is True  # one folder: COLLECT gathers the files
    assert exe["name"].id == "APP_NAME"
    assert ast.literal_eval(_call_keywords("COLLECT")["upx"]) is False
    assert "from segib_desktop import APP_NAME, APP_TITLE, __version__" in spec
    assert "onefile" not in spec.casefold()
    # The filters apply to what the hooks collected, not only to Python modules.
    assert "a.binaries, dropped_binaries = bundle_filter.filter_toc(a.binaries)" in spec
    assert "a.datas, dropped_datas = bundle_filter.filter_toc(a.datas)" in spec


def test_the_spec_ships_resources_db_and_qts_spanish_and_portuguese_catalogues():
    from segib_desktop.gui.app import QT_CATALOGUES

    assert set(ast.literal_eval(_assigned("QT_TRANSLATIONS"))) == {f"{c}.qm" for c in QT_CATALOGUES.values()}
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    assert '[d for d in _data_folder("resources") if not d[0].endswith(".po")] + _data_folder("db")' in spec
    assert '"resources/translations") for name in QT_TRANSLATIONS' in spec


def test_the_icons_for_windows_and_macos_are_committed_and_complete():
    from PIL import Image

    with Image.open(ROOT / "resources" / "icons" / "segib-desktop.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(ROOT / "resources" / "icons" / "segib-desktop.icns") as icns:
        assert icns.size == (1024, 1024)
