"""Start time to the main window: the bundle against the source program (docs/packaging.md).

Both open the same database (the example data) offscreen, through ``segib-desktop self-test
--start-only``, which starts the program exactly as a user's start does and prints the time at which the
main window is up and the event loop runs. Runs alternate (source, bundle, source, ...) after a warm-up,
so that both see the same machine; medians are reported. With ``--check``, exits 1 when the bundle's
median is more than 1.2 times the source's.

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/measure_start.py [--runs 15] [--check]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = 1.2


def start_time(command: list[str], env: dict[str, str]) -> float:
    """Seconds from launching ``command`` to its main window being up."""
    started = time.time()
    result = subprocess.run([*command, "self-test", "--start-only"], env=env, capture_output=True, text=True,
                            timeout=120)
    shown = [line for line in result.stdout.splitlines() if line.startswith("main-window ")]
    if result.returncode != 0 or not shown:
        raise SystemExit(f"{command[0]} did not start: exit {result.returncode}\n{result.stderr[-2000:]}")
    return float(shown[0].split()[1]) - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs of each (after 2 warm-up runs)")
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "segib-desktop" / "segib-desktop")
    parser.add_argument("--source", type=Path, default=ROOT / ".venv" / "bin" / "segib-desktop")
    parser.add_argument("--check", action="store_true", help=f"exit 1 if the ratio is over {BUDGET}")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as home:
        env = os.environ | {"SEGIB_DESKTOP_HOME": home, "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run([str(args.source), "demo"], env=env, check=True, capture_output=True)
        programs = {"source": [str(args.source)], "bundle": [str(args.bundle)]}
        times: dict[str, list[float]] = {name: [] for name in programs}
        for run in range(args.runs + 2):
            for name, command in programs.items():
                seconds = start_time(command, env)
                if run >= 2:
                    times[name].append(seconds)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, values in times.items():
        print(f"{name:7} median {medians[name] * 1000:6.0f} ms  (min {min(values) * 1000:.0f}, "
              f"max {max(values) * 1000:.0f}, {len(values)} runs)")
    ratio = medians["bundle"] / medians["source"]
    print(f"bundle / source: {ratio:.2f} (budget {BUDGET})")
    return 1 if args.check and ratio > BUDGET else 0


if __name__ == "__main__":
    sys.exit(main())
