"""Demo territories: the infra-regional areas an ARS defines (idempotent)."""

from pilote.comptes.access import SYSTEM
from pilote.territoires.models import InfraKind, Level, Territory
from pilote.territoires.services import create_infra_territory

# Infra-regional areas the ARS Auvergne-Rhône-Alpes defines for its CASSIS (demo layout).
CASSIS_AREAS = {
    "84": (
        ("CASSIS-AUV", "CASSIS Auvergne", ("03", "15", "43", "63")),
        ("CASSIS-RL", "CASSIS Rhône-Loire", ("42", "69")),
        ("CASSIS-ALP", "CASSIS Alpes", ("38", "73", "74")),
        ("CASSIS-ADV", "CASSIS Ain-Drôme-Ardèche", ("01", "07", "26")),
    ),
}


def load_infra_territories(region: Territory) -> None:
    for code, name, deps in CASSIS_AREAS.get(region.code, ()):
        if not Territory.objects.filter(level=Level.INFRA, code=code).exists():
            create_infra_territory(
                acting_user=SYSTEM,
                region=region,
                code=code,
                name=name,
                kind=InfraKind.CASSIS,
                departements=list(region.children.departements().filter(code__in=deps)),
            )
