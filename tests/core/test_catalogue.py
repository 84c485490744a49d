"""The French catalogue holds every message the code marks for translation, each with its
text, and the compiled .mo that Pilote reads is the .po's compilation."""

import re
import shutil
import subprocess
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

PILOTE = Path(__file__).resolve().parents[2] / "pilote"
CATALOGUE = PILOTE / "locale" / "fr" / "LC_MESSAGES"
ENTRY = re.compile(r'^msgid "(.*)"\n((?:".*"\n)*)', re.MULTILINE)


def msgids(po_text: str) -> set[str]:
    """Each entry's msgid, continuation lines joined (the header's empty msgid left out)."""
    found = set()
    for first, more in ENTRY.findall(po_text):
        text = first + "".join(line[1:-1] for line in more.splitlines())
        if text:
            found.add(text)
    return found


def test_every_marked_message_is_in_the_catalogue(tmp_path, monkeypatch):
    source = tmp_path / "pilote"
    shutil.copytree(
        PILOTE,
        source,
        ignore=shutil.ignore_patterns("static", "locale", "__pycache__", "*.pyc", "data"),
    )
    (source / "locale").mkdir()
    monkeypatch.chdir(source)
    with override_settings(LOCALE_PATHS=[source / "locale"]):
        call_command("makemessages", locale=["fr"], no_location=True, verbosity=0)
    extracted = msgids((source / "locale/fr/LC_MESSAGES/django.po").read_text())
    committed = msgids((CATALOGUE / "django.po").read_text())
    assert len(extracted) > 1000
    missing = sorted(extracted - committed)
    assert missing == [], (
        f"{len(missing)} messages absents du catalogue (make messages) : {missing[:10]}"
    )
    stale = sorted(committed - extracted)
    assert stale == [], (
        f"messages du catalogue que le code n'emploie plus (make messages) : {stale[:10]}"
    )


def test_no_message_is_left_without_its_text():
    text = (CATALOGUE / "django.po").read_text()
    body = text.split("\n\n", 1)[1]
    assert "#, fuzzy" not in body
    assert not re.search(r'^msgstr(\[\d\])? ""\n(?!")', body, re.MULTILINE)


def test_the_compiled_catalogue_is_the_po_compiled(tmp_path):
    compiled = tmp_path / "django.mo"
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: install Debian's gettext (.ci/run does it)"
    subprocess.run(
        [msgfmt, "--check-format", "-o", str(compiled), str(CATALOGUE / "django.po")],
        check=True,
    )
    assert compiled.read_bytes() == (CATALOGUE / "django.mo").read_bytes(), "make messages"
