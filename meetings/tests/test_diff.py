"""The revision diff is complete: applying it to the old text gives the new text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.selectors import text_diff

lines = st.lists(
    st.sampled_from(["alpha", "beta", "gamma", "delta", "", "Ukraine", "€30 million"]), max_size=30
)


def rebuild(old_lines, rows):
    """Apply the diff: keep unchanged lines (folded runs included), drop deletions, add insertions."""
    result, cursor = [], 0
    for row in rows:
        if row.kind == "skip":
            continue
        if row.old_number is not None:
            result.extend(old_lines[cursor : row.old_number - 1])
            cursor = row.old_number
        if row.kind in ("equal", "insert"):
            result.append(row.text)
    result.extend(old_lines[cursor:])
    return result


@settings(max_examples=200, deadline=None)
@given(old=lines, new=lines)
def test_applying_the_diff_gives_the_new_text(old, new):
    rows = text_diff("\n".join(old), "\n".join(new))
    old_lines = "\n".join(old).splitlines()
    assert rebuild(old_lines, rows) == "\n".join(new).splitlines()
    assert (rows == []) == (old_lines == "\n".join(new).splitlines())
