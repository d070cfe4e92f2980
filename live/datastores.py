"""The live suite's data stores: databases on the shared PostgreSQL server, the Redis database flushed, and
private Redis and PostgreSQL servers on free ports for the fault tests."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from live.processes import Process, StackError, free_port, port_open, wait_until

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432"


def _pg_tool(tool: str, server_url: str, *args: str) -> subprocess.CompletedProcess:
    url = urlparse(server_url)
    command = [tool, "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432)]
    command += ["-U", url.username or "postgres", *args]
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def _with_path(server_url: str, name: str) -> str:
    parts = urlparse(server_url)
    return urlunparse(parts._replace(path=f"/{name}"))


def pg_server_url() -> str:
    """The PostgreSQL server the live suite may create databases on (never a database of its own)."""
    explicit = os.environ.get("LIVE_PG_URL")
    if explicit:
        return explicit.rstrip("/")
    db = os.environ.get("DATABASE_URL", "")
    if db.startswith(("postgres://", "postgresql://")):
        return _with_path(db, "").rstrip("/")
    return DEFAULT_PG_URL


def create_database(server_url: str, name: str) -> str:
    done = _pg_tool("createdb", server_url, name)
    if done.returncode:
        raise StackError(f"createdb {name} failed: {done.stderr}")
    return _with_path(server_url, name)


def drop_database(server_url: str, name: str) -> None:
    _pg_tool("dropdb", server_url, "--if-exists", "--force", name)


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.flushdb()
    finally:
        client.close()


class RedisServer:
    """A private redis-server on a free port (no persistence): stop it, freeze it (SIGSTOP), restart it."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: Process | None = None

    def start(self) -> RedisServer:
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
        self.process = Process(f"redis-{self.port}", [*args, "no"], env=dict(os.environ))
        wait_until(lambda: port_open(self.port), timeout=20, what="redis-server")
        return self

    def stop(self) -> None:
        if self.process:
            self.process.stop()

    def freeze(self) -> None:
        self.process.signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.signal(signal.SIGCONT)

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
        if self.process:
            self.process.discard_log()


class PostgresCluster:
    """A private PostgreSQL cluster on a free port, run as the `postgres` user (it refuses root).

    `url(name)` is a database URL on it; `stop()`, `start()` and `restart()` are real server stops.
    """

    def __init__(self):
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="live-pg-"))
        self.data = self.dir / "data"
        self.log_path = self.dir / "server.log"
        self.bin = self._bin_dir()
        shutil.chown(self.dir, "postgres", "postgres")

    @staticmethod
    def _bin_dir() -> Path:
        versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not versions:
            raise StackError("PostgreSQL server binaries not found under /usr/lib/postgresql")
        return versions[-1].parent

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(
            ["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, check=False
        )
        if check and done.returncode:
            raise StackError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def init(self) -> PostgresCluster:
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        return self.start()

    def _ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        args = [str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_path), "-w", "-t", "60"]
        self._run(*args, "-o", options, action, *(["-m", "immediate"] if action != "start" else []))

    def start(self) -> PostgresCluster:
        self._ctl("start")
        return self

    def stop(self) -> None:
        self._ctl("stop")

    def restart(self) -> None:
        self._ctl("restart")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __enter__(self) -> PostgresCluster:
        return self.init()

    def __exit__(self, *exc) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "stop", "-m", "immediate", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)
