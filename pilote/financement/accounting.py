"""Import of commitments and payments from an accounting extract (CSV or XLSX), reconciling
Pilote with the State's accounts. All or nothing, idempotent (a line already recorded with the
same amount and date is left as it is), a dry run that writes nothing, every problem named by
line and column. Each line goes through the services (rights, amounts within the level above).

Columns (header names: accents, case and spaces ignored):
  type          engagement | paiement
  programmation the programming's number in Pilote (engagement lines)
  engagement    the commitment's reference (its own for an engagement line, the one paid for a
                payment line)
  reference     the payment's reference (payment lines)
  date          JJ/MM/AAAA or AAAA-MM-JJ
  montant       1 234,56 or 1234.56
  piece         the accounting document (optional)
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from django.utils.translation import gettext as _

from pilote.core.tabular import ImportOutcome, Problem, Rejected, apply_lines, table_rows
from pilote.financement import services
from pilote.financement.models import Allocation, Commitment, Payment

COLUMNS = ("type", "programmation", "engagement", "reference", "date", "montant", "piece")
REQUIRED = ("type", "engagement", "date", "montant")
KINDS = {"engagement": "engagement", "paiement": "paiement", "payment": "paiement"}


@dataclass
class Outcome(ImportOutcome):
    commitments: int = 0
    payments: int = 0
    unchanged: int = 0
    COUNTS: ClassVar[tuple] = ("commitments", "payments", "unchanged")

    def summary(self) -> str:
        return _("%(c)d engagement(s) et %(p)d paiement(s) créés, %(u)d ligne(s) déjà à jour") % {
            "c": self.commitments,
            "p": self.payments,
            "u": self.unchanged,
        }


def _date(text: str):
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _amount(text: str):
    cleaned = "".join(c for c in text if c not in " \u00a0\u202f€").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        return None
    return value


def _check(line: int, row: dict, problems: list):
    """The line's parsed values, or None with its problems appended."""
    kind = KINDS.get(row["type"].strip().lower())
    found = []
    if kind is None:
        found.append(
            Problem(line, "type", _("« %s » : engagement ou paiement attendu") % row["type"])
        )
    date = _date(row["date"])
    if date is None:
        found.append(Problem(line, "date", _("« %s » : date JJ/MM/AAAA attendue") % row["date"]))
    amount = _amount(row["montant"])
    if amount is None:
        found.append(
            Problem(
                line,
                "montant",
                _("« %s » : montant positif attendu, au centime près") % row["montant"],
            )
        )
    if not row["engagement"]:
        found.append(Problem(line, "engagement", _("référence de l'engagement manquante")))
    if kind == "engagement" and not row.get("programmation", "").isdigit():
        found.append(
            Problem(line, "programmation", _("numéro de la programmation dans Pilote attendu"))
        )
    if kind == "paiement" and not row.get("reference"):
        found.append(Problem(line, "reference", _("référence du paiement manquante")))
    problems.extend(found)
    return None if found else (kind, date, amount)


def _apply(user, line, row, kind, date, amount, outcome):
    if kind == "engagement":
        allocation = (
            Allocation.objects.visible_to(user).filter(pk=int(row["programmation"])).first()
        )
        if allocation is None:
            raise Rejected(
                [
                    Problem(
                        line,
                        "programmation",
                        _("programmation n° %s inconnue") % row["programmation"],
                    )
                ]
            )
        existing = Commitment.objects.filter(
            allocation=allocation, reference=row["engagement"]
        ).first()
        if existing is not None:
            if (existing.amount, existing.decided_on) != (amount, date):
                raise Rejected(
                    [
                        Problem(
                            line,
                            "montant",
                            _("engagement déjà enregistré avec un autre montant ou une autre date"),
                        )
                    ]
                )
            outcome.unchanged += 1
            return
        services.commit(
            acting_user=user,
            allocation=allocation,
            reference=row["engagement"],
            decided_on=date,
            amount=amount,
        )
        outcome.commitments += 1
        return
    commitments = list(Commitment.objects.visible_to(user).filter(reference=row["engagement"])[:2])
    if not commitments:
        raise Rejected(
            [Problem(line, "engagement", _("engagement « %s » inconnu") % row["engagement"])]
        )
    if len(commitments) > 1:
        raise Rejected(
            [
                Problem(
                    line,
                    "engagement",
                    _("plusieurs engagements portent la référence « %s »") % row["engagement"],
                )
            ]
        )
    existing = Payment.objects.filter(commitment=commitments[0], reference=row["reference"]).first()
    if existing is not None:
        if (existing.amount, existing.paid_on) != (amount, date):
            raise Rejected(
                [
                    Problem(
                        line,
                        "montant",
                        _("paiement déjà enregistré avec un autre montant ou une autre date"),
                    )
                ]
            )
        outcome.unchanged += 1
        return
    services.pay(
        acting_user=user,
        commitment=commitments[0],
        paid_on=date,
        amount=amount,
        reference=row["reference"],
        document=row.get("piece", ""),
    )
    outcome.payments += 1


# the services' fields as the file's columns, to name a problem they find
FIELD_COLUMNS = {
    "amount": "montant",
    "reference": "reference",
    "decided_on": "date",
    "paid_on": "date",
}


def import_accounting(data: bytes, *, acting_user, dry_run: bool = False, progress=None) -> Outcome:
    """Read, check and apply an accounting extract; nothing is written unless every line
    passes (and never in a dry run)."""
    outcome = Outcome(dry_run=dry_run)
    try:
        rows = table_rows(data, COLUMNS, REQUIRED)
    except Rejected as exc:
        outcome.problems = exc.problems
        return outcome
    parsed = [(line, row, _check(line, row, outcome.problems)) for line, row in rows]
    if outcome.problems:
        return outcome
    apply_lines(
        [(line, (line, row, *values)) for line, row, values in parsed],
        lambda item: _apply(acting_user, *item, outcome),
        outcome=outcome,
        columns=FIELD_COLUMNS,
        progress=progress,
    )
    return outcome
