"""`pilote/core` is ground level: shared helpers (history, bulk writes, exports, form pages) that
the domain apps import, importing none of them. Checked by reading the code, so that it holds
for modules written later too. What draws on every domain app (home pages, to-do list, demo)
lives in `pilote/accueil`; notifications in `pilote/notifications`.
"""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "pilote" / "core"
ABOVE_CORE = (
    "acteurs",
    "cadre",
    "portefeuille",
    "indicateurs",
    "territoires",
    "comptes",
    "accueil",
    "notifications",
)
# The imports still tolerated, each with why; the test also fails once one is no longer needed,
# so that the list only shrinks.
TOLERATED = {
    # TokenAuth looks the API token up; it belongs in comptes, which this branch may not edit
    # (another branch is reworking tokens in this very file).
    ("api_auth.py", "pilote.comptes.services"),
    # Stays in core while another branch adds its DEBUG guard; it moves to
    # pilote/accueil/management/commands/ once that is merged.
    ("management/commands/load_demo.py", "pilote.accueil.demo"),
}


def _module_of(path: Path) -> str:
    relative = path.relative_to(CORE.parent.parent).with_suffix("")
    return ".".join(relative.parts)


def imported_modules(tree: ast.AST, module: str) -> set[str]:
    """Every module a file imports, relative imports resolved, plus the modules named to
    `import_module` / `import_string` and the apps named to `apps.get_model`."""
    package = module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Call) and node.args:
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                if name in ("import_module", "import_string"):
                    found.add(first.value)
                elif name == "get_model":
                    found.add(f"pilote.{first.value.split('.')[0]}")
    return found


def _app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "pilote" else ""


def domain_imports(tree: ast.AST, module: str) -> set[str]:
    return {name for name in imported_modules(tree, module) if _app_of(name) in ABOVE_CORE}


def _outermost(names: set[str]) -> set[str]:
    """`from pilote.x.y import z` yields pilote.x.y and pilote.x.y.z: keep pilote.x.y."""
    return {n for n in names if not any(n.startswith(f"{o}.") for o in names if o != n)}


def core_domain_imports() -> set[tuple[str, str]]:
    found = set()
    for path in sorted(CORE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        relative = path.relative_to(CORE).as_posix()
        found |= {(relative, name) for name in _outermost(domain_imports(tree, _module_of(path)))}
    return found


def test_core_imports_no_domain_app():
    found = core_domain_imports()
    assert found - TOLERATED == set(), (
        "pilote/core ne doit importer aucune application métier : déplacez ce code dans "
        "l'application concernée ou dans pilote/accueil"
    )


def test_each_tolerated_import_is_still_needed():
    assert TOLERATED - core_domain_imports() == set(), "retirez l'exception devenue inutile"


def test_the_check_sees_every_way_of_importing_a_domain_app():
    module = "pilote.core.sample"
    samples = {
        "import pilote.acteurs.models": "pilote.acteurs.models",
        "from pilote.indicateurs.models import Report": "pilote.indicateurs.models",
        "from pilote import portefeuille": "pilote.portefeuille",
        "from ..territoires import lookups": "pilote.territoires",
        "from ..cadre.models import FrameworkVersion": "pilote.cadre.models",
        "import_module('pilote.accueil.views')": "pilote.accueil.views",
        "apps.get_model('notifications', 'OptOut')": "pilote.notifications",
        "def f():\n    from pilote.comptes.access import access_for": "pilote.comptes.access",
    }
    for code, expected in samples.items():
        assert expected in domain_imports(ast.parse(code), module), code
    harmless = "from pilote.core.history import save_with_history\nfrom . import bulk"
    assert domain_imports(ast.parse(harmless), module) == set()
