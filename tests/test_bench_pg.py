"""``make bench``'s ten clients editing at once on PostgreSQL (``clients_pg``, bench/pg.py): its clients edit
through the program's services against the session's own cluster, and its check finds every intended change
at the end, or counts the ones lost. (Its speed is the benchmark's, not asserted here.)"""

from __future__ import annotations

import psycopg

from bench import pg
from segib_desktop.core import demo
from segib_desktop.core.workspace import open_workspace


def test_clients_editing_the_same_and_their_own_mandates_at_once_lose_no_update(pg_database, dirs, tmp_path):
    with open_workspace(pg_database, dirs, user="tester") as ws:
        demo.fill(ws.db, "small")
    edits = "SELECT count(*) FROM audit_log WHERE table_name = 'mandates' AND action = 'update'"
    with psycopg.connect(pg_database) as conn:
        before = conn.execute("SELECT text FROM mandates ORDER BY id LIMIT 1").fetchone()[0]
        edits_before = conn.execute(edits).fetchone()[0]
    result = pg.fig_clients(pg_database, tmp_path / "home", clients=3, rounds=4)
    assert (result["lost"], result["saves"], result["changes"]) == (0, 24, 24)
    with psycopg.connect(pg_database) as conn:
        shared = conn.execute("SELECT text FROM mandates ORDER BY id LIMIT 1").fetchone()[0]
        edits_after = conn.execute(edits).fetchone()[0]
    assert sorted(shared.removeprefix(before).split(" +")[1:]) == sorted(f"{n}.{r}" for n in range(3)
                                                                       for r in range(4))
    assert edits_after - edits_before == 24  # every save through the services, each in the audit trail


def test_the_check_counts_each_lost_change():
    before, own = "Texto", ["a (cliente 0, vuelta 1)", "b (cliente 1, vuelta 1)"]
    after = before + " +0.0 +1.0 +0.1 +1.1"
    assert pg.lost_updates(before, after, own, 2, 2) == 0
    assert pg.lost_updates(before, before + " +0.0 +1.0 +1.1", own, 2, 2) == 1  # one overwritten by another
    assert pg.lost_updates(before, after + " +1.1", own, 2, 2) == 1  # one written twice
    assert pg.lost_updates(before, after, ["a (cliente 0, vuelta 0)", own[1]], 2, 2) == 1  # a last edit lost
    assert pg.lost_updates(before, "Otro" + after[5:], own, 2, 2) == 4  # the text before overwritten
