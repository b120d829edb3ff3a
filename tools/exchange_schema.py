"""Writes docs/exchange-format.schema.json from the models (run it after changing a model).

    .venv/bin/python tools/exchange_schema.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    from segib_desktop.core.exchange import json_schema

    target = ROOT / "docs" / "exchange-format.schema.json"
    target.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
