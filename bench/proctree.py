"""Memory and CPU of a process tree, per process: this process (the writer; with a LocalCluster, also its scheduler
and nannies, which are threads here) and each child (a dask worker, multiprocessing's resource tracker, …).

Sampled every `interval` seconds on a thread, so a bench can say not only the tree's peak RSS but which process
held what at that moment, and at which stage of the run (the caller's `stage`).
"""
from __future__ import annotations

import threading
import time

import psutil


def role(proc: psutil.Process, me: psutil.Process) -> str:
    """What a process of the tree is, from its command line."""
    if proc.pid == me.pid:
        return "main"
    try:
        cmd = " ".join(proc.cmdline())
    except psutil.Error:
        return "gone"
    if "resource_tracker" in cmd:
        return "resource tracker"
    if "forkserver" in cmd:
        return "forkserver"
    if "spawn_main" in cmd or "dask" in cmd or "distributed" in cmd:
        return "worker"
    return "other"


class TreeSampler:
    """Peak RSS of the tree and, at that peak, each process's share; each process's own peak; CPU per process."""

    def __init__(self, interval: float = 0.2):
        self.interval = interval
        self.stage = "start"  # set by the caller as the run moves on
        self.peak = 0
        self.at_peak: list[tuple[str, int, float]] = []  # (role, pid, MB) when the tree peaked
        self.peak_stage = ""
        self.own_peak: dict[int, tuple[str, float]] = {}  # pid → (role, MB)
        self.cpu: dict[int, tuple[str, float]] = {}  # pid → (role, CPU s at its last sample)
        self.own_cpu = 0.0  # CPU seconds the sampling thread used (reading /proc for every process)
        self.timeline: list[list] = []  # every `every` seconds: [seconds, stage, MB of each process]
        self.every = 10.0
        self._roles: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _role(self, proc, me) -> str:
        if proc.pid not in self._roles:
            self._roles[proc.pid] = role(proc, me)
        return self._roles[proc.pid]

    def sample(self) -> None:
        me = psutil.Process()
        rows = []
        for proc in [me, *me.children(recursive=True)]:
            try:
                rss = proc.memory_info().rss
                times = proc.cpu_times()
            except psutil.Error:
                continue
            name = self._role(proc, me)
            rows.append((name, proc.pid, rss / 2**20))
            self.cpu[proc.pid] = (name, times.user + times.system)
            if rss / 2**20 > self.own_peak.get(proc.pid, ("", 0.0))[1]:
                self.own_peak[proc.pid] = (name, rss / 2**20)
        total = sum(r[2] for r in rows) * 2**20
        now = time.monotonic()
        if not self.timeline or now - self._began - self.timeline[-1][0] >= self.every:
            self.timeline.append([round(now - self._began, 1), self.stage,
                                  [[r, round(mb)] for r, _, mb in sorted(rows, key=lambda r: r[0])]])
        if total > self.peak:
            self.peak, self.at_peak, self.peak_stage = total, rows, self.stage

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self.own_cpu = time.thread_time()  # the sampling's own cost, in this process: not the run's
            self._stop.wait(self.interval)

    def __enter__(self):
        self._began = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.sample()

    @property
    def mb(self) -> float:
        return self.peak / 2**20

    def report(self) -> dict:
        """JSON-able: the tree's peak, who held it, each process's own peak and CPU."""
        return {"peak_mb": self.mb, "sampler_cpu": self.own_cpu, "peak_stage": self.peak_stage,
                "at_peak": [[r, round(mb, 1)] for r, _, mb in sorted(self.at_peak, key=lambda r: r[0])],
                "own_peak": sorted([[r, round(mb, 1)] for r, mb in self.own_peak.values()]),
                # the main process's CPU without the sampling's own
                "cpu": sorted([[r, round(s - (self.own_cpu if r == "main" else 0.0), 2)] for r, s in self.cpu.values()]), "timeline": self.timeline}


def describe(report: dict) -> str:
    """One line: the tree's peak and what each process held at that moment, then each one's own peak."""
    held = ", ".join(f"{r} {mb:.0f}" for r, mb in report["at_peak"])
    own = ", ".join(f"{r} {mb:.0f}" for r, mb in report["own_peak"])
    return (f"peak RSS {report['peak_mb']:.0f} MB (during {report['peak_stage'] or 'start'}: {held} MB); "
            f"each process's own peak: {own} MB")
