"""The PostgreSQL figures of ``make bench`` (issue 21): the large example database on a cluster of the
benchmark's own, each figure against a floor measured in the same run on the same server, and ten clients
editing at once.

The cluster (``tools/pgcluster.py``, the one the tests use) is kept in ``bench/cache/pg-large-<key>/`` with the
large database copied into it by ``db copy`` (about a minute here) as the database ``large``, keyed like the
SQLite caches (rebuilt when the demo code or the migrations change). Each run starts it, works on a copy of
``large`` (``CREATE DATABASE … TEMPLATE``, a few seconds), drops the copy and stops the cluster. Without
``initdb``/``pg_ctl`` every figure is reported as not measured, with the reason.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import run as bench
from tools import pgcluster

NAMES = ("list_open_pg", "filter_pg", "open_record_pg", "search_pg", "import_pg", "home_pg", "clients_pg")
CLIENTS = 10
ROUNDS = 10  # each client's rounds: one edit of its own mandate, then one of the shared mandate


def admin(cluster: pgcluster.Cluster, *statements: str, dbname: str = "postgres") -> None:
    import psycopg

    with psycopg.connect(cluster.url(dbname), autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


def databases(cluster: pgcluster.Cluster) -> set[str]:
    import psycopg

    with psycopg.connect(cluster.url()) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}


def cached_cluster(sqlite_db: Path) -> pgcluster.Cluster:
    """The benchmark's cluster, started, holding the large database as ``large`` (copied once by ``db copy``)."""
    from segib_desktop import paths
    from segib_desktop.core.copy import copy_database

    folder = bench.CACHE / f"pg-large-{bench.demo_fingerprint()}"
    for old in bench.CACHE.glob("pg-large-*"):
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
    cluster = pgcluster.Cluster(folder).start()
    try:
        if "large" not in databases(cluster):
            print(f"copying the large example database into PostgreSQL ({folder.name}), once…", flush=True)
            started = time.perf_counter()
            admin(cluster, "DROP DATABASE IF EXISTS large_building", "CREATE DATABASE large_building")
            dirs = paths.user_dirs(bench.CACHE / "home")
            copy_database(sqlite_db, cluster.url("large_building"), dirs)
            admin(cluster, "VACUUM ANALYZE", dbname="large_building")  # its statistics, as a server in use has
            admin(cluster, "ALTER DATABASE large_building RENAME TO large")
            print(f"  copied in {time.perf_counter() - started:.0f} s", flush=True)
    except BaseException:
        cluster.stop()
        raise
    return cluster


def fig_home(url: str, runs: int) -> tuple[float, float]:
    """The home page's figures (``read.home.figures``, one statement returning every query's rows as JSON);
    the floor: the same queries (taken from the program's own call) run one by one by bare psycopg."""
    from segib_desktop.core import db as dbmod
    from segib_desktop.core.db import Database
    from segib_desktop.core.read import home

    captured: dict = {}
    together = home._read_together

    def capture(conn, queries):
        captured.update(queries)
        return together(conn, queries)

    database = Database(url)
    try:
        home._read_together = capture
        try:
            home.figures(database)
        finally:
            home._read_together = together
        value = bench.median(lambda: bench.timed(lambda: home.figures(database)), runs)
    finally:
        database.close()
    raw = bench.raw_connection(url)
    try:
        def bare():
            for sql, params, _width in captured.values():
                raw.execute(dbmod.pyformat(sql), tuple(params)).fetchall()
        base = bench.median(lambda: bench.timed(bare), runs)
    finally:
        raw.close()
    return value, base


