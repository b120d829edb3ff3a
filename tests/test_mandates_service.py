"""The mandates service without screens: the log rules, pasted documents, the list's rows, the example data."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from segib_desktop import errors
from segib_desktop.core import demo
from segib_desktop.core.demo import MARK
from segib_desktop.core.demo import mandates as demo_mandates
from segib_desktop.core.models import (
    Activity,
    Document,
    DocumentKind,
    Mandate,
    MandateProgress,
    MandateStatus,
    Milestone,
    Summit,
)
from segib_desktop.core.read import mandates as read_mandates
from segib_desktop.core.services.mandates import MandateService, ProgressService

# The service, read-layer, exchange and search tests: on SQLite and on a PostgreSQL server (issue 21).
pytestmark = pytest.mark.both_engines

TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def document(db):
    with db.session() as s:
        summit_id = s.scalar(select(Summit.id).where(Summit.number == 28))
        doc = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción", summit_id=summit_id)
        s.add(doc)
        s.flush()
        return doc.id


def test_a_changed_status_in_the_form_is_written_to_the_log(db, document):
    db.user = "Paula"
    service = MandateService(db, today=TODAY)
    mandate_id = service.save(None, {"document_id": document, "point": "1", "title": "Informe"})
    values = service.get(mandate_id)
    service.save(mandate_id, values | {"status": MandateStatus.FULFILLED})
    assert read_mandates.progress_rows(db, mandate_id) == [
        (read_mandates.progress_rows(db, mandate_id)[0].id, TODAY, "Paula", "Estado cambiado en la ficha del mandato.",
         MandateStatus.FULFILLED, "", False)]
    # Stored as a code, not in the language of the screen that wrote it: each reader reads it in theirs.
    assert read_mandates.progress_rows(db, mandate_id, "pt")[0].text == "Status alterado na ficha do mandato."
    assert read_mandates.progress_rows(db, mandate_id, "en")[0].text == "Status changed in the mandate's form."
    with db.session() as s:
        assert s.execute(select(MandateProgress.text, MandateProgress.code)).one() == ("", "status_from_form")
    # Saving again without a change writes nothing.
    service.save(mandate_id, service.get(mandate_id))
    assert len(read_mandates.progress_rows(db, mandate_id)) == 1


def test_the_status_follows_the_latest_change_by_date(db, document):
    service = MandateService(db, today=TODAY)
    mandate_id = service.save(None, {"document_id": document, "point": "1", "title": "Informe"})
    log = ProgressService(db, mandate_id, today=TODAY)
    log.save(None, {"entry_date": dt.date(2026, 5, 1), "new_status": MandateStatus.IN_PROGRESS})
    log.save(None, {"entry_date": dt.date(2026, 3, 1), "new_status": MandateStatus.NOT_APPLICABLE})
    assert read_mandates.status_and_version(db, mandate_id)[0] == MandateStatus.IN_PROGRESS
    log.save(None, {"entry_date": dt.date(2026, 5, 1), "new_status": MandateStatus.ONGOING, "text": "Corrección"})
    assert read_mandates.status_and_version(db, mandate_id)[0] == MandateStatus.ONGOING  # same day: the later entry


def test_bulk_status_skips_mandates_already_there_unless_a_note_is_given(db, document):
    service = MandateService(db, today=TODAY)
    first = service.save(None, {"document_id": document, "point": "1", "title": "Uno",
                                "status": MandateStatus.FULFILLED})
    second = service.save(None, {"document_id": document, "point": "2", "title": "Dos"})
    assert service.bulk_set_status([first, second], MandateStatus.FULFILLED) == 1
    assert len(read_mandates.progress_rows(db, first)) == 0 and len(read_mandates.progress_rows(db, second)) == 1
    service.bulk_set_status([first], MandateStatus.FULFILLED, text="Confirmado por la SPT.")
    assert read_mandates.progress_rows(db, first)[0][3] == "Confirmado por la SPT."


def test_a_bulk_change_leaves_a_mandate_it_skips_as_it_is_even_where_its_log_says_another(db, document):
    """The review: the batched change set every mandate of a slice from its log, the ones it skipped (already at
    the status chosen) too: one whose stored status differs from its log's latest (an exchange file's row wins
    over the merged log) turned to the log's, the opposite of what the officer chose, and was counted."""
    from sqlalchemy import text

    service = MandateService(db, today=TODAY)
    kept = service.save(None, {"document_id": document, "point": "1", "title": "Uno"})
    other = service.save(None, {"document_id": document, "point": "2", "title": "Dos"})
    ProgressService(db, kept, today=TODAY).save(None, {"entry_date": TODAY, "new_status": MandateStatus.SUPERSEDED})
    with db.session(write=True) as s:  # what an import of the mandate's row leaves
        s.execute(text("UPDATE mandates SET status = 'in_progress', version = version + 1 WHERE id = :id"), {"id": kept})
    assert service.bulk_set_status([kept, other], MandateStatus.IN_PROGRESS) == 1
    assert read_mandates.status_and_version(db, kept)[0] == MandateStatus.IN_PROGRESS
    assert read_mandates.status_and_version(db, other)[0] == MandateStatus.IN_PROGRESS


