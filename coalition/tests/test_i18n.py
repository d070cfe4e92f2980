"""The Ukrainian catalogue is complete and in step with the code, and no user-facing text escapes it.

- every msgid that `makemessages` extracts today is in locale/uk/LC_MESSAGES/django.po, translated, not fuzzy,
  with three plural forms and the same placeholders as the English;
- every template's visible text (text nodes and the title/placeholder/alt/aria-label attributes) stands inside
  `{% translate %}`/`{% blocktranslate %}`;
- Python strings that reach users (field and form labels, help texts, choices, messages, validation errors)
  are marked with gettext.
"""

import ast
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.template.base import Lexer, TokenType
from django.utils import formats, translation

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "locale" / "uk" / "LC_MESSAGES" / "django.po"
APPS = ("coalition", "contributions", "meetings", "procurement", "summaries")
UK_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{(\w*)\}")
LETTER = re.compile(r"[^\W\d_]")
# Text that reads the same in every language: currency and unit codes, symbols, names of standards.
UNTRANSLATED_OK = {"EUR", "ISO", "CSV", "XLSX", "JSON", "API", "ETag", "OpenAPI", "ECB", "IBAN", "ID"}


def _catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def _key(entry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text)}


def test_the_catalogue_declares_ukrainian_plural_forms():
    po = _catalogue()
    assert po.metadata["Plural-Forms"] == UK_PLURALS
    assert po.metadata["Language"] == "uk"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_every_message_is_translated_not_fuzzy_with_its_placeholders():
    problems = []
    for entry in _catalogue():
        if entry.obsolete:
            continue
        where = f"{entry.msgid!r} ({entry.occurrences[0][0] if entry.occurrences else '?'})"
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {where}")
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            if sorted(forms) != [0, 1, 2] or not all(forms.values()):
                problems.append(f"needs 3 plural forms: {where}")
                continue
            expected = _placeholders(entry.msgid_plural) | _placeholders(entry.msgid)
            for text in forms.values():
                if not _placeholders(text) <= expected:
                    problems.append(f"placeholders differ: {where} -> {text!r}")
        elif not entry.msgstr:
            problems.append(f"untranslated: {where}")
        elif _placeholders(entry.msgstr) != _placeholders(entry.msgid):
            problems.append(f"placeholders differ: {where} -> {entry.msgstr!r}")
    assert not problems, "\n".join(problems)


def _ignore_for_copy(directory, names):
    skip = {".venv", "var", ".git", "locale", "node_modules", "test-artifacts", "__pycache__", ".hypothesis"}
    return [name for name in names if name in skip or name.startswith(".")]


def test_the_catalogue_holds_exactly_what_the_code_marks(tmp_path):
    """makemessages on a copy of the tree: a new marked string without its entry (or a stale entry) fails."""
    tree = tmp_path / "tree"
    shutil.copytree(ROOT, tree, ignore=_ignore_for_copy)
    env = {**os.environ, "DEBUG": "true", "STATIC_ROOT": str(tmp_path / "static")}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "uk", "--no-obsolete"],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = {_key(e) for e in polib.pofile(str(tree / "locale" / "uk" / "LC_MESSAGES" / "django.po"))}
    committed = {_key(e) for e in _catalogue() if not e.obsolete}
    missing = sorted(extracted - committed)
    stale = sorted(committed - extracted)
    assert not missing, (
        "marked but not in the catalogue (run `make messages`, then translate):\n"
        + "\n".join(repr(k) for k in missing)
    )
    assert not stale, "in the catalogue but no longer in the code (run `make messages`):\n" + "\n".join(
        repr(k) for k in stale
    )


# --- templates -------------------------------------------------------------------------------------------