def fig_import(cluster: pgcluster.Cluster, exported: Path, sqlite_db: Path, folder: Path,
               runs: int) -> tuple[float, float]:
    """The large database's exchange file imported into a new, migrated server database (its ``pg_dump``
    first, as on a server it always is), until the result; the floor: the same rows inserted by SQLAlchemy
    Core ``executemany`` through psycopg into the models' bare schema, as the SQLite floor does."""
    from sqlalchemy import create_engine

    from segib_desktop.core import exchange, migrate
    from segib_desktop.core.db import Database

    admin(cluster, "DROP DATABASE IF EXISTS empty", "CREATE DATABASE empty")
    migrate.upgrade_server(cluster.url("empty"))

    def run_import():
        admin(cluster, "DROP DATABASE IF EXISTS imported WITH (FORCE)", "CREATE DATABASE imported TEMPLATE empty")
        database = Database(cluster.url("imported"))
        try:
            return bench.timed(lambda: exchange.import_file(database, exported, backups_dir=folder / "dumps"))
        finally:
            database.close()

    value = bench.median(run_import, runs)
    tables = bench.every_row(sqlite_db)

    def floor():
        admin(cluster, "DROP DATABASE IF EXISTS floor WITH (FORCE)", "CREATE DATABASE floor")
        return bench.core_insert_ms(create_engine("postgresql+psycopg://" + cluster.url("floor").split("://", 1)[1]),
                                    tables)

    base = bench.median(floor, runs)
    admin(cluster, *(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)" for name in ("imported", "floor", "empty")))
    return value, base


def lost_updates(before: str, after: str, own_after: list[str], clients: int, rounds: int) -> int:
    """The intended changes missing at the end: each client's mark of each round (`` +N.ROUND``) once in the
    shared mandate's text after its text ``before`` (a mark missing, or there twice, is one lost), and in each
    client's own mandate the text of its last round."""
    marks = after[len(before):].split(" +")[1:] if after.startswith(before) else []
    expected = {f"{n}.{r}" for n in range(clients) for r in range(rounds)}
    lost = len(expected - set(marks)) + len(marks) - len(set(marks))
    return lost + sum(not text.endswith(f"(cliente {n}, vuelta {rounds - 1})") for n, text in enumerate(own_after))


def fig_clients(url: str, home: Path, clients: int = CLIENTS, rounds: int = ROUNDS) -> dict:
    """Ten clients (processes: ``bench.probe client_pg``), each with its own connection through the program's
    services, editing at once: each its own mandate and all of them a shared one, a conflict retried after
    reading the record again, as an officer does. Each client starts, opens the database and reads its
    records, then waits for the others; the clock runs from "go" until the last is done."""
    import psycopg

    query = "SELECT id, text FROM mandates ORDER BY id LIMIT %s"
    with psycopg.connect(url) as conn:
        (shared, before), *own = conn.execute(query, (clients + 1,)).fetchall()
    before = before or ""
    env = bench.os.environ | {"BENCH_HOME": str(home), "PYTHONPATH": str(bench.ROOT)}
    started = [subprocess.Popen([sys.executable, "-m", "bench.probe", "client_pg", url, str(n), str(shared),
                                 str(own[n][0]), str(rounds)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                text=True, env=env, cwd=bench.ROOT) for n in range(clients)]
    try:
        for client in started:  # each ready: started, connected, its records read
            if client.stdout.readline().strip() != "ready":
                raise RuntimeError("a client did not start")
        start = time.perf_counter()
        for client in started:
            client.stdin.write("go\n")
            client.stdin.flush()
        reports = [json.loads(client.stdout.readline()) for client in started]
        seconds = time.perf_counter() - start
        for client in started:
            client.wait(timeout=60)
    finally:
        for client in started:
            if client.poll() is None:
                client.kill()
    with psycopg.connect(url) as conn:  # what the server holds at the end
        texts = dict(conn.execute("SELECT id, text FROM mandates WHERE id = ANY(%s)",
                                  ([shared, *(i for i, _t in own)],)).fetchall())
    lost = lost_updates(before, texts[shared] or "", [texts[i] or "" for i, _t in own], clients, rounds)
    saves = sum(r["saves"] for r in reports)
    return {"saves_per_s": saves / seconds, "saves": saves, "conflicts": sum(r["conflicts"] for r in reports),
            "lost": lost, "seconds": seconds, "changes": 2 * clients * rounds}


def measure(sqlite_db: Path, folder: Path, home: Path, runs: int, record, failed, exported: list[Path]) -> None:
    """Every PostgreSQL figure at the large scale; a figure that cannot be measured is reported, the rest still
    measured; none when this machine cannot start a cluster (reported as not measured, with the reason)."""
    reason = pgcluster.available()
    if reason:
        for name in NAMES:
            failed(name, reason, ok=None)
        return
    try:
        cluster = cached_cluster(sqlite_db)
    except Exception as exc:  # noqa: BLE001 (reported, the SQLite figures stand)
        for name in NAMES:
            failed(name, f"the cluster could not be made: {exc}")
        return
    try:
        admin(cluster, "DROP DATABASE IF EXISTS bench WITH (FORCE)", "CREATE DATABASE bench TEMPLATE large")
        url = cluster.url("bench")

        def step(names, fn):
            try:
                fn()
            except Exception as exc:  # noqa: BLE001 (a missing piece is reported, the rest still measured)
                for name in names:
                    failed(name, exc)

        def lists():
            figures = bench.fig_lists(url, home, runs)
            for name in ("list_open", "filter", "open_record"):
                record(name + "_pg", *figures[name])

        def importing():
            if not exported:
                raise RuntimeError("no exchange file (import not measured)")
            record("import_pg", *fig_import(cluster, exported[0], sqlite_db, folder, runs=3))

        def clients():
            result = fig_clients(url, home)
            note = (f"{result['saves']} saves in {result['seconds']:.1f} s, {result['conflicts']} conflicts retried; "
                    f"lost: {result['lost']} of {result['changes']} changes")
            target = bench.TARGETS["clients_pg"][1]
            record("clients_pg", result["saves_per_s"], None, note=note,
                   ok=result["lost"] == 0 and result["saves_per_s"] >= target)

        step(["list_open_pg", "filter_pg", "open_record_pg"], lists)
        step(["search_pg"], lambda: record("search_pg", *bench.fig_search(url, home, runs)))
        step(["home_pg"], lambda: record("home_pg", *fig_home(url, runs)))
        step(["import_pg"], importing)
        step(["clients_pg"], clients)
    finally:
        try:
            admin(cluster, "DROP DATABASE IF EXISTS bench WITH (FORCE)")
        finally:
            cluster.stop()
