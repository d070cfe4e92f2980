"""Text that leaves the portal in a line-oriented format: e-mail headers and iCalendar properties.

A title typed or sent with CR/LF or other control characters (BEL, NUL, U+2028...) must not break a header
into two, nor make a calendar library refuse the event: `one_line` makes it a single line, `plain_text`
keeps line breaks (as \\n) but drops every other control character.
"""

import re
import unicodedata

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r"\s+")


def _is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


def one_line(text) -> str:
    """`text` on one line: control characters and line breaks become spaces, runs of space one space."""
    if text is None:
        return ""
    cleaned = "".join(" " if _is_control(char) else char for char in str(text))
    return _SPACES.sub(" ", cleaned).strip()


def plain_text(text) -> str:
    """`text` with its line breaks as \\n and tabs kept; every other control character removed."""
    if text is None:
        return ""
    lines = _LINE_BREAKS.sub("\n", str(text))
    return "".join(char for char in lines if char in "\n\t" or not _is_control(char))
