"""A Spark standalone cluster on this machine, started from the PySpark installation.

``StandaloneCluster`` launches one master and ``workers`` workers as separate JVMs with
``bin/spark-class`` from the ``pyspark`` package (its directory is a complete ``SPARK_HOME``),
all bound to 127.0.0.1 on free ports, with their logs in a temporary folder. It waits until
every worker has registered (polling the master's JSON status page) and stops every process it
started when the ``with`` block ends. A Spark session then joins it with
``SparkEngine(master=cluster.master_url, config=cluster.session_config())``: the driver runs
in this process and the executors on the workers, exactly as on a real cluster, so the same
code runs against a site's own master URL.

It is for tests, benchmarks and trying the cluster path on one machine (``linewatch spark
cluster``); a real deployment runs its master and workers on their own hosts.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from linewatch.errors import LinewatchError
from linewatch.storage.engine import proc_cpu_seconds

HOST = "127.0.0.1"
MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"


def spark_home() -> Path:
    """The PySpark package folder, which holds ``bin/spark-class`` and ``jars/``."""
    try:
        import pyspark
    except ImportError as exc:  # pragma: no cover - depends on the extra
        raise LinewatchError(
            "a Spark cluster needs pyspark: pip install 'linewatch[spark]'") from exc
    home = Path(pyspark.__file__).resolve().parent
    if not (home / "bin" / "spark-class").exists():
        raise LinewatchError(f"no bin/spark-class in the PySpark installation at {home}")
    return home


def free_port() -> int:
    """A TCP port nobody listens on now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class _Process:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    handle: IO[bytes]


@dataclass
class StandaloneCluster:
    """A master and ``workers`` workers on localhost; use it as a context manager."""

    workers: int = 2
    cores_per_worker: int = 1
    worker_memory: str = "1g"
    executor_memory: str = "768m"
    start_timeout_s: float = 90.0
    log_dir: Path | None = None
    master_port: int = 0
    master_ui_port: int = 0
    _processes: list[_Process] = field(default_factory=list, repr=False)
    _owns_log_dir: bool = field(default=False, repr=False)
    started_in_s: float = 0.0

    @property
    def master_url(self) -> str:
        return f"spark://{HOST}:{self.master_port}"

    @property
    def ui_url(self) -> str:
        return f"http://{HOST}:{self.master_ui_port}"

    def environment(self) -> dict[str, str]:
        """What every daemon and the driver need: this SPARK_HOME, this Python, localhost."""
        env = dict(os.environ)
        env.update({
            "SPARK_HOME": str(spark_home()), "PYSPARK_PYTHON": sys.executable,
            "PYSPARK_DRIVER_PYTHON": sys.executable, "SPARK_LOCAL_IP": HOST,
            "SPARK_LOCAL_HOSTNAME": "localhost", "SPARK_NO_DAEMONIZE": "1",
        })
        return env

    def session_config(self) -> dict[str, str]:
        """Settings for a driver session joining this cluster (one executor per worker)."""
        return {
            "spark.driver.host": HOST, "spark.driver.bindAddress": HOST,
            "spark.executor.memory": self.executor_memory,
            "spark.executor.cores": str(self.cores_per_worker),
            "spark.cores.max": str(self.workers * self.cores_per_worker),
            "spark.pyspark.python": sys.executable,
            "spark.sql.shuffle.partitions": str(max(2, self.workers * self.cores_per_worker)),
        }

    def start(self) -> StandaloneCluster:
        """Start the master, then the workers; return once every worker is ALIVE."""
        began = time.perf_counter()
        if self.log_dir is None:
            self.log_dir = Path(tempfile.mkdtemp(prefix="linewatch-spark-"))
            self._owns_log_dir = True
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.master_port = self.master_port or free_port()
        self.master_ui_port = self.master_ui_port or free_port()
        try:
            self._launch("master", MASTER_CLASS, "--host", HOST, "--port", str(self.master_port),
                         "--webui-port", str(self.master_ui_port))
            self._wait(lambda status: status is not None, "the master to answer")
            for i in range(self.workers):
                work = self.log_dir / f"worker-{i}"
                work.mkdir(exist_ok=True)
                self._launch(f"worker-{i}", WORKER_CLASS, "--host", HOST,
                             "--port", str(free_port()), "--webui-port", str(free_port()),
                             "--cores", str(self.cores_per_worker),
                             "--memory", self.worker_memory, "--work-dir", str(work),
                             self.master_url)
            self._wait(lambda status: status is not None
                       and self.alive_workers(status) >= self.workers,
                       f"{self.workers} workers to register")
        except BaseException:
            self.stop()
            raise
        self.started_in_s = time.perf_counter() - began
        return self

    def status(self) -> dict[str, Any] | None:
        """The master's JSON status page, or None while it does not answer."""
        try:
            with urllib.request.urlopen(f"{self.ui_url}/json/", timeout=2) as answer:  # noqa: S310 - our own http://127.0.0.1 URL
                status: dict[str, Any] = json.loads(answer.read())
                return status
        except (OSError, ValueError):
            return None

    @staticmethod
    def alive_workers(status: dict[str, Any]) -> int:
        return sum(1 for w in status.get("workers", []) if w.get("state") == "ALIVE")

    def _launch(self, name: str, main_class: str, *args: str) -> None:
        assert self.log_dir is not None  # noqa: S101 - set by start()
        log = self.log_dir / f"{name}.log"
        handle = log.open("wb")
        command = [str(spark_home() / "bin" / "spark-class"), main_class, *args]
        popen = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT,  # noqa: S603 - our own fixed command line
                                 env=self.environment(), start_new_session=True)
        self._processes.append(_Process(name, popen, log, handle))

    def _wait(self, ready: Any, what: str) -> None:
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            for process in self._processes:
                if process.popen.poll() is not None:
                    raise LinewatchError(f"Spark {process.name} exited while waiting for {what}"
                                         f":\n{_tail(process.log)}")
            if ready(self.status()):
                return
            time.sleep(0.5)
        logs = "\n".join(f"{p.name}: {_tail(p.log)}" for p in self._processes)
        raise LinewatchError(f"timed out after {self.start_timeout_s:.0f} s waiting for {what}"
                             f"\n{logs}")

    def stop(self) -> None:
        """Stop the workers, then the master (SIGTERM to each one's process group, then KILL)."""
        for process in reversed(self._processes):
            _terminate(process.popen)
            process.handle.close()
        self._processes.clear()
        if self._owns_log_dir and self.log_dir is not None:
            shutil.rmtree(self.log_dir, ignore_errors=True)

    def cpu_seconds(self) -> float:
        """CPU time of the master, the workers and the executors they have reaped (Linux)."""
        return sum(proc_cpu_seconds(p.popen.pid, with_children=True) or 0.0
                   for p in self._processes)

    def pids(self) -> list[int]:
        return [p.popen.pid for p in self._processes]

    def __enter__(self) -> StandaloneCluster:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()


def _terminate(popen: subprocess.Popen[bytes], grace_s: float = 10.0) -> None:
    if popen.poll() is not None:
        return
    try:
        os.killpg(popen.pid, signal.SIGTERM)  # the session spark-class started, nothing else
    except ProcessLookupError:
        return
    try:
        popen.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(popen.pid, signal.SIGKILL)
        popen.wait(timeout=grace_s)


def _tail(log: Path, lines: int = 15) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