def test_a_bulk_change_of_many_mandates_is_batched_audited_and_all_or_nothing(db, document):
    """Explore22 #1: 5,000 mandates took 15-25 s, a flush and four queries a mandate (its log, its three
    addressee links for the audit trail). Now a few queries a slice of 500, told to ``progress``."""
    from sqlalchemy import event

    from segib_desktop.core.models import AuditEntry

    service = MandateService(db, today=TODAY)
    ids = service.create_many(document, [{"point": str(n), "title": f"M{n}"} for n in range(1, 601)])
    later = TODAY + dt.timedelta(days=1)
    ProgressService(db, ids[0], today=later).save(None, {"entry_date": later,
                                                         "new_status": MandateStatus.FULFILLED})

    def counts():
        with db.session() as s:
            return (s.scalar(select(func.count()).select_from(MandateProgress)),
                    s.scalar(select(func.count()).select_from(AuditEntry)))

    before = counts()

    def cancel(done, total):
        raise KeyboardInterrupt  # as a cancel would: nothing written

    with pytest.raises(KeyboardInterrupt):
        service.bulk_set_status(ids, MandateStatus.ONGOING, progress=cancel)
    assert counts() == before
    selects, told = [], []

    def count(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        changed = service.bulk_set_status(ids, MandateStatus.ONGOING, progress=lambda d, t: told.append((d, t)))
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert changed == 599  # the first one's latest change is dated later: it stays fulfilled
    assert told == [(500, 600), (600, 600)]
    assert len(selects) < 30  # was 4 a mandate
    with db.session() as s:
        assert dict(s.execute(select(Mandate.status, func.count()).group_by(Mandate.status)).all()) == {
            MandateStatus.ONGOING: 599, MandateStatus.FULFILLED: 1}
    # Every entry and every mandate changed is in the audit trail, as one by one.
    assert counts() == (before[0] + 600, before[1] + 600 + 599)
    assert service.bulk_set_area(ids, None, text="x") == 0  # none had an area
    assert counts() == (before[0] + 600, before[1] + 600 + 599)


def test_create_many_is_all_or_nothing(db, document):
    service = MandateService(db, today=TODAY)
    points = [{"point": "1", "title": "Uno", "text": "Texto\nuno"}, {"point": "2", "title": "", "text": "Dos"}]
    with pytest.raises(errors.ValidationError) as caught:
        service.create_many(document, points)
    assert caught.value.field_messages()["points"] == "Punto 2: Este campo es obligatorio."
    points[1]["title"] = "Dos"
    points.append({"point": "3", "code": "XXVIII-PA-1", "title": "Tres"})  # the code of point 1
    with pytest.raises(errors.ValidationError):
        service.create_many(document, points)
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Mandate)) == 0
    ids = service.create_many(document, points[:2])
    assert [service.get(i)["code"] for i in ids] == ["XXVIII-PA-1", "XXVIII-PA-2"]
    assert service.get(ids[0])["text"] == "Texto\nuno"
    with pytest.raises(errors.ValidationError):
        service.create_many(document, [])


def test_list_rows_and_the_folded_texts(db, document):
    service = MandateService(db, today=TODAY)
    a = service.save(None, {"document_id": document, "point": "10", "title": "Décimo",
                            "text": "Ejecución del PACCI", "due_date": dt.date(2026, 1, 1)})
    b = service.save(None, {"document_id": document, "point": "2", "title": "Segundo", "due_date": TODAY})
    rows = read_mandates.list_rows(db, "es", today=TODAY)
    assert [r.id for r in rows] == [b, a]  # points in numeric order
    assert [r.overdue for r in rows] == [False, True]  # due today is not overdue yet
    folded = read_mandates.SearchTexts(db).fold(rows)
    assert folded[a] == "xxviii-pa-10 decimo ejecucion del pacci"
    assert read_mandates.list_rows(db, "es", today=TODAY, ids=[a])[0].id == a


