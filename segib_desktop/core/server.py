"""A shared office database on a PostgreSQL server (issue 21): ``server init`` makes its schema (the same
migrations as a SQLite file) and three group roles, for IT to grant to the officers' logins:

- ``segib_readers``: SELECT only (on the tables and the id sequences: their ``pg_dump`` is a backup). The program
  opens the database read-only for them (workspace.open_server).
- ``segib_editors``: what a reader may, and INSERT, UPDATE, DELETE on every table (and its id sequence).
- ``segib_admins``: owns the tables, so its members upgrade the schema (``db upgrade``; a newer program's
  upgrade runs as this role, whose default privileges give the new tables to readers and editors too).

The roles are the cluster's (PostgreSQL roles are not per database); the grants are this database's. Running
``server init`` again changes nothing that is already in place. Logins and passwords are IT's (docs/server.md).
"""

from __future__ import annotations

import datetime as dt
import getpass
import glob
import logging
import shutil
import subprocess
import urllib.parse
from pathlib import Path

from segib_desktop import errors, paths
from segib_desktop.core import db as dbmod
from segib_desktop.core import migrate
from segib_desktop.i18n import N_

log = logging.getLogger(__name__)

READERS, EDITORS, ADMINS = "segib_readers", "segib_editors", "segib_admins"
ROLES = (READERS, EDITORS, ADMINS)


class InitRefused(errors.SegibError):
    message = N_("server init needs a login that may create roles and owns the database {path}, such as the "
                 "one that set up the server; the login {login} may not do that. Run it as that login.")


def init(url: str) -> None:
    """Creates the roles (if missing), migrates the schema as ``segib_admins`` and grants each role its rights.
    The login running it needs CREATEROLE (or to be a superuser) and must own the database: any other is
    refused in a sentence (InitRefused), as the server refuses it."""
    from sqlalchemy.exc import DBAPIError

    try:
        _init(url)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient privilege
            raise
        log.warning("server init of %s refused: %s", url, exc.orig)
        # libpq's login when the address names none: the system's user name
        raise InitRefused(path=url, login=dbmod.server_parts(url)[3] or getpass.getuser()) from exc


