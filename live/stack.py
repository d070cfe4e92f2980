"""The portal on the production stack, started and stopped by tests: the harness of the live suite.

    from live.stack import Stack

    with Stack() as stack:                       # fresh PostgreSQL database, migrated, demo loaded
        stack.url                                # http://127.0.0.1:<port> of the first web node
        stack.db_url, stack.redis_url            # what every process of the stack uses
        stack.token("secretariat", "write")      # a bearer token of a demo user (cached per user/scope)
        stack.manage("shell", "-c", "...")       # manage.py against the stack's database
        stack.sql("select count(*) from ...")    # read the database directly (rows as tuples)
        node = stack.start_web(REDIS_URL="redis://127.0.0.1:9/0")    # another node, other settings
        worker = stack.start_worker(SUMMARY_JOB_DELAY_SECONDS="5")   # another worker

What it runs, as production does: gunicorn (2 workers, `DEBUG=false`, a long random `SECRET_KEY`, plain
HTTP on loopback, a free port) serving files collected to a temporary `STATIC_ROOT`, and one real Celery
worker (started when its "ready" line is logged). The database is `live_<random>` on the PostgreSQL server of
`LIVE_PG_URL` (default: that of `DATABASE_URL`, else postgres://postgres@127.0.0.1:5432) and is dropped at
the end (`dropdb --if-exists --force`); Redis is the database of `REDIS_URL` (default
redis://127.0.0.1:6379/1), and only that database is flushed, before and after. Every process is started in a
new session and stopped by process group whatever happens; each keeps a log (`process.log()`), and
`stack.logs()` gives the tail of all of them (the pytest fixtures print it when a test fails).

Faults: `RedisServer()` and `PostgresCluster()` start private servers on free ports (stop, freeze, restart
them at will); a node or worker is pointed at them with its own environment, e.g.
`stack.start_web(DATABASE_URL=cluster.url("live_copy"))` after `stack.copy_database_to(cluster, ...)`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432"
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


class Stack:
    """A fresh portal: database, migrations, static files, demo data, web nodes and workers.

    `web_nodes`/`workers`: how many to start at once (more with `start_web()`/`start_worker()`);
    `env`: extra environment for every process (e.g. `{"SUMMARY_DEBOUNCE_SECONDS": "2"}`);
    `redis_url`: the Redis database the stack uses (default `REDIS_URL`, else database 1 of the local
    server), flushed before and after; `demo`: load the demo data (logins `secretariat`, `delegate-ee`,
    `delegate-lu`, `observer`, password `stack.password`).
    """

    password = "coalition-demo"

    def __init__(
        self,
        *,
        web_nodes: int = 1,
        workers: int = 1,
        env: dict | None = None,
        redis_url: str | None = None,
        demo: bool = True,
        name: str | None = None,
    ):
        self.web_nodes_wanted = web_nodes
        self.workers_wanted = workers
        self.extra_env = {k: str(v) for k, v in (env or {}).items()}
        self.redis_url = redis_url or os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
        self.demo = demo
        self.pg_server = pg_server_url()
        self.db_name = name or f"live_{secrets.token_hex(4)}"
        self.db_url = _with_path(self.pg_server, self.db_name)
        self.tmp = Path(tempfile.mkdtemp(prefix="live-stack-"))
        self.secret_key = secrets.token_urlsafe(64)
        self.nodes: list[WebNode] = []
        self.workers: list[Worker] = []
        self.processes: list[Process] = []
        self._tokens: dict[tuple[str, str], str] = {}
        self._db_created = False

    # -- environment -----------------------------------------------------------------------------------

    def env(self, **overrides) -> dict:
        """The environment of every process of the stack, with `overrides` (values made strings)."""
        base = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "PYTEST_")) and k not in {"DATABASE_URL", "REDIS_URL"}
        }
        base.update(
            DJANGO_SETTINGS_MODULE="coalition.settings",
            DATABASE_URL=self.db_url,
            REDIS_URL=self.redis_url,
            DEBUG="false",
            HTTPS="false",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            STATIC_ROOT=str(self.tmp / "static"),
            MEDIA_ROOT=str(self.tmp / "media"),
            MEETINGS_DOCUMENT_ROOT=str(self.tmp / "documents"),
            DEMO_PASSWORD=self.password,
            LOG_LEVEL="INFO",
            PYTHONUNBUFFERED="1",
        )
        base.update(self.extra_env)
        base.update({k: str(v) for k, v in overrides.items()})
        return base

    # -- life cycle ------------------------------------------------------------------------------------

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.close(failed=True)
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(failed=exc_type is not None)

    def start(self) -> None:
        flush_redis(self.redis_url)
        create_database(self.pg_server, self.db_name)
        self._db_created = True
        self.manage("migrate", "--noinput", timeout=600)
        self.manage("collectstatic", "--noinput", timeout=300)
        if self.demo:
            self.manage("load_demo", timeout=300)
        for _ in range(self.web_nodes_wanted):
            self.start_web(wait=False)
        for _ in range(self.workers_wanted):
            self.start_worker(wait=False)
        for process in self.nodes + self.workers:
            process.wait_ready()

    def close(self, *, failed: bool = False) -> None:
        """Stop every process (by process group), flush the Redis database, drop the database."""
        if failed:
            print(self.logs(), file=sys.stderr)
        for process in reversed(self.processes):
            process.stop()
        try:
            flush_redis(self.redis_url)
        except Exception as exc:
            print(f"live: could not flush {self.redis_url}: {exc}", file=sys.stderr)
        if self._db_created:
            drop_database(self.pg_server, self.db_name)
        for process in self.processes:
            process.discard_log()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- processes -------------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The base URL of the first web node."""
        return self.nodes[0].url

    def start_web(self, *, wait: bool = True, workers: int = 2, **env) -> WebNode:
        """Another gunicorn node on a free port, with this stack's environment plus `env`."""
        node = WebNode(f"web{len(self.nodes) + 1}", env=self.env(**env), port=free_port(), workers=workers)
        self.nodes.append(node)
        self.processes.append(node)
        if wait:
            node.wait_ready()
        return node

    def start_worker(
        self, *, wait: bool = True, pool: str = "prefork", concurrency: int = 1, **env
    ) -> Worker:
        """Another Celery worker with this stack's environment plus `env`."""
        worker = Worker(
            f"worker{len(self.workers) + 1}", env=self.env(**env), pool=pool, concurrency=concurrency
        )
        self.workers.append(worker)
        self.processes.append(worker)
        if wait:
            worker.wait_ready()
        return worker

    def start_beat(self, **env) -> Process:
        beat = Process(
            "beat",
            [PYTHON, "-m", "celery", "-A", "coalition", "beat", "--loglevel=INFO", "-s", os.devnull],
            env=self.env(**env),
        )
        self.processes.append(beat)
        beat.wait_for_log("beat: Starting")
        return beat

    def logs(self, tail: int = LOG_TAIL) -> str:
        """The tail of every process's log, headed by its name."""
        parts = []
        for process in self.processes:
            parts.append(f"----- {process.name} (pid {process.pid}) -----\n{process.log()[-tail:]}")
        return "\n".join(parts)

    # -- commands and data -----------------------------------------------------------------------------

    def manage(
        self, *args: str, timeout: float = 120, check: bool = True, **env
    ) -> subprocess.CompletedProcess:
        """Run `manage.py <args>` against the stack's database; raise StackError (with output) on failure."""
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and done.returncode:
            raise StackError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done

    def token(self, username: str, scope: str = "write") -> str:
        """A bearer token of `username` with `scope` (`read` or `write`), created once and cached."""
        key = (username, scope)
        if key not in self._tokens:
            done = self.manage("create_api_token", "--user", username, "--scope", scope, "--name", "live")
            self._tokens[key] = done.stdout.strip().splitlines()[-1]
        return self._tokens[key]

    def superuser(self, username: str = "live-admin") -> str:
        """A staff superuser (password `stack.password`), created once; returns its username."""
        if not self.sql("select 1 from auth_user where username = %s", [username]):
            self.manage(
                "createsuperuser",
                "--noinput",
                "--username",
                username,
                "--email",
                f"{username}@example.org",
                DJANGO_SUPERUSER_PASSWORD=self.password,
            )
        return username

    def sql(self, query: str, params=None) -> list[tuple]:
        """Rows of a query on the stack's database (a connection of its own, autocommit)."""
        import psycopg2

        connection = psycopg2.connect(self.db_url, connect_timeout=5)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def copy_database_to(self, cluster: PostgresCluster, name: str) -> str:
        """Copy the stack's database (schema and data) into a database `name` on `cluster`; its URL."""
        created = _pg_tool("createdb", cluster.url(), name)
        if created.returncode:
            raise StackError(created.stderr)
        server = urlparse(self.pg_server)
        dump = subprocess.Popen(
            [  # noqa: RUF005
                "pg_dump",
                "-h",
                server.hostname,
                "-p",
                str(server.port or 5432),
                "-U",
                server.username or "postgres",
            ]
            + ["--no-owner", self.db_name],
            stdout=subprocess.PIPE,
        )
        restore = subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", cluster.url(name)],
            stdin=dump.stdout,
            capture_output=True,
            text=True,
            check=False,
        )
        dump.wait()
        if restore.returncode or dump.returncode:
            raise StackError(f"copying the database failed:\n{restore.stderr}")
        return cluster.url(name)
