"""Shared helper for benchmarks: run a command in a child process, report wall time and peak RSS."""

from __future__ import annotations

import subprocess
import time

import psutil


def run_measured(cmd: list[str], poll_s: float = 0.05) -> tuple[float, float, str]:
    """Run ``cmd``; return (seconds, peak RSS in MiB of it and its children, its stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    handle = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        try:
            rss = handle.memory_info().rss + sum(
                c.memory_info().rss for c in handle.children(recursive=True))
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(poll_s)
    elapsed = time.perf_counter() - start
    output = proc.stdout.read() if proc.stdout else ""
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed with exit code {proc.returncode}")
    return elapsed, peak / 2**20, output
