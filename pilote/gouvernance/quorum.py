"""The quorum of a meeting, computed from its body's voting seats on the meeting's day and the
attendance recorded: titulars present, substitutes standing in, and proxies held by a seat
represented in person (within the body's limit per holder). The rule for a second convocation
comes from the body (no quorum, a lower one, or the same)."""

import math
from dataclasses import dataclass
from fractions import Fraction

from pilote.gouvernance.models import Body, Presence, Seat, SecondConvocation
from pilote.gouvernance.models_meetings import COUNTED_IN_PERSON


@dataclass(frozen=True)
class Quorum:
    voting_seats: int
    present: int
    substitutes: int
    proxies: int
    required: int
    recorded: bool

    @property
    def counted(self) -> int:
        return self.present + self.substitutes + self.proxies

    @property
    def met(self) -> bool:
        return self.counted >= self.required

    @property
    def missing(self) -> int:
        return max(0, self.required - self.counted)


def required_fraction(body: Body, second_convocation: bool) -> Fraction:
    if second_convocation and body.second_convocation == SecondConvocation.NO_QUORUM:
        return Fraction(0)
    if second_convocation and body.second_convocation == SecondConvocation.LOWER_QUORUM:
        return Fraction(body.second_quorum_numerator, body.second_quorum_denominator)
    return Fraction(body.quorum_numerator, body.quorum_denominator)


def voting_seats(meeting):
    return Seat.objects.filter(body=meeting.body_id, voting=True).active_on(
        meeting.starts_at.date()
    )


def compute(meeting, rows=None) -> Quorum:
    """The quorum of `meeting`; `rows` (seat id → (presence, proxy seat id)) replaces what is
    recorded, so a form can show the quorum of what is being typed before it is saved."""
    seats = set(voting_seats(meeting).values_list("pk", flat=True))
    if rows is None:
        rows = {a.seat_id: (a.presence, a.proxy_to_id) for a in meeting.attendances.all()}
    in_person = {pk for pk, (presence, _) in rows.items() if presence in COUNTED_IN_PERSON}
    present = sum(1 for pk in seats if rows.get(pk, ("",))[0] == Presence.PRESENT)
    substitutes = sum(1 for pk in seats if rows.get(pk, ("",))[0] == Presence.SUBSTITUTE)
    body = meeting.body
    held: dict[int, int] = {}
    proxies = 0
    if body.proxies_allowed:
        for pk in sorted(seats):
            presence, holder = rows.get(pk, ("", None))
            if (
                presence == Presence.PROXY
                and holder in in_person
                and holder in seats
                and held.get(holder, 0) < body.max_proxies_per_holder
            ):
                held[holder] = held.get(holder, 0) + 1
                proxies += 1
    fraction = required_fraction(body, meeting.is_second_convocation)
    return Quorum(
        voting_seats=len(seats),
        present=present,
        substitutes=substitutes,
        proxies=proxies,
        required=math.ceil(len(seats) * fraction),
        recorded=bool(rows),
    )
