"""A PostgreSQL cluster of our own, for the tests and the benchmark: ``initdb`` and ``pg_ctl`` in a folder,
listening on a free loopback port. No mocks of the server (issue 21).

The tests' cluster is a throwaway one (a temporary folder, removed when it stops); the benchmark's is kept
in its cache folder between runs (``Cluster(folder)``: made once, then only started and stopped), so that
the large example database is copied into it once.

PostgreSQL refuses to run as root: where this runs as root (CI containers), the cluster runs as ``nobody``
through ``runuser``; its folder is handed to that user.
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


def available() -> str | None:
    """Why no cluster can be started here (initdb or pg_ctl missing), or None."""
    missing = [name for name in ("initdb", "pg_ctl") if not pg_tool(name)]
    if missing:
        return (f"PostgreSQL's {' and '.join(missing)} {'were' if len(missing) > 1 else 'was'} not found "
                "(make postgresql installs Debian's postgresql)")
    return None


class Cluster:
    def __init__(self, folder: Path | None = None) -> None:
        """``folder``: a cluster kept there (made by the first ``start``); none: a throwaway one."""
        self.kept = folder is not None
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
        self.folder = (folder or Path(tempfile.mkdtemp(prefix="segib-pg-"))).resolve()
        self.data = self.folder / "data"
        self.port = _free_port()
        self._as = ["runuser", "-u", "nobody", "--"] if os.geteuid() == 0 else []

    def _run(self, *argv: str) -> None:
        subprocess.run([*self._as, *argv], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       cwd=self.folder)

    def start(self) -> Cluster:
        reason = available()
        if reason:
            raise RuntimeError(reason)
        initdb, pg_ctl = pg_tool("initdb"), pg_tool("pg_ctl")
        if self._as:
            os.chmod(self.folder, 0o755)
            shutil.chown(self.folder, "nobody")
        if self.kept and subprocess.run([*self._as, pg_ctl, "-D", str(self.data), "status"], cwd=self.folder,
                                        capture_output=True).returncode == 0:
            self._run(pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")  # left running by a run cut short
        if not (self.data / "PG_VERSION").exists():
            shutil.rmtree(self.data, ignore_errors=True)  # an initdb cut short
            self._run(initdb, "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                      "--locale=C.UTF-8")
        self._run(pg_ctl, "-D", str(self.data), "-l", str(self.folder / "log"), "-w", "-o",
                  f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off", "start")
        return self

    def stop(self) -> None:
        pg_ctl = pg_tool("pg_ctl")
        try:
            if pg_ctl and self.data.exists():
                self._run(pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            if not self.kept:
                shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"
