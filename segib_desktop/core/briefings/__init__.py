"""Briefings: print-ready PDF notes on a summit, a country or a body, in Spanish or Portuguese.

``generate(db, kind, subject, lang, out)`` reads the data in one transaction,
lays it out with reportlab (A4, the bundled DejaVu fonts embedded), writes the
file atomically and records it (kind, subject, language, parameters, path,
SHA-256, who and when) in the ``briefings`` table. No Qt here: the command line
and the GUI both call it; the GUI calls it off the UI thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from segib_desktop import __version__, errors
from segib_desktop.core.db import Database
from segib_desktop.core.models import BriefingRecord
from segib_desktop.i18n import N_, to_roman

log = logging.getLogger(__name__)

KINDS = ("summit", "country", "body")
LANGUAGES = ("es", "pt")
PDF_LANG = {"es": "es-ES", "pt": "pt-BR"}
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
    message = N_("The briefing could not be written to {path}: {reason}")


NO_SUMMIT = N_("There is no summit number {subject} in the database.")
BAD_NUMBER = N_("“{subject}” is not a summit number: write it in figures, for example 30.")
NO_COUNTRY = N_("There is no country with the code “{subject}” (use the two-letter ISO code, for example AR).")
NO_FOLDER = N_("The folder {folder} does not exist: choose another place for the briefing.")
NO_BODY = N_("There is no body with the acronym “{subject}”.")


def sections_of(kind: str) -> tuple[str, ...]:
    from segib_desktop.core.briefings.compose import SECTIONS

    return SECTIONS[kind]


def section_title(kind: str, key: str) -> str:
    """The section's English msgid (translate it where it is shown)."""
    from segib_desktop.core.briefings.compose import SECTION_TITLES

    return SECTION_TITLES[kind][key]


def default_filename(kind: str, subject: str, lang: str, when: dt.datetime | None = None) -> str:
    """nota-cumbre-XXX-es-20261129-1745.pdf: readable, sortable, safe on every OS."""
    when = when or dt.datetime.now()
    words = {"es": {"summit": "cumbre", "country": "pais", "body": "organismo"},
             "pt": {"summit": "cupula", "country": "pais", "body": "organismo"}}[lang]
    if kind == "summit" and str(subject).strip().isdigit():
        subject = to_roman(int(subject))
    safe = "".join(ch if ch.isalnum() else "-" for ch in str(subject).strip())[:40] or "x"
    return f"nota-{words[kind]}-{safe}-{lang}-{when:%Y%m%d-%H%M%S}.pdf"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def generate(db: Database, kind: str, subject: str, lang: str, out: Path | str, *,
             sections: Sequence[str] | None = None, user: str = "", today: dt.date | None = None,
             progress: Callable[[int, int], None] | None = None) -> Path:
    """Writes the briefing to ``out`` and records it; returns the file's path.

    kind "summit" takes the summit number (as text), "country" an ISO 3166 alpha-2
    code, "body" an acronym. Raises UnknownSubject for a subject not in the
    database (one sentence for the user) and BriefingNotWritten if the file
    cannot be written; nothing is recorded then.
    """
    from segib_desktop.core.briefings import compose
    from segib_desktop.core.briefings import data as d
    from segib_desktop.core.briefings.pdf import BriefingDoc, PageDecor, make_styles
    from segib_desktop.core.briefings.story import Writer
    from segib_desktop.i18n import Translator

    if kind not in KINDS:
        raise ValueError(f"unknown briefing kind {kind!r}")
    if lang not in LANGUAGES:
        raise ValueError(f"briefings are written in Spanish or Portuguese, not {lang!r}")
    allowed = compose.SECTIONS[kind]
    chosen = tuple(allowed) if sections is None else tuple(k for k in allowed if k in set(sections))
    unknown = set(sections or ()) - set(allowed)
    if unknown:
        raise ValueError(f"unknown sections for a {kind} briefing: {sorted(unknown)}")
    today = today or dt.date.today()
    user = user or db.user
    subject = str(subject).strip()
    out = Path(out)
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

    t = Translator(lang)
    writer = Writer(lang, make_styles(), today)
    classification = t(CLASSIFICATION)
    report(0)
    with db.session() as s:
        if kind == "summit":
            if not subject.isdigit():
                raise UnknownSubject(BAD_NUMBER, subject=subject)
            if d.summit_by_number(s, lang, int(subject)) is None:
                raise UnknownSubject(NO_SUMMIT, subject=subject)
            briefing = compose.summit(s, writer, lang, int(subject), chosen, user, classification, step)
            subject = str(int(subject))
        elif kind == "country":
            info = d.country_info(s, lang, subject) if len(subject) == 2 else None
            if info is None:
                raise UnknownSubject(NO_COUNTRY, subject=subject)
            briefing = compose.country(s, writer, lang, info, chosen, user, classification, step)
            subject = info.iso2
        else:
            info = d.body_info(s, lang, subject)
            if info is None:
                raise UnknownSubject(NO_BODY, subject=subject)
            briefing = compose.body(s, writer, lang, info, chosen, user, classification, step)
            subject = info.acronym
    gathered = time.perf_counter()
    report(300)

    decor = PageDecor(org=t(ORGANISATION), short_title=briefing.short_title, date_text=writer.long(today),
                      page_text=t(PAGE_OF), classification=classification, contents_title=t(CONTENTS),
                      contents_page_word=t(PAGE))
    last = [0]

    def laid_out(done: int, total: int) -> None:
        value = 300 + 680 * done // max(total, 1)
        if value - last[0] >= 10:
            last[0] = value
            report(value)

    try:
        fd, tmp_name = tempfile.mkstemp(prefix=".briefing-", suffix=".pdf", dir=out.parent)
    except OSError as exc:
        raise BriefingNotWritten(path=str(out), reason=errors.os_reason(exc)) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            doc = BriefingDoc(fh, decor=decor, title=briefing.title, author=user or t(ORGANISATION),
                              subject=briefing.subject, lang=PDF_LANG[lang],
                              keywords=", ".join(("SEGIB", t(BRIEFING_NOTE), briefing.short_title)),
                              creator=f"SEGIB Desktop {__version__}", on_flowable=laid_out)
            doc.build_story(briefing.story)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BriefingNotWritten(path=str(out), reason=errors.os_reason(exc)) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    built = time.perf_counter()
    pages = decor.pages
    digest = sha256_of(out)
    with db.session(write=True) as s:
        s.add(BriefingRecord(kind=kind, subject=subject, lang=lang,
                             params={"sections": list(chosen), "today": today.isoformat(), "title": briefing.title,
                                     "pages": pages, "seconds": round(built - started, 2)},
                             file_path=str(out.resolve()), sha256=digest, created_by=user))
    report(1000)
    log.info("briefing %s %s (%s) written to %s: data %.2f s, layout %.2f s", kind, subject, lang, out,
             gathered - started, built - gathered)
    return out
