"""How long `catalog apply` takes for a catalog the index has never seen: wall and CPU seconds per catalog.

Usage: python bench/apply_bench.py [--index DIR] [--source CHECKOUT] [--json-out DIR] [--repeat N] [--helper on|off|auto]
                                  [CATALOG ...]

Each run copies the index (default /tmp/big2, the 7,108-article BBC + Reuters C50 index built with --no-enrich) into a
temporary dir, so there is no status memo and no parse cache: every candidate sentence is parsed. It then runs
`newsexplorer --index-dir COPY catalog apply CATALOG` in a child process and reports its wall seconds and CPU
seconds (user + sys of the child and its children, e.g. the apply's helper process; then each apart: "main" and
"helper"; on an idle 2-core machine the wall time is about the larger of the two plus the helper's start). Default
catalogs: the bundled peace-talks catalog and the two business catalogs in bench/apply_catalogs/.

`--source CHECKOUT` runs another checkout of the code (e.g. `git archive main | tar -x -C /tmp/main-src`) with this
venv's packages, for before/after on the same machine. Only the apply's own process is pointed there: a helper
process it spawns imports this venv's checkout, so compare `--source` with `--helper off` (or time the other
checkout from its own venv). `--json-out DIR` also saves `issues --json` after each apply
(DIR/<catalog>.json), so two checkouts' results can be compared byte for byte (`cmp`). The machine is shared: say
how loaded it was (the load average is printed), and compare CPU seconds rather than wall seconds under load.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_CATALOGS = [REPO / "seeds" / "catalog.toml", HERE / "apply_catalogs" / "takeovers.toml",
                    HERE / "apply_catalogs" / "labour.toml"]

# runs newsexplorer's CLI from another checkout: the editable install's finder is pointed at that checkout's folders
# (and prints its own CPU seconds and its children's, e.g. the apply's helper process, on its last stderr line)
LAUNCHER = """
import atexit, resource, sys
import __editable___newsexplorer_0_1_0_finder as finder
old, new = sys.argv.pop(1), sys.argv.pop(1)
finder.MAPPING.update({k: v.replace(old, new, 1) for k, v in finder.MAPPING.items()})
def cpu():
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    print(f"CPU main {own.ru_utime + own.ru_stime:.2f} helper {kids.ru_utime + kids.ru_stime:.2f}; "
          f"peak RSS MB main {own.ru_maxrss // 1024} helper {kids.ru_maxrss // 1024}", file=sys.stderr)
atexit.register(cpu)
from newsexplorer.tui.cli import main
sys.argv[0] = "newsexplorer"
main()
"""


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def newsexplorer(source: Path | None, *args: str) -> list[str]:
    return [sys.executable, "-c", LAUNCHER, str(REPO), str((source or REPO).resolve()), *args]


def run_once(index: Path, catalog: Path, source: Path | None, json_out: Path | None,
             helper: str = "on") -> tuple[float, float, str]:
    with tempfile.TemporaryDirectory(prefix="apply_bench_") as tmp:
        copy = Path(tmp) / "index"
        shutil.copytree(index, copy)
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        if helper != "auto":  # index/enrich/apply_helper.py: "0" one process, "1" a helper whatever the load
            env["NEWSEXPLORER_APPLY_HELPER"] = "1" if helper == "on" else "0"
        cpu, wall = children_cpu(), time.perf_counter()
        done = subprocess.run(newsexplorer(source, "--index-dir", str(copy), "catalog", "apply", str(catalog)),
                              capture_output=True, text=True, env=env)
        wall, cpu = time.perf_counter() - wall, children_cpu() - cpu
        if done.returncode != 0:
            sys.exit(f"{catalog}: catalog apply failed ({done.returncode}): {done.stderr.strip()[-400:]}")
        if json_out is not None:
            json_out.mkdir(parents=True, exist_ok=True)
            issues = subprocess.run(newsexplorer(source, "--index-dir", str(copy), "issues", "--json"),
                                    capture_output=True, text=True, env=env, check=True)
            (json_out / f"{catalog.stem}.json").write_text(issues.stdout, encoding="utf-8")
        split = [line for line in done.stderr.splitlines() if line.startswith("CPU main")]
        return wall, cpu, split[-1][4:] if split else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalogs", nargs="*", type=Path, default=DEFAULT_CATALOGS)
    parser.add_argument("--index", type=Path, default=Path("/tmp/big2"), help="the index to copy (never written)")
    parser.add_argument("--source", type=Path, default=None, help="another checkout of the code to time")
    parser.add_argument("--json-out", type=Path, default=None, help="save `issues --json` after each apply here")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--helper", choices=("on", "off", "auto"), default="on",
                        help="the apply's helper process: always (default: what an idle machine does), never (one "
                             "process: CPU like for like), or as the apply decides from the load average")
    args = parser.parse_args()
    if not (args.index / "articles.db").exists():
        sys.exit(f"{args.index}: not an index (no articles.db)")
    print(f"code: {args.source or REPO}; index: {args.index}; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    for catalog in args.catalogs:
        for n in range(args.repeat):
            wall, cpu, split = run_once(args.index, catalog, args.source, args.json_out if n == 0 else None,
                                         helper=args.helper)
            print(f"{catalog.name:<16} wall {wall:6.1f} s   CPU {cpu:6.1f} s ({split})   "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)


if __name__ == "__main__":
    main()
