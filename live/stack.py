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

The parts: live/processes.py (processes, web nodes, workers, `wait_until`, `free_port`), live/datastores.py
(databases, `flush_redis`, `RedisServer`, `PostgresCluster`); this module, the `Stack` that uses them.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from live.datastores import (
    PostgresCluster,
    _pg_tool,
    _with_path,
    create_database,
    drop_database,
    flush_redis,
    pg_server_url,
)
from live.processes import LOG_TAIL, PYTHON, ROOT, Process, StackError, WebNode, Worker, free_port

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"


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