def _init(url: str) -> None:
    from sqlalchemy import text

    engine = dbmod.make_server_engine(url)
    try:
        with dbmod.connect_server(engine, url) as conn, conn.begin():
            for role in ROLES:
                conn.execute(text(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
                                  f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"))
            conn.execute(text(f"GRANT {READERS} TO {EDITORS}"))
            conn.execute(text(f"GRANT {EDITORS} TO {ADMINS}"))
            conn.execute(text(f"GRANT {ADMINS} TO current_user"))  # so that it may act as their owner
            database = conn.scalar(text("SELECT current_database()"))
            conn.execute(text(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO {READERS}'))
            conn.execute(text(f"GRANT USAGE ON SCHEMA public TO {READERS}"))
            conn.execute(text(f"GRANT CREATE ON SCHEMA public TO {ADMINS}"))
            # Search (migration 0013) needs unaccent: made here, by the database's owner, which the
            # administrators' role (migrating the schema below) is not.
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent"))
    finally:
        engine.dispose()
    migrate.upgrade_server(url)  # as segib_admins (migrate.upgrade_server sets the role when it may)
    engine = dbmod.make_server_engine(url)
    try:
        with engine.begin() as conn:
            tables = conn.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).all()
            sequences = conn.scalars(text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")).all()
            for table in tables:
                conn.execute(text(f'ALTER TABLE "{table}" OWNER TO {ADMINS}'))
            for sequence in sequences:
                conn.execute(text(f'ALTER SEQUENCE "{sequence}" OWNER TO {ADMINS}'))
            conn.execute(text(migrate.HAND_OVER_FUNCTIONS))  # so that a later migration may replace them
            conn.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READERS}"))
            # and the id sequences, whose last value pg_dump reads: a reader may back the database up
            conn.execute(text(f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO {READERS}"))
            conn.execute(text(f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {EDITORS}"))
            conn.execute(text(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {EDITORS}"))
            conn.execute(text(f"ALTER DEFAULT PRIVILEGES FOR ROLE {ADMINS} IN SCHEMA public "
                              f"GRANT SELECT ON TABLES TO {READERS}"))
            conn.execute(text(f"ALTER DEFAULT PRIVILEGES FOR ROLE {ADMINS} IN SCHEMA public "
                              f"GRANT SELECT ON SEQUENCES TO {READERS}"))
            conn.execute(text(f"ALTER DEFAULT PRIVILEGES FOR ROLE {ADMINS} IN SCHEMA public "
                              f"GRANT INSERT, UPDATE, DELETE ON TABLES TO {EDITORS}"))
            conn.execute(text(f"ALTER DEFAULT PRIVILEGES FOR ROLE {ADMINS} IN SCHEMA public "
                              f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {EDITORS}"))
    finally:
        engine.dispose()
    log.info("server database %s initialised: roles %s", url, ", ".join(ROLES))


def database_missing(url: str) -> bool:
    """True if the server at ``url`` answers the same login in its maintenance database (``postgres``, else
    ``template1``) and has no database of ``url``'s name. False when it cannot tell (that login may connect
    to its own database only): the login is then what was refused."""
    import psycopg

    name = dbmod.server_parts(url)[2]
    parts = urllib.parse.urlsplit(url)
    for maintenance in ("postgres", "template1"):
        if maintenance == name:
            continue
        try:
            with psycopg.connect(parts._replace(path=f"/{maintenance}").geturl(),
                                 connect_timeout=dbmod.CONNECT_TIMEOUT_S, application_name="segib-desktop") as conn:
                return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = %s)",
                                    (name,)).fetchone()[0]
        except psycopg.Error:
            continue
    return False


# --- backups of a server database: PostgreSQL's own pg_dump (custom format) and pg_restore

class ToolMissing(errors.SegibError):
    message = N_("PostgreSQL's program {tool} was not found. Install PostgreSQL's client programs "
                 "(on Debian: postgresql-client) and try again.")


class ServerBackupFailed(errors.SegibError):
    message = N_("PostgreSQL's {tool} could not finish with {path}: {detail}")


class RightsNotGiven(errors.SegibError):
    message = N_("The database {path} has been restored, but its roles could not be given their rights: "
                 "{detail}. Run server init on it as a login that may create roles (the one that set up the "
                 "server).")


class NotEmpty(errors.SegibError):
    message = N_("The database {path} is not empty. A backup is restored into a new, empty database "
                 "(createdb), so that nothing is overwritten.")


def pg_tool(name: str) -> str | None:
    """A PostgreSQL program (``pg_dump``, ``pg_restore``, ``initdb``...): on the PATH, else in Debian's versioned
    folders, the newest first (a newer pg_dump reads an older server, not the other way round)."""
    found = shutil.which(name)
    if found:
        return found

    def version(path: str) -> int:
        part = Path(path).parts[-3]
        return int(part) if part.isdigit() else 0

    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=version)
    return candidates[-1] if candidates else None


def _run(tool: str, target: str, argv: list[str]) -> None:
    program = pg_tool(tool)
    if program is None:
        raise ToolMissing(tool=tool)
    done = subprocess.run([program, *argv], capture_output=True, text=True)
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        log.warning("%s of %s failed: %s", tool, target, done.stderr.strip())
        raise ServerBackupFailed(tool=tool, path=target, detail=detail)


def dump(url: str, folder: Path, reason: str = "manual", *, now: dt.datetime | None = None) -> Path:
    """``pg_dump -Fc`` of the database at ``url`` into ``folder`` (made private if new), named after the
    database and the time: ``<name>-YYYYMMDD-HHMMSS-<reason>.dump``. Written beside it first, then renamed, so
    that a dump that fails leaves no half file under the final name."""
    name = urllib.parse.urlsplit(url).path.strip("/") or "segib"
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    paths.private_mkdir(Path(folder))
    target = Path(folder) / f"{name}-{stamp}-{reason}.dump"
    partial = target.with_name(f".{target.name}.partial")
    try:
        _run("pg_dump", url, ["--format=custom", f"--file={partial}", f"--dbname={url}"])
        partial.chmod(0o600)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    log.info("backup of %s saved as %s", url, target)
    return target


def restore(url: str, dump_file: Path) -> None:
    """``pg_restore`` of a ``dump`` file into the empty database at ``url`` (``createdb`` first), in one
    transaction: a restore that fails leaves it empty. Owners and grants are not restored (the restoring login
    owns what it makes, and the roles may be another cluster's): ``init`` gives the roles their rights again
    at once, as ``server init`` does (the schema is upgraded if the backup is older). A login that may not
    do that gets RightsNotGiven, the data restored."""
    engine = dbmod.make_server_engine(url)
    try:
        with dbmod.connect_server(engine, url) as conn:
            has_tables = migrate.inspect_server(conn)[1]
    finally:
        engine.dispose()
    if has_tables:
        raise NotEmpty(path=url)
    _run("pg_restore", url, ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
                             f"--dbname={url}", str(dump_file)])
    log.info("%s restored from %s", url, dump_file)
    from sqlalchemy.exc import DBAPIError

    try:
        _init(url)
    except DBAPIError as exc:  # InsufficientPrivilege, say: the data is in, the rights are not
        detail = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
        log.warning("%s restored, but its roles' rights could not be given: %s", url, detail)
        raise RightsNotGiven(path=url, detail=detail) from exc
