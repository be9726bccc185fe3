"""Small display helpers for text shown to users."""


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters, cut with "…"."""
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def display_width(text: str) -> int:
    """Columns the text takes in a fixed-width layout: two for a wide (CJK, full-width) character, one otherwise.

    (unicodedata's East Asian Width, as a PDF or a terminal lays text out; wcwidth would add a dependency for
    the same answer on the characters plans use.)"""
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)
