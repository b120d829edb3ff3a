"""Lists the interface strings that a language's catalogue lacks.

    python tools/i18n_missing.py            # every language, every missing msgid
    python tools/i18n_missing.py pt --po resources/i18n/pt/mandates.po   # append them there, untranslated

Strings are English in the code (_("...") and N_("...")); each language's
catalogue is the set of .po files in resources/i18n/<lang>/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def extracted() -> dict[str, str]:
    """msgid (with its context, as the catalogue keys it: ``i18n.message_key``) -> first place it is used."""
    from babel.messages.extract import extract_from_dir

    from segib_desktop.i18n import message_key

    found: dict[str, str] = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(ROOT / "segib_desktop"), method_map=[("**.py", "python")],
            keywords={"_": None, "N_": None, "C_": ((1, "c"), 2)}):
        if isinstance(message, str):
            found.setdefault(message_key(context, message), f"segib_desktop/{filename}:{lineno}")
    return found


def missing(lang: str) -> dict[str, str]:
    from segib_desktop import i18n

    i18n._catalogue.cache_clear()
    have = i18n._catalogue(lang)
    return {m: where for m, where in extracted().items() if m not in have}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("langs", nargs="*", default=["es", "pt"])
    parser.add_argument("--po", type=Path, help="append the missing msgids to this .po file")
    args = parser.parse_args()
    total = 0
    for lang in args.langs:
        lacking = missing(lang)
        total += len(lacking)
        for msgid, where in lacking.items():
            print(f"{lang}\t{where}\t{msgid!r}")
        if args.po and lacking:
            with args.po.open("a", encoding="utf-8") as fh:
                for key, where in lacking.items():
                    context, _eot, msgid = key.rpartition("\x04")
                    esc = msgid.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                    fh.write(f'\n#: {where}\n' + (f'msgctxt "{context}"\n' if context else "")
                             + f'msgid "{esc}"\nmsgstr ""\n')
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
