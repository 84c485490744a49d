"""The national reference lists of funding (funders, budget lines) and the Bourgogne-Franche-
Comté FIR table of 2015–2016 (data/README.md gives its provenance)."""

import csv
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from pilote.core.history import save_with_history
from pilote.financement import services
from pilote.financement.models import (
    BudgetLine,
    Channel,
    Domain,
    Envelope,
    Funder,
    FunderKind,
    Origin,
)

DATA = Path(__file__).parent / "data"
FIR_SOURCE = (
    "ARS Bourgogne-Franche-Comté, feuille de route 2016 du département E-santé, "
    "« Détail des financements 2016 » (document 004 des sources)"
)

FUNDERS = [
    ("ars-fir", _l("ARS — fonds d'intervention régional (FIR)"), FunderKind.ARS_FIR),
    ("ars-cnr", _l("ARS — crédits non reconductibles (CNR)"), FunderKind.ARS_CNR),
    ("agence-nationale", _l("Agence du numérique en santé"), FunderKind.NATIONAL_AGENCY),
    ("assurance-maladie", _l("Assurance maladie"), FunderKind.HEALTH_INSURANCE),
    ("membres-grades", _l("Membres du GRADeS"), FunderKind.GRADES_MEMBERS),
    ("conseil-regional", _l("Conseil régional"), FunderKind.REGION_COUNCIL),
    ("feder", _l("Fonds européens (FEDER)"), FunderKind.EU_FUNDS),
    ("usagers", _l("Contribution des utilisateurs"), FunderKind.USERS),
]

# code, name, domain, position, channel, origin (of the FIR table's envelopes)
LINES = [
    ("telemedecine-gcs", _l("Télémédecine — crédits passant par les GCS"),
     Domain.TELEMEDICINE, 1, Channel.GRADES, Origin.REGIONAL),
    ("telemedecine-etablissements", _l("Télémédecine — crédits passant par les établissements"),
     Domain.TELEMEDICINE, 2, Channel.ESTABLISHMENTS, Origin.REGIONAL),
    ("telemedecine-article-36", _l("Télémédecine — crédits article 36"),
     Domain.TELEMEDICINE, 3, Channel.OTHER, Origin.EARMARKED),
    ("e-sante-gcs", _l("E-santé — crédits passant par les GCS"),
     Domain.E_HEALTH, 1, Channel.GRADES, Origin.REGIONAL),
    ("e-sante-etablissements", _l("E-santé — crédits passant par les établissements"),
     Domain.E_HEALTH, 2, Channel.ESTABLISHMENTS, Origin.REGIONAL),
    ("e-sante-paerpa", _l("E-santé — PAERPA"),
     Domain.E_HEALTH, 3, Channel.OTHER, Origin.REGIONAL),
    ("e-sante-eticss", _l("E-santé — ETICSS"),
     Domain.E_HEALTH, 4, Channel.OTHER, Origin.REGIONAL),
]  # fmt: skip


def _upsert(model, key: dict, values: dict, acting_user):
    instance = model.objects.filter(**key).first() or model(**key)
    if instance.pk and all(getattr(instance, k) == v for k, v in values.items()):
        return instance
    for name, value in values.items():
        setattr(instance, name, value)
    instance.full_clean()
    save_with_history(instance, acting_user=acting_user, reason=_("Référentiel"))
    return instance


@transaction.atomic
def load_funding_reference(*, acting_user) -> tuple[int, int]:
    """Funders and budget lines (idempotent); returns their counts."""
    for code, name, kind in FUNDERS:
        _upsert(Funder, {"code": code}, {"name": str(name), "kind": kind}, acting_user)
    for code, name, domain, position, _channel, _origin in LINES:
        _upsert(
            BudgetLine,
            {"code": code},
            {"name": str(name), "domain": domain, "position": position},
            acting_user,
        )
    return Funder.objects.count(), BudgetLine.objects.count()


@transaction.atomic
def load_fir_bfc(*, acting_user, region) -> list[Envelope]:
    """The FIR envelopes of Bourgogne-Franche-Comté, 2015 and 2016 (idempotent)."""
    load_funding_reference(acting_user=acting_user)
    fir = Funder.objects.get(code="ars-fir")
    specs = {code: (channel, origin) for code, _n, _d, _p, channel, origin in LINES}
    envelopes = []
    with (DATA / "fir_bfc_2015_2016.csv").open(encoding="utf-8") as file:
        for row in csv.DictReader(file, delimiter=";"):
            channel, origin = specs[row["ligne"]]
            line = BudgetLine.objects.get(code=row["ligne"])
            key = {"region": region, "funder": fir, "year": int(row["annee"]), "line": line}
            envelope = Envelope.objects.filter(**key, origin=origin).first() or Envelope(
                **key, origin=origin
            )
            values = {
                "amount": Decimal(row["montant"]),
                "channel": channel,
                "source": FIR_SOURCE,
            }
            if envelope.pk and all(getattr(envelope, k) == v for k, v in values.items()):
                envelopes.append(envelope)
                continue
            for name, value in values.items():
                setattr(envelope, name, value)
            envelopes.append(services.save_envelope(acting_user=acting_user, envelope=envelope))
    return envelopes
