"""Mandates from a spreadsheet: real .xlsx files made here with openpyxl, read by the core, the command line
and the dialog."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import openpyxl
import pytest
from sqlalchemy import func, select

from segib_desktop import errors, i18n
from segib_desktop.core import xlsx_import
from segib_desktop.core.models import (
    Area,
    AuditEntry,
    Document,
    DocumentKind,
    Mandate,
    MandateStatus,
    Priority,
    Summit,
)

HEADERS = ["Punto", "Título", "Texto", "Fecha límite", "Estado", "Prioridad", "Área responsable"]
GOOD = [
    [1, "Informe anual", "Presentar un informe, con cifras;\ny anexos.", dt.datetime(2026, 6, 30), "En curso", "Alta",
     "Cooperación"],
    ["2", "Plan de trabajo", "Elaborar el plan.", "15/09/2026", "Não iniciado", "low", None],
    ["1.a", "Reunión técnica", "", None, "", "", ""],
]


def workbook(path, rows, headers=HEADERS, *, title: str | None = None, merge_header: bool = False):
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.append(headers)
    if merge_header:  # "Fecha límite" over two columns, the second one empty
        row = sheet.max_row
        sheet.insert_cols(5)
        sheet.cell(row, 5).value = None
        sheet.merge_cells(start_row=row, start_column=4, end_row=row, end_column=5)
        rows = [r[:4] + [None] + r[4:] for r in rows]
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def document(db):
    with db.session(write=True) as s:
        summit_id = s.scalar(select(Summit.id).where(Summit.number == 30))
        s.add(Area(name="Cooperación"))
        doc = Document(kind=DocumentKind.ACTION_PROGRAMME, title="Programa de Acción", summit_id=summit_id)
        s.add(doc)
        s.flush()
        return doc.id


def mandates(db) -> list[tuple]:
    with db.session() as s:
        return [tuple(r) for r in s.execute(select(Mandate.point, Mandate.code, Mandate.title, Mandate.text,
                                                   Mandate.due_date, Mandate.status, Mandate.priority,
                                                   Mandate.area_id).order_by(Mandate.id))]


@pytest.mark.both_engines  # issue 21: on a server the backup first is a pg_dump
def test_good_rows_come_in_with_their_values_and_audit(db, document, tmp_path, dirs, engine):
    sheet = xlsx_import.read(workbook(tmp_path / "m.xlsx", GOOD, title="Mandatos de la XXX Cumbre"))
    assert sheet.header_row == 2  # under the merged title
    mapping = xlsx_import.guess(sheet.headers)
    assert mapping == ["point", "title", "text", "due_date", "status", "priority", "area"]
    ids, backup = xlsx_import.import_rows(db, sheet, mapping, document, backups_dir=dirs.backups)
    assert len(ids) == 3 and backup.is_file() and backup.parent == dirs.backups
    assert backup.read_bytes()[:5] == (b"PGDMP" if engine == "postgresql" else b"SQLit")  # a pg_dump, a copy
    rows = mandates(db)
    assert rows[0][:7] == ("1", "XXX-PA-1", "Informe anual", "Presentar un informe, con cifras;\ny anexos.",
                           dt.date(2026, 6, 30), MandateStatus.IN_PROGRESS, Priority.HIGH)
    assert rows[0][7] is not None
    assert rows[1][4:7] == (dt.date(2026, 9, 15), MandateStatus.NOT_STARTED, Priority.LOW)
    assert rows[2][:3] == ("1.a", "XXX-PA-1.a", "Reunión técnica")
    assert rows[2][5:] == (MandateStatus.NOT_STARTED, Priority.MEDIUM, None)
    with db.session() as s:
        audited = s.scalar(select(func.count()).where(AuditEntry.table_name == "mandates",
                                                      AuditEntry.action == "create"))
    assert audited == 3


@pytest.mark.both_engines
def test_bad_rows_are_listed_by_row_and_column_and_nothing_changes(db, document, tmp_path, dirs):
    rows = GOOD + [
        [3, "", "Sin título", None, "", "", ""],
        [4, "Fecha mala", "", "31/02/2026", "", "", ""],
        [5, "Estado raro", "", None, "Terminado", "", ""],
        [6, "Área desconocida", "", None, "", "", "Protocolo"],
        [7, "Fórmula", "", "=TODAY()+30", "", "", ""],
        [1, "Repetido", "", None, "", "", ""],
    ]
    path = workbook(tmp_path / "m.xlsx", rows)
    sheet = xlsx_import.read(path)
    mapping = xlsx_import.guess(sheet.headers)
    checked = xlsx_import.check(db, sheet, mapping, document)
    lines = [p.text() for p in checked.problems]
    assert lines == [
        "Fila 5, columna B (Título): Este campo es obligatorio.",
        "Fila 6, columna D (Fecha límite): “31/02/2026” no es una fecha: febrero de 2026 no tiene día 31.",
        "Fila 7, columna E (Estado): “Terminado” no es un valor conocido; use uno de: No iniciado, En curso, "
        "Cumplido, Permanente, Superado, No aplicable.",
        "Fila 8, columna G (Área responsable): No hay ningún área llamada “Protocolo”; añádala antes "
        "(Mandatos > Áreas y usuario…) o deje la celda vacía.",
        "Fila 9, columna D (Fecha límite): La celda tiene una fórmula cuyo resultado no está guardado en el "
        "archivo; ábralo en Excel, guárdelo e inténtelo de nuevo.",
        "Fila 10, columna A (Punto): La fila 2 da el mismo código XXX-PA-1.",
    ]
    before = len(list(dirs.backups.iterdir()))
    with pytest.raises(xlsx_import.SheetProblems) as caught:
        xlsx_import.import_rows(db, sheet, mapping, document, backups_dir=dirs.backups)
    assert "6 filas tienen problemas" in caught.value.user_message()
    assert mandates(db) == []
    assert len(list(dirs.backups.iterdir())) == before  # no backup either: nothing was about to change


@pytest.mark.both_engines
def test_merged_header_cells_and_remembered_mapping(db, document, tmp_path):
    sheet = xlsx_import.read(workbook(tmp_path / "m.xlsx", GOOD, merge_header=True))
    assert sheet.headers[3] == sheet.headers[4] == "Fecha límite"  # the merged cell covers both columns
    assert sheet.continued == {4}
    guessed = xlsx_import.mapping_for(db, sheet)
    assert guessed[3] == "due_date" and guessed[4] is None  # one header over two columns: its first one
    assert xlsx_import.mapping_problem(sheet, guessed) is None
    assert xlsx_import.remembered(db, sheet) is None
    chosen = list(guessed)
    chosen[2] = None  # the officer leaves the text out
    xlsx_import.remember(db, sheet, chosen)
    assert xlsx_import.mapping_for(db, sheet) == chosen
    again = xlsx_import.read(workbook(tmp_path / "n.xlsx", GOOD[:1], merge_header=True))
    assert xlsx_import.mapping_for(db, again) == chosen  # same headers, same mapping


def test_not_a_workbook(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(errors.SegibError) as caught:
        xlsx_import.read(path)
    assert "no se puede leer como un libro de Excel" in caught.value.user_message()


def test_a_workbook_that_cannot_be_opened_is_not_called_a_bad_workbook(tmp_path):
    """explore18: a workbook another program held (Windows) was "not an Excel workbook": the officer looked for
    a fault in a good file. Here a file one may not open; on Windows a sharing violation says so too
    (errors.os_reason)."""
    with pytest.raises(errors.SegibError) as caught:
        xlsx_import.read(tmp_path / "no-such-folder" / "mandatos.xlsx")
    assert caught.value.user_message() == (f"No se puede abrir el archivo {tmp_path / 'no-such-folder' / 'mandatos.xlsx'}"
                                           ": la carpeta no existe. No se ha importado nada.")
    held = OSError(13, "Permission denied")
    held.winerror = 32  # ERROR_SHARING_VIOLATION, as Windows gives it
    assert errors.os_reason(held) == "otro programa tiene el archivo abierto"


@pytest.mark.both_engines
def test_summit_document(db, document):
    assert xlsx_import.summit_document(db, 30, "action_programme")[0] == document
    with pytest.raises(errors.SegibError) as caught:
        xlsx_import.summit_document(db, 30, "declaration")
    with pytest.raises(errors.SegibError):
        xlsx_import.summit_document(db, 99, "declaration")
    # Each kind's label has its own gender ("ninguna Compromiso"), the summit's name already says "Summit"
    # ("Summit XXX Ibero-American Summit"), and the documents are on the Meetings page, under Documents.
    said = {}
    for lang in ("es", "pt", "en"):  # the names put into the sentence are those of the language in use
        i18n.set_language(lang)
        with pytest.raises(errors.SegibError) as caught:
            xlsx_import.summit_document(db, 30, "commitment")
        said[lang] = caught.value.user_message()
    assert said == {
        "es": "La XXX Cumbre Iberoamericana no tiene ningún documento de tipo «Compromiso» en la base de datos: "
              "añádalo antes (Reuniones > Documentos) e importe de nuevo.",
        "pt": "A XXX Cúpula Ibero-Americana não tem nenhum documento do tipo “Compromisso” no banco de dados: "
              "adicione-o antes (Reuniões > Documentos) e importe de novo.",
        "en": "The XXX Ibero-American Summit has no document of the kind “Commitment” in the database: add it first "
              "(Meetings > Documents), then import again."}
    with pytest.raises(errors.SegibError) as caught:
        xlsx_import.summit_document(db, 30, "action_programme", "7")
    assert caught.value.user_message() == (
        "The XXX Ibero-American Summit has no document of the kind “Programme of Action” numbered “7”.")


def run_cli(home, *args):
    env = os.environ | {"SEGIB_DESKTOP_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "segib_desktop", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_the_command_line(tmp_path, dirs, workspace):
    from segib_desktop.core.services.cycle import DocumentService

    with workspace.db.session() as s:
        summit_id = s.scalar(select(Summit.id).where(Summit.number == 30))
    DocumentService(workspace.db).save(None, {"kind": DocumentKind.DECLARATION, "title": "Declaración de Madrid",
                                              "summit_id": summit_id})
    path = workspace.path
    workspace.close()
    good = workbook(tmp_path / "good.xlsx", [r[:6] for r in GOOD], HEADERS[:6])
    bad = workbook(tmp_path / "bad.xlsx", [r[:6] for r in GOOD] + [[9, "", "", "ayer", "", ""]], HEADERS[:6])
    home = tmp_path / "home"
    failed = run_cli(home, "import-xlsx", str(bad), "--summit", "30", "--document", "declaration", "--db", str(path))
    assert failed.returncode == 1
    assert "Fila 5, columna B (Título): Este campo es obligatorio." in failed.stderr
    assert "Fila 5, columna D (Fecha límite): “ayer” no es una fecha" in failed.stderr
    assert "Traceback" not in failed.stderr
    import sqlite3

    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM mandates").fetchone()[0] == 0  # nothing changed
    untitled = workbook(tmp_path / "sin.xlsx", [["a", "b"]], ["Columna 1", "Columna 2"])
    no_title = run_cli(home, "import-xlsx", str(untitled), "--summit", "30", "--document", "declaration",
                       "--db", str(path))
    assert no_title.returncode == 1 and "Ninguna columna de" in no_title.stderr
    missing = run_cli(home, "import-xlsx", str(good), "--summit", "30", "--document", "resolution", "--db", str(path))
    assert missing.returncode == 1 and "no tiene ningún documento de tipo «Resolución»" in missing.stderr
    ok = run_cli(home, "import-xlsx", str(good), "--summit", "30", "--document", "declaration", "--db", str(path))
    assert ok.returncode == 0, ok.stderr
    assert "3 mandatos importados" in ok.stdout
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM mandates").fetchone()[0] == 3


def test_the_command_line_imports_into_a_server_database_after_a_pg_dump(tmp_path, dirs, pg_database, capsys):
    """``import-xlsx --db postgresql://…`` (issue 21): the backup first is the server's pg_dump."""
    from segib_desktop import cli
    from segib_desktop.core.services.cycle import DocumentService
    from segib_desktop.core.workspace import open_workspace

    with open_workspace(pg_database, dirs) as ws:
        with ws.db.session() as s:
            summit_id = s.scalar(select(Summit.id).where(Summit.number == 30))
        DocumentService(ws.db).save(None, {"kind": DocumentKind.DECLARATION, "title": "Declaración de Madrid",
                                           "summit_id": summit_id})
    good = workbook(tmp_path / "good.xlsx", [r[:6] for r in GOOD], HEADERS[:6])
    assert cli.main(["--db", pg_database, "import-xlsx", str(good), "--summit", "30", "--document",
                     "declaration"]) == 0
    out = capsys.readouterr().out
    assert "3 mandatos importados" in out
    (dump,) = dirs.backups.glob("*-import.dump")
    assert str(dump) in out and dump.read_bytes()[:5] == b"PGDMP"
    with open_workspace(pg_database, dirs) as ws:
        assert [row[2] for row in mandates(ws.db)] == ["Informe anual", "Plan de trabajo", "Reunión técnica"]


