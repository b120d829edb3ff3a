"""Guards around PySide6 6.12: its None refcount bug on Python 3.11 (see PITFALLS), its import hook."""

from __future__ import annotations

import os
import subprocess
import sys


def run_python(code: str) -> str:
    """``code`` in a fresh interpreter (with Qt offscreen); its standard output."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-500:]
    return result.stdout


def test_twenty_thousand_void_setter_calls_do_not_crash_the_interpreter():
    out = run_python("from PySide6.QtWidgets import QApplication, QLabel\n"
                     "app = QApplication([])\nlabel = QLabel()\n"
                     "for i in range(20000):\n    label.setText(str(i))\n    label.setEnabled(i % 2 == 0)\n"
                     "print('survived')\n")
    assert "survived" in out


def test_the_interpreter_is_at_least_python_3_12():
    assert sys.version_info >= (3, 12)


def test_the_gui_takes_pyside6s_import_hook_off_and_imports_still_work():
    """PySide6's hook read the source of every module imported after it (12 ms of the start-up)."""
    out = run_python("import builtins\nimport segib_desktop.gui\n"
                     "assert builtins.__import__ is builtins.__orig_import__\n"
                     "from PySide6.QtWidgets import QApplication, QLabel\nimport segib_desktop.gui.main_window\n"
                     "app = QApplication([])\nprint(QLabel('ok').text())\n")
    assert out.split() == ["ok"]
