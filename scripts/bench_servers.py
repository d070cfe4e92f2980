"""`make bench`'s datasets and servers: psql and manage.py, a benchmark database generated once per scale,
gunicorn started on a free port (and stopped with its workers), a logged-in session."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import requests

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def db_url(base_url: str, name: str) -> str:
    parts = urlparse(base_url)
    return urlunparse(parts._replace(path="/" + name))


def psql(base_url: str, sql: str, db: str = "postgres", check=True) -> str:
    parts = urlparse(base_url)
    command = ["psql", "-X", "-A", "-t", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    command += ["-U", parts.username or "postgres", "-d", db, "-c", sql]
    env = {**os.environ, "PGPASSWORD": parts.password or ""}
    result = subprocess.run(command, capture_output=True, text=True, check=check, env=env)  # noqa: S603
    return result.stdout.strip()


def manage(env, *args, **kwargs):
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


def ensure_dataset(base_url, scale, fresh, env_base) -> dict:
    name = f"{urlparse(base_url).path.strip('/') or 'portal'}_bench_{str(scale).replace('.', '_')}"
    url = db_url(base_url, name)
    env = {**env_base, "DATABASE_URL": url}
    exists = psql(base_url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"  # noqa: S608
    ready = (
        exists
        and psql(base_url, "SELECT count(*) FROM auth_user WHERE username = 'bench-admin'", name, False)
        == "1"
    )
    if fresh or not ready:
        if exists:
            psql(base_url, f'DROP DATABASE "{name}" WITH (FORCE)')
        psql(base_url, f'CREATE DATABASE "{name}"')
        log(f"[scale {scale}] migrating {name}")
        manage(env, "migrate", "--noinput", "-v0")
        log(f"[scale {scale}] generating")
        started = time.monotonic()
        manage(
            env, "generate_benchmark_data", "--scale", str(scale), "--seed", "1", stdout=subprocess.DEVNULL
        )
        log(f"[scale {scale}] generated in {time.monotonic() - started:.0f} s")
    else:
        manage(env, "migrate", "--noinput", "-v0")  # the branch's indexes, on a kept dataset
    token = manage(
        env, "create_api_token", "--user", "bench", "--scope", "read", capture_output=True, text=True
    ).stdout.strip()
    return {"name": name, "url": url, "env": env, "token": token}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(app: str, env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - our interpreter, our apps
        [
            PY,
            "-m",
            "gunicorn",
            app,
            "--pythonpath",
            "scripts",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            requests.get(base + "/healthz", timeout=10)
            return process, base
        except requests.RequestException:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"{app} did not start")


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def login(base: str, username: str, password: str) -> requests.Session:
    session = requests.Session()
    page = session.get(base + "/accounts/login/", timeout=30)
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        base + "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": csrf},
        headers={"Referer": base + "/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    if answer.status_code != 302:
        raise SystemExit(f"login as {username} failed ({answer.status_code})")
    return session