def test_a_date_alone_is_not_the_due_date_and_two_columns_for_one_field_are_named(db, document, tmp_path, dirs):
    """explore11 #2: "Fecha" (the adoption's day) was taken as the due date and "Plazo" dropped unseen; the
    second of two "Título" columns was dropped too."""
    dated = xlsx_import.read(workbook(tmp_path / "fechas.xlsx", [
        [101, "Informe", dt.datetime(2026, 11, 5), dt.datetime(2027, 6, 30), "Ana", "Cooperación"]],
        ["Nº", "Mandato", "Fecha", "Plazo", "Responsable", "Área"]))
    mapping = xlsx_import.guess(dated.headers)
    assert mapping == ["point", "title", None, "due_date", "officer", "area"]
    assert xlsx_import.mapping_lines(dated, mapping)[2:4] == ["Columna C (Fecha): no se importa.",
                                                              "Columna D (Plazo): Fecha límite."]
    assert xlsx_import.guess(["Data", "Prazo"]) == [None, "due_date"]
    xlsx_import.import_rows(db, dated, mapping, document, backups_dir=dirs.backups)
    assert mandates(db)[0][4] == dt.date(2027, 6, 30)

    titled = xlsx_import.read(workbook(tmp_path / "titulos.xlsx", [[1, "a", "b"]], ["Punto", "Título", "Título"]))
    mapping = xlsx_import.guess(titled.headers)
    assert mapping == ["point", "title", "title"]  # both, for the officer to choose: neither one dropped
    assert xlsx_import.clashes(mapping) == {"title": [1, 2]}
    msgid, params = xlsx_import.mapping_problem(titled, mapping)
    assert msgid == xlsx_import.TWICE and params == {"field": "Título", "columns": "B (Título) y C (Título)"}
    with pytest.raises(errors.SegibError) as caught:
        xlsx_import.import_rows(db, titled, mapping, document, backups_dir=dirs.backups)
    assert "B (Título) y C (Título)" in caught.value.user_message()
    assert len(mandates(db)) == 1  # only the first file's


