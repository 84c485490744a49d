"""The governance forms. Dates and times are typed in Europe/Paris (the site's time zone)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.acteurs.models import Organisation
from pilote.comptes.access import access_for
from pilote.comptes.models import User
from pilote.core.forms import PiloteForm
from pilote.gouvernance.models import (
    Action,
    ActionStatus,
    Adhesion,
    Decision,
    DirectorAppointment,
    EthicsReferral,
    Meeting,
    Presence,
    Seat,
)
from pilote.portefeuille.models import Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def body_projects(user, body):
    projects = Project.objects.visible_to(user)
    return projects.in_region(body.region) if body.region_id else projects


def body_organisations(user, body):
    organisations = Organisation.objects.visible_to(user).filter(is_active=True)
    return organisations.in_region(body.region) if body.region_id else organisations


def possible_owners(body):
    """The accounts that may own an action: those who read the body (its region's, or all)."""
    users = User.objects.filter(is_active=True, memberships__is_active=True)
    if body.region_id:
        regional = Organisation.objects.in_region(body.region)
        users = users.filter(memberships__organisation__in=regional)
    return users.distinct().order_by("last_name", "first_name")


class SeatForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Seat
        fields = [
            "organisation",
            "college",
            "titular",
            "titular_email",
            "substitute",
            "substitute_email",
            "voting",
            "starts_on",
        ]
        widgets = {"starts_on": DATE}

    def __init__(self, *args, user, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = body_organisations(user, body)


class EndSeatForm(PiloteForm):
    ends_on = forms.DateField(label=_("Fin du mandat"), widget=DATE)


class AdhesionForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Adhesion
        fields = ["organisation", "signatory", "signatory_function", "signed_on", "scan"]
        widgets = {"signed_on": DATE}

    def __init__(self, *args, user, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = body_organisations(user, body)


class WithdrawalForm(PiloteForm):
    requested_on = forms.DateField(label=_("Demande écrite reçue le"), widget=DATE)
    withdrawn_on = forms.DateField(label=_("Retrait effectif le"), widget=DATE)
    letter = forms.FileField(label=_("Courrier de retrait"), required=False)


class MeetingForm(PiloteForm, forms.ModelForm):
    starts_at = forms.DateTimeField(label=_("Début (heure de Paris)"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Fin (heure de Paris)"), widget=DATETIME)
    video_link = forms.URLField(
        label=_("Lien de visioconférence"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place", "video_link"]


class ReconveneForm(PiloteForm):
    starts_at = forms.DateTimeField(label=_("Début (heure de Paris)"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Fin (heure de Paris)"), widget=DATETIME)


class ItemForm(PiloteForm):
    title = forms.CharField(label=_("Point"), max_length=255)
    project = forms.ModelChoiceField(
        label=_("Projet concerné"), queryset=Project.objects.none(), required=False
    )

    def __init__(self, *args, user, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = body_projects(user, body).order_by("code")


class NotesForm(PiloteForm):
    notes = forms.CharField(label=_("Notes de discussion"), widget=forms.Textarea, required=False)


class DecisionForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["item", "text", "votes_for", "votes_against", "abstentions", "project"]

    def __init__(self, *args, user, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        self.fields["project"].queryset = body_projects(user, meeting.body).order_by("code")


class ActionForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = Action
        fields = ["item", "title", "owner", "due_on"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = meeting.items.all()
        self.fields["owner"].queryset = possible_owners(meeting.body)
        self.fields["owner"].label_from_instance = lambda u: f"{u.get_full_name()} ({u.email})"


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(body=action.meeting.body_id)


class RecusalForm(PiloteForm):
    seat = forms.ModelChoiceField(label=_("Siège qui se déporte"), queryset=Seat.objects.none())
    note = forms.CharField(label=_("Motif"), max_length=255, required=False)

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = seats


class ApprovalForm(PiloteForm):
    approved_in = forms.ModelChoiceField(
        label=_("Réunion qui approuve le compte rendu"), queryset=Meeting.objects.none()
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_in"].queryset = Meeting.objects.filter(
            body=meeting.body_id, starts_at__gt=meeting.starts_at
        ).order_by("starts_at")


class AttendanceForm(PiloteForm):
    """One presence (and, for a proxy, its holder) per seat held on the meeting's day."""

    def __init__(self, *args, seats, initial_rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.seats = list(seats)
        choices = [("", "—"), *Presence.choices]
        holders = [("", "—")] + [(str(s.pk), str(s)) for s in self.seats]
        for seat in self.seats:
            presence, proxy = initial_rows.get(seat.pk, ("", None))
            self.fields[f"presence_{seat.pk}"] = forms.ChoiceField(
                label=_("Présence : %s") % seat, choices=choices, required=False, initial=presence
            )
            self.fields[f"proxy_{seat.pk}"] = forms.ChoiceField(
                label=_("Procuration de %s à") % seat,
                choices=holders,
                required=False,
                initial=str(proxy or ""),
            )

    def rows(self) -> dict:
        by_pk = {s.pk: s for s in self.seats}
        rows = {}
        for seat in self.seats:
            presence = self.cleaned_data.get(f"presence_{seat.pk}")
            if presence:
                proxy = self.cleaned_data.get(f"proxy_{seat.pk}")
                rows[seat] = (presence, by_pk.get(int(proxy)) if proxy else None)
        return rows

    def pairs(self):
        return [(s, self[f"presence_{s.pk}"], self[f"proxy_{s.pk}"]) for s in self.seats]


class DirectorForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = DirectorAppointment
        fields = [
            "kind",
            "director",
            "decided_on",
            "meeting",
            "ars_agreement_on",
            "ars_agreement_reference",
        ]
        widgets = {"decided_on": DATE, "ars_agreement_on": DATE}

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(body=body.pk)


class ReferralForm(PiloteForm, forms.ModelForm):
    class Meta:
        model = EthicsReferral
        fields = ["committee", "requester_organisation", "title", "question"]

    def __init__(self, *args, user, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        held = {pk for pks in access_for(user).organisations_by_role.values() for pk in pks}
        self.fields["requester_organisation"].queryset = Organisation.objects.filter(pk__in=held)
        self.fields["requester_organisation"].empty_label = _("À titre personnel")


class ScreeningForm(PiloteForm):
    note = forms.CharField(label=_("Message au demandeur"), widget=forms.Textarea, required=False)


class RejectionForm(PiloteForm):
    note = forms.CharField(label=_("Motif d'irrecevabilité"), widget=forms.Textarea)


class OpinionForm(PiloteForm):
    opinion = forms.CharField(label=_("Avis du comité"), widget=forms.Textarea)


class ReviewForm(PiloteForm):
    year = forms.IntegerField(label=_("Année passée en revue"), min_value=2000, max_value=2100)
