"""Small display helpers for text shown to users."""


def shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters, cut with "…"."""
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"
