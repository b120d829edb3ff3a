"""A throwaway PostgreSQL cluster for the tests: ``initdb`` and ``pg_ctl`` in a temporary folder, listening on a
free loopback port, stopped (and its folder removed) at the end. No mocks of the server (issue 21).

PostgreSQL refuses to run as root: where the tests run as root (CI containers), the cluster runs as
``nobody`` through ``runuser``; its folder is handed to that user.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from segib_desktop.core.server import pg_tool

SUPERUSER = "postgres"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="segib-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._as = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []

    def _run(self, *argv: str) -> None:
        subprocess.run([*self._as, *argv], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       cwd=self.folder)

    def start(self) -> Cluster:
        initdb, pg_ctl = pg_tool("initdb"), pg_tool("pg_ctl")
        if not (initdb and pg_ctl):
            raise RuntimeError("PostgreSQL's initdb and pg_ctl were not found (apt-get install -y postgresql)")
        if self._as:
            os.chmod(self.folder, 0o755)
            shutil.chown(self.folder, "nobody")
        self._run(initdb, "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")
        self._run(pg_ctl, "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        return self

    def stop(self) -> None:
        pg_ctl = pg_tool("pg_ctl")
        try:
            if pg_ctl and self.data.exists():
                self._run(pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"
