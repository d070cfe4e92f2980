"""The local `.env` (issue 11 item 4): `make run` writes it once, every manage.py command reads it, and a
real environment variable always wins over it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from coalition import env

ROOT = Path(__file__).resolve().parents[2]


def test_parse_names_values_quotes_comments_and_export():
    text = (
        "# a comment\n\nDEBUG=true\nexport SECRET_KEY = 'a b#c'\nNAME=\"x=y\"\nPLAIN=value  # note\nEMPTY=\n"
    )
    assert env.parse_env_file(text) == {
        "DEBUG": "true",
        "SECRET_KEY": "a b#c",
        "NAME": "x=y",
        "PLAIN": "value",
        "EMPTY": "",
    }


@pytest.mark.parametrize(
    ("line", "message"),
    [("just words", "line 2: expected NAME=value"), ("1BAD=x", "line 2"), ("Q='open", "not closed")],
)
def test_a_bad_line_is_an_error_naming_file_and_line(line, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        env.parse_env_file(f"OK=1\n{line}\n", source="my.env")


def test_the_file_never_overrides_the_environment(tmp_path, monkeypatch):
    path = tmp_path / ".env"
    path.write_text("PORTAL_T_A=from-file\nPORTAL_T_B=from-file\nPORTAL_T_C=from-file\n")
    monkeypatch.setenv("PORTAL_T_A", "from-env")
    monkeypatch.setenv("PORTAL_T_B", "")  # set, though empty: still the environment's
    monkeypatch.delenv("PORTAL_T_C", raising=False)
    try:
        assert env.load_env_file(path) == {"PORTAL_T_C": "from-file"}
        assert (os.environ["PORTAL_T_A"], os.environ["PORTAL_T_B"]) == ("from-env", "")
        assert os.environ["PORTAL_T_C"] == "from-file"
    finally:
        os.environ.pop("PORTAL_T_C", None)


def test_env_file_variable_chooses_or_turns_off_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("ENV_FILE", "off")
    assert env.env_file_path() is None and env.load_env_file() == {}
    monkeypatch.setenv("ENV_FILE", str(tmp_path / "missing.env"))
    with pytest.raises(ImproperlyConfigured, match="no such file"):
        env.load_env_file()
    monkeypatch.delenv("ENV_FILE")
    assert env.env_file_path() == ROOT / ".env"


def test_written_once_private_and_never_overwritten(tmp_path):
    path = tmp_path / ".env"
    assert env.write_local_env_file(path) is True
    first = path.read_text()
    values = env.parse_env_file(first)
    assert values["DEBUG"] == "true" and len(values["SECRET_KEY"]) >= 50
    assert path.stat().st_mode & 0o777 == 0o600
    assert env.write_local_env_file(path) is False and path.read_text() == first
    other = tmp_path / "other.env"
    env.write_local_env_file(other)
    assert env.parse_env_file(other.read_text())["SECRET_KEY"] != values["SECRET_KEY"]


def _manage(*args, **variables):
    environment = {"PATH": os.environ["PATH"], **variables}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_py_reads_the_file_and_the_environment_wins(tmp_path):
    """Before: `manage.py create_api_token …` stopped with "SECRET_KEY is not set" unless DEBUG was set."""
    path = tmp_path / ".env"
    env.write_local_env_file(path)
    show = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY[:12])"
    key = env.parse_env_file(path.read_text())["SECRET_KEY"]
    done = _manage("shell", "--no-imports", "-c", show, ENV_FILE=str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", key[:12]]
    done = _manage("shell", "--no-imports", "-c", show, ENV_FILE=str(path), DEBUG="false")
    assert done.stdout.split() == ["False", key[:12]]
    done = _manage("shell", "--no-imports", "-c", show, ENV_FILE="off")
    assert done.returncode != 0 and "SECRET_KEY is not set" in done.stderr


def test_env_example_lists_env_file_and_is_parseable():
    example = (ROOT / ".env.example").read_text()
    values = env.parse_env_file(example, source=".env.example")
    assert "ENV_FILE" in values and values["DEBUG"] == "false"
    assert ".env" in (ROOT / ".gitignore").read_text().split()