VISIBLE_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label", "aria-description", "label"}
HIDDEN_ELEMENTS = {"script", "style"}
SENTINEL = "\x00"
CLOSING = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans", "comment": "endcomment"}


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_ELEMENTS:
            self._hidden += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self._check(value)
        if (
            tag == "input"
            and attributes.get("type") in {"submit", "button", "reset"}
            and attributes.get("value")
        ):
            self._check(attributes["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self._check(data)

    def _check(self, text):
        for piece in text.split(SENTINEL):
            words = [w for w in re.findall(r"[^\W\d_][\w'\u2019-]*", piece) if w not in UNTRANSLATED_OK]
            if words:
                self.found.append(piece.strip())


def unmarked_text(source: str) -> list[str]:
    """Visible text of a template that no translate tag covers (tags and variables count as marked)."""
    skeleton, closing = [], None
    for token in Lexer(source).tokenize():
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            continue
        if token.token_type == TokenType.TEXT:
            skeleton.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            closing = CLOSING.get(name)
            skeleton.append(" ")  # a tag may stand inside a start tag: <tr{% if x %} class="y"{% endif %}>
            continue
        skeleton.append(SENTINEL)
    parser = _VisibleText()
    parser.feed("".join(skeleton))
    parser.close()
    return parser.found


def _templates():
    roots = [ROOT / "templates", *(ROOT / app / "templates" for app in APPS)]
    return sorted(p for root in roots if root.is_dir() for p in root.rglob("*.html"))


def test_the_scanner_finds_unmarked_text_and_accepts_marked_text():
    assert unmarked_text("<p>Pledges</p>") == ["Pledges"]
    assert unmarked_text('<input placeholder="Search">') == ["Search"]
    assert unmarked_text('<a title="Open {{ x }}">{{ x }}</a>') == ["Open"]
    marked = (
        "{% load i18n %}<h1>{% translate 'Pledges' %}</h1>{# note #}"
        "<p>{% blocktranslate count n=3 %}one{% plural %}{{ n }} many{% endblocktranslate %}</p>"
        "{% comment %}Not shown{% endcomment %}<td>{{ pledge.amount }} EUR</td><span>—</span>"
        '<input placeholder="{% translate "Search" %}">'
    )
    assert unmarked_text(marked) == []


def test_every_template_marks_its_visible_text():
    problems = []
    for path in _templates():
        for text in unmarked_text(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(ROOT)}: {text!r}")
    assert not problems, "visible text outside {% translate %}:\n" + "\n".join(problems)


# --- Python -------------------------------------------------------------------------------------------------

USER_FACING_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label"}
MESSAGE_FUNCTIONS = {"success", "info", "warning", "error", "debug"}
# Errors whose message reaches the user (a form error, a problem+json detail); ProblemError's first is a code.
ERRORS = {"ValidationError", "Conflict", "Unavailable", "PermissionDenied"}


def _plain(node) -> bool:
    """A literal string with words in it, or an f-string: text that no gettext call wraps."""
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(LETTER.search(node.value))


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


class _UnmarkedStrings(ast.NodeVisitor):
    def __init__(self, keywords=USER_FACING_KEYWORDS):
        self.found: list[tuple[int, str]] = []
        self.keywords = keywords

    def visit_Call(self, node):
        name = _callee(node)
        for keyword in node.keywords:
            if keyword.arg in self.keywords and _plain(keyword.value):
                self.found.append((node.lineno, f"{name}({keyword.arg}=...)"))
        relation = name in {"ForeignKey", "OneToOneField", "ManyToManyField", "TreeForeignKey"}
        if name.endswith("Field") and not relation and node.args and _plain(node.args[0]):
            self.found.append((node.lineno, f"{name}(verbose name)"))
        if name in ERRORS and node.args and _plain(node.args[0]):
            self.found.append((node.lineno, name))
        if name == "add_error" and len(node.args) > 1 and _plain(node.args[1]):
            self.found.append((node.lineno, "add_error"))
        is_messages = (
            isinstance(node.func, ast.Attribute) and getattr(node.func.value, "id", "") == "messages"
        )
        if is_messages and name in MESSAGE_FUNCTIONS and len(node.args) > 1 and _plain(node.args[1]):
            self.found.append((node.lineno, f"messages.{name}"))
        self.generic_visit(node)

    def visit_ClassDef(self, node):
        is_choices = any(
            getattr(base, "attr", getattr(base, "id", "")).endswith("Choices") for base in node.bases
        )
        if is_choices:
            for statement in node.body:
                value = getattr(statement, "value", None)
                if (
                    isinstance(statement, ast.Assign)
                    and isinstance(value, ast.Tuple)
                    and _plain(value.elts[-1])
                ):
                    self.found.append((statement.lineno, f"{node.name} choice label"))
        self.generic_visit(node)


def _python_sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = set(path.relative_to(ROOT).parts)
            if parts & {"tests", "migrations", "management"}:
                continue
            yield path


def unmarked_python(source: str, keywords=USER_FACING_KEYWORDS) -> list[tuple[int, str]]:
    visitor = _UnmarkedStrings(keywords)
    visitor.visit(ast.parse(source))
    return visitor.found


def test_the_python_scanner_finds_unmarked_strings():
    source = (
        "class Kind(models.TextChoices):\n    A = 'a', 'Alpha'\n    B = 'b', _('Beta')\n"
        "x = forms.CharField(label='Name')\ny = models.CharField('name')\nz = models.CharField(_('name'))\n"
        "messages.success(request, f'Saved {x}')\nmessages.success(request, _('Saved'))\n"
        "raise ValidationError('Too big')\n"
    )
    assert [line for line, _ in unmarked_python(source)] == [2, 4, 5, 7, 9]


def test_python_user_facing_strings_are_marked():
    problems = []
    for path in _python_sources():
        # The API's field descriptions make the OpenAPI document for developers: English, like the code.
        keywords = USER_FACING_KEYWORDS - {"help_text"} if "api" in path.parts else USER_FACING_KEYWORDS
        for line, what in unmarked_python(path.read_text(encoding="utf-8"), keywords):
            problems.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert not problems, "user-facing strings without gettext:\n" + "\n".join(problems)


# --- what users see -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_read_in_ukrainian_when_the_language_is_chosen(client):
    client.post("/i18n/setlang/", {"language": "uk", "next": "/"})
    page = client.get("/accounts/login/", follow=True).content.decode()
    assert 'lang="uk"' in page
    assert "Мова" in page  # the switcher's own label
    assert ">Language<" not in page


def test_dates_and_numbers_follow_the_language():
    import datetime

    day = datetime.date(2024, 4, 2)
    with translation.override("en"):
        assert formats.date_format(day) == "2 Apr 2024"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "02/04/2024"
        assert formats.number_format(1234567.5, 2, use_l10n=True, force_grouping=True) == "1,234,567.50"
    with translation.override("uk"):
        assert formats.date_format(day) == "2 квітня 2024 \u0440."
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "02.04.2024"
        assert formats.number_format(1234567.5, 2, use_l10n=True, force_grouping=True) == "1\xa0234\xa0567,50"


@pytest.mark.django_db
def test_the_language_chosen_is_kept_in_the_profile_and_follows_the_user():
    from django.test import Client

    from coalition.models import UserPreference
    from coalition.tests.factories import UserFactory

    user = UserFactory()
    first = Client()
    first.force_login(user)
    first.post("/i18n/setlang/", {"language": "uk", "next": "/"})
    assert UserPreference.objects.get(user=user).language == "uk"

    elsewhere = Client()  # another browser: no language cookie
    elsewhere.force_login(user)
    response = elsewhere.get("/coalitions/")
    assert 'lang="uk"' in response.content.decode()
    assert response.cookies["django_language"].value == "uk"

    first.post("/i18n/setlang/", {"language": "xx", "next": "/"})  # not a portal language: nothing changes
    assert UserPreference.objects.get(user=user).language == "uk"
    first.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert UserPreference.objects.get(user=user).language == "en"


@pytest.mark.django_db
def test_anonymous_switching_stores_nothing(client):
    from coalition.models import UserPreference

    client.post("/i18n/setlang/", {"language": "uk", "next": "/"})
    assert client.cookies["django_language"].value == "uk"
    assert not UserPreference.objects.exists()


# --- one date format per language ---------------------------------------------------------------------------

# A date or time in a template goes through a format the language defines (DATE_FORMAT, SHORT_DATE_FORMAT …:
# coalition/formats/<language>/formats.py); only a machine-readable datetime="…" attribute may be ISO ("c").
DATE_ARGUMENT = re.compile(r"""(?:\|(?:date|time)\s*:\s*|\{%\s*now\s+)(["'])(.*?)\1""")
# Python: strftime() writes a fixed format whatever the language; only these file names and stamps use it.
STRFTIME_ALLOWED = {"contributions/views/pledges.py"}  # the export's file name (pledges-20240402.csv)


def hard_coded_dates(source: str) -> list[str]:
    found = []
    for match in DATE_ARGUMENT.finditer(source):
        argument = match.group(2)
        if argument.endswith("_FORMAT"):
            continue
        if argument == "c" and re.search(r'datetime="[^"]*$', source[: match.start()]):
            continue
        found.append(match.group(0))
    return found


def test_the_date_scanner_finds_hard_coded_formats():
    assert hard_coded_dates('{{ e.at|date:"Y-m-d H:i" }} {% now "Y" %} {{ t|time:"H:i" }}') == [
        '|date:"Y-m-d H:i"',
        '{% now "Y"',
        '|time:"H:i"',
    ]
    assert hard_coded_dates("{% blocktranslate with d=p.on|date:'Y-m-d' %}") == ["|date:'Y-m-d'"]
    fine = '<time datetime="{{ m.at|date:\'c\' }}">{{ m.at|date:"DATETIME_FORMAT" }}</time>'
    fine += '{% now "DATE_FORMAT" %}'
    assert hard_coded_dates(fine) == []
    assert hard_coded_dates("<td>{{ m.at|date:'c' }}</td>") == ["|date:'c'"]  # ISO shown to a person


def test_no_template_or_python_text_hard_codes_a_date_format():
    problems = [
        f"{path.relative_to(ROOT)}: {found}"
        for path in _templates()
        for found in hard_coded_dates(path.read_text(encoding="utf-8"))
    ]
    for path in _python_sources():
        name = path.relative_to(ROOT).as_posix()
        if name not in STRFTIME_ALLOWED and ".strftime(" in path.read_text(encoding="utf-8"):
            problems.append(f"{name}: strftime() (use django.utils.formats.date_format)")
    assert not problems, "dates in a fixed format, not the language's:\n" + "\n".join(problems)


def _iso_in_messages(source: str) -> list[int]:
    """Lines where a translated message (`_("…") % {...}`) is filled with `.isoformat()`: a date a person
    reads goes through `coalition.figures.day` (the language's format), not ISO."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod)):
            continue
        left = node.left
        if not (isinstance(left, ast.Call) and getattr(left.func, "id", "") in {"_", "gettext", "ngettext"}):
            continue
        if any(
            isinstance(inner, ast.Call) and getattr(inner.func, "attr", "") == "isoformat"
            for inner in ast.walk(node.right)
        ):
            found.append(node.lineno)
    return found


def test_the_message_scanner_finds_iso_dates():
    assert _iso_in_messages('_("since %(d)s") % {"d": on.isoformat()}') == [1]
    assert _iso_in_messages('_("since %(d)s") % {"d": day(on)}') == []
    assert _iso_in_messages("json.dumps([at.isoformat()])") == []


# A message answered only to an API client that sent the value in ISO (creating a token with a token).
ISO_MESSAGES_ALLOWED = {"coalition/tokens.py"}


def test_no_message_shows_an_iso_date():
    problems = [
        f"{path.relative_to(ROOT).as_posix()}:{line}"
        for path in _python_sources()
        if path.relative_to(ROOT).as_posix() not in ISO_MESSAGES_ALLOWED
        for line in _iso_in_messages(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "messages with ISO dates (use coalition.figures.day):\n" + "\n".join(problems)
