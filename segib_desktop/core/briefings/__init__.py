"""Briefings: print-ready notes on a summit, a country or a body, in Spanish or Portuguese, as PDF or Word.

``generate(db, kind, subject, lang, out)`` works in three steps:
``gather`` reads everything the briefing shows in one read transaction into one
immutable value (``value``); ``compose`` turns it into a renderer-neutral
document (``model``: headings, paragraphs, tables, notes); ``pdf`` (reportlab,
A4, the bundled DejaVu fonts embedded) or ``word`` (python-docx) lays that out,
chosen by the file's extension. The file is written atomically and recorded
(kind, subject, language, format, parameters, path, SHA-256, who and when) in
the ``briefings`` table. Only ``gather`` (and ``data``) touch the database. No
Qt here: the command line and the GUI both call it; the GUI off the UI thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import secrets
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from segib_desktop import __version__, errors
from segib_desktop.i18n import N_, to_roman

# A new private file, never an existing one or a link, binary and not inherited on Windows (as mkstemp makes it).
_NEW_FILE = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
             | getattr(os, "O_NOINHERIT", 0))

if TYPE_CHECKING:
    from segib_desktop.core.db import Database

log = logging.getLogger(__name__)

KINDS = ("summit", "country", "body")
LANGUAGES = ("es", "pt")
LANGUAGE_TAGS = {"es": "es-ES", "pt": "pt-BR"}  # the document's language (PDF /Lang, Word's proofing language)
FORMATS = ("pdf", "docx")  # by the file's extension
KIND_LABELS = {"summit": N_("Summit"), "country": N_("Country"), "body": N_("Body")}
CLASSIFICATION = N_("For official use — restricted distribution")
ORGANISATION = N_("Ibero-American General Secretariat")
BRIEFING_NOTE = N_("Briefing note")
PAGE_OF = N_("Page {page} of {pages}")
CONTENTS = N_("Contents")
PAGE = N_("Page")


class UnknownSubject(errors.SegibError):
    """The summit, country or body asked for is not in the database."""


class BriefingNotWritten(errors.SegibError):
    message = N_("The briefing could not be written to {path}: {reason}.")


NO_SUMMIT = N_("There is no summit number {subject} in the database.")
BAD_NUMBER = N_("“{subject}” is not a summit number: write it in figures, for example 30.")
NO_COUNTRY = N_("There is no country with the code “{subject}” (use the two-letter ISO code, for example AR).")
NO_FOLDER = N_("The folder {folder} does not exist: choose another place for the briefing.")
NO_BODY = N_("There is no body with the acronym “{subject}”.")


def format_of(path: Path | str) -> str | None:
    """"pdf" or "docx" by the file's extension; None for any other."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def sections_of(kind: str) -> tuple[str, ...]:
    from segib_desktop.core.briefings.compose import SECTIONS

    return SECTIONS[kind]


def section_title(kind: str, key: str) -> str:
    """The section's English msgid (translate it where it is shown)."""
    from segib_desktop.core.briefings.compose import SECTION_TITLES

    return SECTION_TITLES[kind][key]