def test_the_example_data(db):
    added = demo.fill(db, today=TODAY)
    assert 140 <= added["mandates"] - len(demo_mandates.AREAS) <= 160
    with db.session() as s:
        mandates = s.scalars(select(Mandate)).all()
        assert all(MARK in m.tags for m in mandates)
        assert {m.document.summit_id or m.document.meeting.summit_id for m in mandates} <= {
            s.scalar(select(Summit.id).where(Summit.number == n)) for n in (28, 29, 30)}
        assert s.scalar(select(func.count()).select_from(MandateProgress)) > 150
        assert len({m.status for m in mandates}) >= 5
        for m in mandates:  # the status is that of the latest change in the log
            latest = s.scalar(select(MandateProgress.new_status)
                              .where(MandateProgress.mandate_id == m.id, MandateProgress.new_status.is_not(None))
                              .order_by(MandateProgress.entry_date.desc(), MandateProgress.id.desc()).limit(1))
            assert m.status == (latest or MandateStatus.NOT_STARTED), m.code
            assert all(p.entry_date <= TODAY for p in m.progress)
    rows = read_mandates.list_rows(db, "es", today=TODAY)
    assert any(r.overdue for r in rows)


def test_list_rows_are_the_records_in_the_lists_order(db):
    """Every field of the list's rows as the records say, in its order (a mandate's code order, read.rules):
    newest summit first, a summit's own documents before its meetings', then each document's points as
    people read them (read_mandates.list_rows builds its rows column by column, and sorts them in Python)."""
    from segib_desktop.core.read import rules

    demo.fill(db, today=TODAY)
    rows = read_mandates.list_rows(db, "es", today=TODAY)
    with db.session() as s:
        labels = read_mandates.document_labels(s, "es")
        mandates = s.scalars(select(Mandate)).all()
        expected = sorted(mandates, key=lambda m: (labels[m.document_id].sort, rules.point_order(m.point), m.id))
        assert len({labels[m.document_id].sort[0] for m in mandates}) >= 3  # several cycles to order
        assert [r.id for r in rows] == [m.id for m in expected]
        for place, (row, m) in enumerate(zip(rows, expected, strict=True)):
            label = labels[m.document_id]
            assert type(row) is read_mandates.MandateRow
            assert tuple(row) == (m.id, m.code, m.title, label.short, m.area.name if m.area else "", m.due_date,
                                  m.status, m.priority, rules.is_overdue(m.status, m.due_date, TODAY),
                                  label.summit_id, label.meeting_id, label.kind, m.area_id, m.recurrence,
                                  m.review_date, place)
    assert any(r.overdue for r in rows) and any(r.meeting_id for r in rows) and any(r.review_date for r in rows)


def test_the_bulk_scales_declare_the_benchmarks_volumes():
    """The benchmark's two databases (docs/performance.md): the huge one is ten times the large one."""
    large, huge = demo.SCALES["large"], demo.SCALES["huge"]
    assert large == demo.Volume(mandates=20_000, progress=60_000, activities=10_000, milestones=5_000)
    assert huge == demo.Volume(mandates=200_000, progress=600_000, activities=100_000, milestones=50_000)
    assert demo.SCALES["small"] is None and not demo.DemoContext(db=None).large
    assert demo.DemoContext(db=None, scale="huge").volume == huge


def test_the_large_example_data_in_bulk(db):
    """The bulk path of the large and huge scales, run at a volume small enough for a test."""
    volume = demo.Volume(mandates=900, progress=2700, activities=300, milestones=400)
    demo.fill(db, "large", today=TODAY, volume=volume)
    with db.session() as s:
        total = s.scalar(select(func.count()).select_from(Mandate))
        entries = s.scalar(select(func.count()).select_from(MandateProgress))
        assert s.scalar(select(func.count()).select_from(Activity)) == 300
        assert s.scalar(select(func.count()).select_from(Milestone)) == 400
        codes = s.scalars(select(Mandate.code)).all()
        assert len(codes) == len(set(codes))
        # The status is that of the latest change, in bulk too.
        wrong = s.execute(select(Mandate.code).where(Mandate.status != func.coalesce(
            select(MandateProgress.new_status)
            .where(MandateProgress.mandate_id == Mandate.id, MandateProgress.new_status.is_not(None))
            .order_by(MandateProgress.entry_date.desc(), MandateProgress.id.desc()).limit(1).scalar_subquery(),
            "not_started"))).all()
    assert 880 <= total <= 920 and entries >= 2500
    assert wrong == []
