"""Helpers for the PDFs Lapak prints (poster, receipt, TPP list) with fpdf2's core fonts."""


def latin1(text) -> str:
    """The PDF core fonts speak Latin-1; anything else (an en dash in opening hours) is written plainly."""
    text = str(text)
    return text.replace("\u2013", "-").replace("\u2014", "-").encode("latin-1", "replace").decode("latin-1")
