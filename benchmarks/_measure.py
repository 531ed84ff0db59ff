"""Shared helper for benchmarks: run a command in a child process and measure it.

Reports wall time, CPU time (user + system, all threads) and peak resident memory of the child,
from the kernel's own accounting (``wait4``). CPU time is the fairer comparison on a machine
shared with other work; wall time is what a user waits.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass


@dataclass
class Measured:
    wall_s: float
    cpu_s: float
    peak_mib: float
    stdout: str


def run_measured(cmd: list[str]) -> Measured:
    with tempfile.TemporaryFile(mode="w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[:3]}... failed with exit code {proc.returncode}")
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)
