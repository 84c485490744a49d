import subprocess
import tempfile


def pdftotext(content: bytes, option: str) -> str:
    """What pdftotext (poppler-utils) reads in a PDF, with `option` (-layout, -bbox)."""
    assert content.startswith(b"%PDF")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(
            ["/usr/bin/pdftotext", option, pdf.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout


def pdf_text(content: bytes) -> str:
    """The text of a PDF, read back with pdftotext."""
    return pdftotext(content, "-layout")


def words_past_the_margin(content: bytes, margin_pt: float) -> list[str]:
    """The words of a PDF that reach into the right margin (or past the page's edge), read
    with `pdftotext -bbox`: a table too wide for its page."""
    import re

    boxes = pdftotext(content, "-bbox")
    found = []
    for page in re.finditer(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', boxes, re.S):
        limit = float(page.group(1)) - margin_pt + 1  # a point of rounding
        found += [
            word.group(2)
            for word in re.finditer(r'xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page.group(2))
            if float(word.group(1)) > limit
        ]
    return found