def test_the_command_line_names_each_columns_field_and_stops_on_two_for_one(tmp_path, dirs, workspace, capsys):
    from segib_desktop import cli
    from segib_desktop.core.services.cycle import DocumentService

    with workspace.db.session() as s:
        summit_id = s.scalar(select(Summit.id).where(Summit.number == 30))
    DocumentService(workspace.db).save(None, {"kind": DocumentKind.DECLARATION, "title": "Declaración",
                                              "summit_id": summit_id})
    path = str(workspace.path)
    workspace.close()
    twice = workbook(tmp_path / "dos.xlsx", [[1, "a", "b"]], ["Punto", "Título", "Título"])
    assert cli.main(["--db", path, "import-xlsx", str(twice), "--summit", "30", "--document", "declaration"]) == 1
    err = capsys.readouterr().err
    assert (f"Las columnas B (Título) y C (Título) de {twice} podrían ser cada una el campo «Título», así que no "
            "se ha importado nada") in err
    dated = covered(tmp_path / "fechas.xlsx", [[7, "Informe", "05/11/2026", "30/06/2027"]],
                    ["Nº", "Mandato", "Fecha", "Plazo"])
    assert cli.main(["--db", path, "import-xlsx", str(dated), "--summit", "30", "--document", "declaration"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Los mandatos se leen de la hoja «Mandatos».\n")  # the second one (explore11 #15)
    assert "Columna C (Fecha): no se importa.\nColumna D (Plazo): Fecha límite.\n" in out
    import sqlite3

    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT title, due_date FROM mandates").fetchall() == [("Informe", "2027-06-30")]


def covered(path, rows, headers=HEADERS):
    """A workbook whose first sheet, "Portada", holds a line of text, and whose mandates are on "Mandatos"."""
    book = openpyxl.Workbook()
    book.active.title = "Portada"
    book.active.append(["Seguimiento de los mandatos de la XXX Cumbre"])
    sheet = book.create_sheet("Mandatos")
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_the_mandates_are_read_from_the_sheet_that_has_them(db, document, tmp_path, dirs):
    """explore11 #15: mandates on a workbook's second sheet were "no rows of mandates", the sheet unsaid."""
    sheet = xlsx_import.read(covered(tmp_path / "portada.xlsx", GOOD))
    assert (sheet.name, sheet.sheets, sheet.header_row, len(sheet.rows)) == ("Mandatos", 2, 1, 3)
    assert xlsx_import.guess(sheet.headers)[:2] == ["point", "title"]
    with pytest.raises(errors.SegibError) as caught:
        xlsx_import.read(covered(tmp_path / "vacia.xlsx", []))
    assert caught.value.user_message() == (
        f"La hoja «Mandatos» de {tmp_path / 'vacia.xlsx'} no tiene filas de mandatos bajo su fila de encabezados; "
        "los mandatos se leen de la primera hoja cuya fila de encabezados nombra sus campos (como «Título») o, "
        "si no la hay, de la primera hoja.")


def test_checking_and_importing_many_rows_reads_the_documents_and_codes_once(db, document, tmp_path, dirs):
    """explore11 #18: five queries a row made a field's change in the window take 4 s for 5,000 rows."""
    from sqlalchemy import event

    rows = [[n, f"Mandato {n}", "", "30/06/2027", "", "", ""] for n in range(1, 201)]
    sheet = xlsx_import.read(workbook(tmp_path / "muchas.xlsx", rows))
    mapping = xlsx_import.guess(sheet.headers)
    statements = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert xlsx_import.check(db, sheet, mapping, document).problems == []
        assert len(statements) < 20  # not a few for each of the 200 rows
        told = []
        ids, _backup = xlsx_import.import_rows(db, sheet, mapping, document, backups_dir=dirs.backups,
                                               progress=lambda done, total: told.append((done, total)))
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(ids) == 200 and told[0] == (1, 200) and told[-1] == (200, 200)
    assert sum(s.lstrip().upper().startswith("SELECT") for s in statements) < 40  # the import too