def default_filename(kind: str, subject: str, lang: str, when: dt.datetime | None = None, fmt: str = "pdf") -> str:
    """nota-cumbre-XXX-es-20261129-1745.pdf (or .docx): readable, sortable, safe on every OS."""
    when = when or dt.datetime.now()
    words = {"es": {"summit": "cumbre", "country": "pais", "body": "organismo"},
             "pt": {"summit": "cupula", "country": "pais", "body": "organismo"}}[lang]
    if kind == "summit" and str(subject).strip().isdigit():
        subject = to_roman(int(subject))
    safe = "".join(ch if ch.isalnum() else "-" for ch in str(subject).strip())[:40] or "x"
    return f"nota-{words[kind]}-{safe}-{lang}-{when:%Y%m%d-%H%M%S}.{fmt}"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def generate(db: Database, kind: str, subject: str, lang: str, out: Path | str, *,
             sections: Sequence[str] | None = None, user: str = "", today: dt.date | None = None,
             progress: Callable[[int, int], None] | None = None) -> Path:
    """Writes the briefing to ``out`` (PDF or Word, by its extension) and records it; returns the file's path.

    kind "summit" takes the summit number (as text), "country" an ISO 3166 alpha-2
    code, "body" an acronym. Raises UnknownSubject for a subject not in the
    database (one sentence for the user) and BriefingNotWritten if the file
    cannot be written; nothing is recorded then.
    """
    from segib_desktop.core.briefings import compose
    from segib_desktop.core.briefings.gather import gather
    from segib_desktop.core.models import BriefingRecord

    if kind not in KINDS:
        raise ValueError(f"unknown briefing kind {kind!r}")
    if lang not in LANGUAGES:
        raise ValueError(f"briefings are written in Spanish or Portuguese, not {lang!r}")
    out = Path(out)
    fmt = format_of(out)
    if fmt is None:
        raise ValueError(f"a briefing is written to a .pdf or a .docx file, not {out.name!r}")
    allowed = compose.SECTIONS[kind]
    chosen = tuple(allowed) if sections is None else tuple(k for k in allowed if k in set(sections))
    unknown = set(sections or ()) - set(allowed)
    if unknown:
        raise ValueError(f"unknown sections for a {kind} briefing: {sorted(unknown)}")
    today = today or dt.date.today()
    user = user or db.user
    if not out.parent.is_dir():
        raise BriefingNotWritten(NO_FOLDER, folder=str(out.parent))
    started = time.perf_counter()

    # progress: gathering is the first third, layout the rest
    steps_total = len(chosen) + 2 + (6 if "coordination" in chosen else 0)
    done_steps = 0

    def report(value: int, total: int = 1000) -> None:
        if progress is not None:
            progress(min(value, total), total)

    def step() -> None:
        nonlocal done_steps
        done_steps += 1
        report(min(300, 300 * done_steps // steps_total))

    report(0)
    value = gather(db, kind, subject, lang, chosen, today=today, user=user, step=step)
    gathered = time.perf_counter()
    report(300)
    document = compose.document(value)
    last = [0]

    def laid_out(done: int, total: int) -> None:
        value = 300 + 680 * done // max(total, 1)
        if value - last[0] >= 10:
            last[0] = value
            report(value)

    # Named before it exists, so that an end at any moment (the window quitting ends its children) removes
    # it: mkstemp's name would be known only after its file was made. Its flags are mkstemp's.
    tmp = out.parent / f".briefing-{secrets.token_hex(8)}.{fmt}"
    opening = True
    try:
        fd = os.open(tmp, _NEW_FILE, 0o600)
        opening = False
        with os.fdopen(fd, "wb") as fh:
            if fmt == "pdf":
                from segib_desktop.core.briefings import pdf

                pages = pdf.render(document, fh, creator=f"SEGIB Desktop {__version__}", on_flowable=laid_out)
            else:
                from segib_desktop.core.briefings import word

                pages = None  # Word counts its own pages
                word.render(document, fh, creator=f"SEGIB Desktop {__version__}")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        if not opening:  # (when it could not be made, a file of that name is another's)
            tmp.unlink(missing_ok=True)
        raise BriefingNotWritten(path=str(out), reason=errors.os_reason(exc)) from exc
    except BaseException:  # an end at any moment, even between its making and fd's assignment
        tmp.unlink(missing_ok=True)
        raise
    built = time.perf_counter()
    digest = sha256_of(out)
    subject = _subject_key(value)
    if db.readonly:  # a database opened read-only keeps no record: the briefing is made all the same
        log.info("briefing %s %s not recorded: %s is open read-only", kind, subject, db.name)
    else:
        with db.session(write=True) as s:
            s.add(BriefingRecord(kind=kind, subject=subject, lang=lang,
                                 params={"sections": list(chosen), "today": today.isoformat(),
                                         "title": document.title, "format": fmt, "pages": pages,
                                         "seconds": round(built - started, 2)},
                                 # abspath, not resolve(): that may fail once the file is made
                                 file_path=os.path.abspath(out), sha256=digest, created_by=user))
    report(1000)
    log.info("briefing %s %s (%s, %s) written to %s: data %.2f s, layout %.2f s", kind, subject, lang, fmt, out,
             gathered - started, built - gathered)
    return out


def _subject_key(value) -> str:
    """How the record names the subject: the summit's number, the country's ISO code, the body's acronym."""
    if value.kind == "summit":
        return str(value.summit.number)
    return value.iso2 if value.kind == "country" else value.acronym
