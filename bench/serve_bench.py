"""`newsexplorer serve`: seconds from starting the server to its first page (HTTP 200 on /). Prints; asserts nothing.

    python bench/serve_bench.py [--runs 5]

The target is 2 s on a quiet machine. tests/tui/test_serve.py checks that the page and the app in it work; how fast
the first page comes is this figure, not a test (on a busy machine a wall-clock bound fails code that is right).
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ARTICLE = "Title: Grain corridor reopens\nDate: 2026-01-08\n\nShips left Odesa on Monday as the corridor reopened.\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_page_seconds(data: Path) -> float:
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "newsexplorer", "--index-dir", str(data), "serve", "--port",
                               str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except OSError:
                if server.poll() is not None:
                    raise SystemExit(f"newsexplorer serve exited with {server.returncode}")
                time.sleep(0.02)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, data = Path(tmp) / "articles", Path(tmp) / "data"
        folder.mkdir()
        (folder / "grain.txt").write_text(ARTICLE, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "newsexplorer", "--index-dir", str(data), "index", str(folder),
                        "--no-enrich"], check=True, capture_output=True)
        times = [first_page_seconds(data) for _ in range(args.runs)]
    print(f"first page after: median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s "
          f"({args.runs} runs; load average {os.getloadavg()[0]:.1f}; target 2 s on a quiet machine)")


if __name__ == "__main__":
    main()
