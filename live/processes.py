"""The live suite's processes: each child in its own session (process group) with a log file, gunicorn web
nodes and Celery workers that wait until they are ready, and the helpers to wait for ports and conditions."""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LOG_TAIL = 6000


class StackError(RuntimeError):
    """A process of the stack did not start or a command failed; the message carries its log."""


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.5) -> bool:
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError:
        return False
    return True


def wait_until(predicate, *, timeout: float, what: str, interval: float = 0.2):
    """Poll `predicate` until it returns something truthy (returned) or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


class Process:
    """A child process in its own session (process group), logging to a file."""

    def __init__(self, name: str, args: list[str], *, env: dict, cwd: Path = ROOT):
        self.name = name
        self.args = args
        self.env = env
        self.log_path = Path(tempfile.mkstemp(prefix=f"live-{name}-", suffix=".log")[1])
        with open(self.log_path, "ab") as log:
            self.popen = subprocess.Popen(
                args, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.pid = self.popen.pid

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def alive(self) -> bool:
        return self.popen.poll() is None

    def wait_for_log(self, text: str, *, timeout: float = 90, start: int = 0) -> None:
        def seen():
            if not self.alive():
                raise StackError(f"{self.name} exited ({self.popen.returncode}):\n{self.log()[-LOG_TAIL:]}")
            return text in self.log()[start:]

        try:
            wait_until(seen, timeout=timeout, what=f"{self.name} to log {text!r}")
        except TimeoutError as exc:
            raise StackError(f"{exc}\n{self.log()[-LOG_TAIL:]}") from None

    def signal(self, sig: int) -> None:
        """Send a signal to the whole process group (e.g. SIGSTOP/SIGCONT to freeze and thaw)."""
        if self.alive():
            os.killpg(self.pid, sig)

    def children(self) -> list[int]:
        try:
            with open(f"/proc/{self.pid}/task/{self.pid}/children") as children:
                return [int(p) for p in children.read().split()]
        except FileNotFoundError:
            return []

    def stop(self, *, timeout: float = 15) -> None:
        """SIGTERM to the group, then SIGKILL if it lingers. Safe to call twice."""
        if self.alive():
            try:
                os.killpg(self.pid, signal.SIGCONT)  # a frozen group cannot handle SIGTERM
                os.killpg(self.pid, signal.SIGTERM)
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.popen.wait()
            except ProcessLookupError:
                pass
        with contextlib.suppress(ProcessLookupError, PermissionError):  # stragglers, e.g. pool processes
            os.killpg(self.pid, signal.SIGKILL)

    def kill(self) -> None:
        """SIGKILL the whole group at once, as a lost machine would: no shutdown, nothing handed back."""
        if self.alive():
            os.killpg(self.pid, signal.SIGKILL)
            self.popen.wait()

    def discard_log(self) -> None:
        self.log_path.unlink(missing_ok=True)

    def __repr__(self) -> str:
        return f"<Process {self.name} pid={self.pid}>"


class WebNode(Process):
    """gunicorn serving the portal at `url`."""

    def __init__(self, name: str, *, env: dict, port: int, workers: int = 2):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        args = [PYTHON, "-m", "gunicorn", "coalition.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
        args += [
            "--access-logfile",
            "-",
            "--error-logfile",
            "-",
            "--graceful-timeout",
            "5",
            "--timeout",
            "60",
        ]
        super().__init__(name, args, env=env)

    def wait_ready(self, timeout: float = 90) -> None:
        import requests

        def answers():
            if not self.alive():
                raise StackError(f"{self.name} exited:\n{self.log()[-LOG_TAIL:]}")
            try:
                return requests.get(f"{self.url}/healthz", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        try:
            wait_until(answers, timeout=timeout, what=f"{self.name} to answer /healthz")
        except TimeoutError as exc:
            raise StackError(f"{exc}\n{self.log()[-LOG_TAIL:]}") from None


class Worker(Process):
    """A Celery worker (prefork pool of `concurrency` processes unless `pool` says otherwise)."""

    def __init__(self, name: str, *, env: dict, pool: str = "prefork", concurrency: int = 1):
        self.node_name = f"{name}-{secrets.token_hex(3)}@%h"
        args = [PYTHON, "-m", "celery", "-A", "coalition", "worker", f"--pool={pool}"]
        args += [f"--concurrency={concurrency}", "--loglevel=INFO", "--without-gossip", "--without-mingle"]
        args += ["-n", self.node_name]
        super().__init__(name, args, env=env)

    def wait_ready(self, timeout: float = 90) -> None:
        self.wait_for_log("ready.", timeout=timeout)
