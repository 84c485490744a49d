import subprocess
import tempfile


def pdf_text(content: bytes) -> str:
    """The text of a PDF, read back with pdftotext (poppler-utils)."""
    assert content.startswith(b"%PDF")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(
            ["/usr/bin/pdftotext", "-layout", pdf.name, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
