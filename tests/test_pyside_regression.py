"""Guard against PySide6 6.12's None refcount bug on Python 3.11 (see PITFALLS)."""

from __future__ import annotations

import os
import subprocess
import sys


def test_twenty_thousand_void_setter_calls_do_not_crash_the_interpreter():
    code = ("from PySide6.QtWidgets import QApplication, QLabel\n"
            "app = QApplication([])\nlabel = QLabel()\n"
            "for i in range(20000):\n    label.setText(str(i))\n    label.setEnabled(i % 2 == 0)\n"
            "print('survived')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                            env=os.environ | {"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr[-500:]
    assert "survived" in result.stdout


def test_the_interpreter_is_at_least_python_3_12():
    assert sys.version_info >= (3, 12)
