"""Every plural message of the templates follows the French rule: 0 and 1 are singular. The
messages are written in French; `pilote/locale/fr` (make messages) must hold each of them, else
Django falls back to the English rule ("0 services")."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

import pilote

BLOCK = re.compile(
    r"{% blocktranslate count (\w+)=[^%]*?( trimmed)? %}(.*?){% endblocktranslate %}", re.S
)
TEMPLATES = sorted(Path(pilote.__file__).parent.glob("**/templates/**/*.html"))


def _plural_blocks():
    for path in TEMPLATES:
        for match in BLOCK.finditer(path.read_text(encoding="utf-8")):
            yield pytest.param(match, id=f"{path.parent.name}/{path.name}:{match.group(1)}")


@pytest.mark.parametrize("match", list(_plural_blocks()))
def test_zero_takes_the_singular(match):
    variable, trimmed, body = match.groups()
    source = "{% load i18n %}{% blocktranslate count " + variable + "=n" + (trimmed or "")
    source += " %}" + body + "{% endblocktranslate %}"
    template = Template(source)
    with translation.override("fr"):
        zero = template.render(Context({"n": 0}))
        one = template.render(Context({"n": 1}))
    assert zero == one.replace("1", "0"), f"{zero!r} should read like {one!r}: run make messages"
