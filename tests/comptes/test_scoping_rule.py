"""Rules of the code that keep access decided in one place, checked by reading the code (so
that they hold for the modules written later too).

- Reads are narrowed by region only in `pilote/comptes/scoping.py`: elsewhere, a QuerySet is
  narrowed with `.visible_to(user)`, `.in_region(region)` or `.in_regions(ids)`, never with a
  `region=` / `region_id__in=` / `…__region=` filter or with the user's `region_ids`.
- The SYSTEM actor (which passes every permission check) is used only by management commands
  and the demonstration loaders.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "pilote"
SCOPING_MODULES = {"comptes/scoping.py", "comptes/access.py"}
QUERY_METHODS = {"filter", "exclude", "get", "get_or_create", "update_or_create", "Q"}
REGION_LOOKUP = re.compile(r"(^|__)region(_id)?($|__)")
SYSTEM_ALLOWED = re.compile(r"(^|/)(management/commands/[^/]+|demo)\.py$")


def python_modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" not in relative:
            yield relative, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _called_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def region_filters(tree) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) in QUERY_METHODS:
            found += [
                f"ligne {node.lineno} : {_called_name(node)}({kw.arg}=…)"
                for kw in node.keywords
                if kw.arg and REGION_LOOKUP.search(kw.arg) and not kw.arg.endswith("__isnull")
            ]
        if isinstance(node, ast.Attribute) and node.attr == "region_ids":
            found.append(f"ligne {node.lineno} : .region_ids")
    return found


def test_region_scoping_is_written_only_in_the_scoping_module():
    offenders = {
        module: found
        for module, tree in python_modules()
        if module not in SCOPING_MODULES and (found := region_filters(tree))
    }
    assert offenders == {}, (
        "filtrez par région avec .visible_to(user) / .in_region() / .in_regions() "
        f"(pilote/comptes/scoping.py) : {offenders}"
    )


def test_the_rule_catches_a_hand_written_region_filter():
    """The check itself: it sees the forms a hand-written scope takes."""
    samples = [
        "Project.objects.filter(region=region)",
        "qs.filter(code='X', region_id__in=ids)",
        "qs.exclude(strategy__region=region)",
        "Q(region__code='84')",
        "if project.region_id in access.region_ids: pass",
    ]
    for sample in samples:
        assert region_filters(ast.parse(sample)), sample
    assert not region_filters(ast.parse("Project(region=region); qs.in_region(region)"))


def test_only_commands_and_demo_loaders_act_as_the_system():
    offenders = [
        module
        for module, tree in python_modules()
        if module != "comptes/access.py"
        and not SYSTEM_ALLOWED.search(module)
        and any(
            isinstance(node, ast.ImportFrom) and any(a.name == "SYSTEM" for a in node.names)
            for node in ast.walk(tree)
        )
    ]
    assert offenders == []
