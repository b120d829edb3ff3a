"""Checks that a built program really works on a PostgreSQL server (issue 21): the bundle carries psycopg and
its libpq, and its commands run against a real cluster (tools/pgcluster.py: initdb and pg_ctl in a temporary
folder, a loopback port, stopped at the end). Used by tools/check_bundle.sh (Linux) and tools/windows/check.sh
(the Windows program under Wine, which reaches the same Linux cluster over loopback TCP).

    .venv/bin/python tools/check_bundle_server.py dist/segib-desktop/segib-desktop
    .venv/bin/python tools/check_bundle_server.py --wine dist/windows/segib-desktop/segib-desktop-cli.exe

The bundled program prepares a new server database (``server init``), fills it (``demo``), describes it
(``db info``), searches it without accents (PostgreSQL's full-text search with ``unaccent``) and exports it; the
source program then exports the same database: the two files must be the same, byte for byte. Exits 1 at the
first check that fails, saying which.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from tools.pgcluster import Cluster  # noqa: E402

DATABASE = "segib_office"


def fail(message: str) -> None:
    sys.exit(f"check_bundle_server: {message}")


class Program:
    """The bundled program, run as a user would: under Wine (output in the console's code page, cp1252,
    through a pipe as Wine needs), or on Linux with an empty environment and no Python on the PATH."""

    def __init__(self, exe: Path, scratch: Path, wine: bool) -> None:
        self.exe, self.wine, self.home = exe, wine, scratch / "home"
        (scratch / "bin").mkdir()
        self.home.mkdir()
        if wine:
            self.env = os.environ | {"SEGIB_DESKTOP_HOME": self.path(scratch / "home")}
        else:
            self.env = {"PATH": str(scratch / "bin"), "HOME": str(scratch / "home"), "QT_QPA_PLATFORM": "offscreen",
                        "SEGIB_DESKTOP_HOME": str(scratch / "home")}

    def path(self, path: Path) -> str:
        """A file's name as the program sees it (Z:\\... under Wine)."""
        return "Z:" + str(path.resolve()).replace("/", "\\") if self.wine else str(path)

    def run(self, url: str, *args: str) -> str:
        argv = ["wine", str(self.exe)] if self.wine else [str(self.exe)]
        result = subprocess.run([*argv, "--lang", "en", "--db", url, *args], capture_output=True, env=self.env,
                                timeout=600)
        output = (result.stdout + result.stderr).decode("cp1252" if self.wine else "utf-8", errors="replace")
        print(f"== {' '.join(args)}: exit status {result.returncode}")
        if result.returncode != 0 or "Unhandled exception" in output:
            logs = "".join(log.read_text(encoding="utf-8", errors="replace")[-4000:] for log in self.home.rglob("*.log"))
            fail(f"'{' '.join(args)}' failed on the server database:\n{output}\nThe program's log:\n{logs}")
        return output


def check(program: Program, cluster: Cluster, scratch: Path) -> None:
    import psycopg

    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {DATABASE}")
    url = cluster.url(DATABASE)
    program.run(url, "server", "init")
    program.run(url, "demo")
    info = program.run(url, "db", "info")
    if f"Database: {url}" not in info or "summits: 31" not in info:
        fail(f"'db info' does not describe the server database ({url}, 31 summits):\n{info}")
    found = program.run(url, "search", "declaracion cuenca")  # no accent: the server's unaccent matches it
    if "Declaración de Cuenca" not in found:
        fail(f"the search for 'declaracion cuenca' did not find the 'Declaración de Cuenca':\n{found}")
    program.run(url, "export", program.path(scratch / "bundle.json"))
    source = subprocess.run([sys.executable, "-m", "segib_desktop", "--lang", "en", "--db", url, "export",
                             str(scratch / "source.json")], capture_output=True, text=True, cwd=ROOT,
                            env=os.environ | {"SEGIB_DESKTOP_HOME": str(scratch / "source-home")})
    if source.returncode != 0:
        fail(f"the source program's export failed:\n{source.stdout}{source.stderr}")
    bundle, source = ((scratch / name).read_bytes().splitlines(keepends=True) for name in ("bundle.json", "source.json"))
    if bundle != source:
        first = next((i for i, (a, b) in enumerate(zip(bundle, source, strict=False)) if a != b), min(len(bundle), len(source)))
        fail(f"the bundle's export of the server database differs from the source program's, first at line {first + 1}"
             f" of {len(bundle)} and {len(source)}:\n  bundle: {bundle[first:first + 1]!r:.600}\n"
             f"  source: {source[first:first + 1]!r:.600}")
    print(f"check_bundle_server: {program.exe} prepared, filled, searched and exported a PostgreSQL database; "
          "its export is the source program's, byte for byte")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("program", type=Path, help="the bundle's command-line executable")
    parser.add_argument("--wine", action="store_true", help="a Windows program, run under Wine")
    args = parser.parse_args()
    if not args.program.is_file():
        fail(f"{args.program} not found")
    cluster = Cluster().start()
    try:
        with tempfile.TemporaryDirectory(prefix="segib-bundle-server-") as scratch:
            check(Program(args.program.resolve(), Path(scratch), args.wine), cluster, Path(scratch))
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
