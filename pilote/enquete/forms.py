"""The survey's forms; the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pilote.acteurs.models import Organisation, OrganisationType
from pilote.core.forms import AmountField, ImportForm, PiloteForm

DATE = forms.DateInput(attrs={"type": "date"})


def _amount(label, **kwargs):
    """A figure typed as people write it (`1 200 000,50`); empty = unknown."""
    return AmountField(label=label, required=False, min_value=0, widget=forms.TextInput, **kwargs)


def _text(label):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CampaignForm(PiloteForm):
    name = forms.CharField(label=_("Nom de la campagne"), max_length=120)
    years = forms.CharField(
        label=_("Années de référence"),
        help_text=_("Une ou plusieurs années séparées par des virgules : 2009, 2011."),
    )
    deadline = forms.DateField(label=_("Date limite de réponse"), required=False, widget=DATE)
    operators = forms.ModelMultipleChoiceField(
        label=_("Opérateurs enquêtés"),
        queryset=Organisation.objects.filter(type=OrganisationType.GRADES, is_active=True),
        required=False,
    )

    def clean_years(self):
        parts = [p.strip() for p in self.cleaned_data["years"].replace(";", ",").split(",")]
        if not all(p.isdigit() for p in parts if p):
            raise forms.ValidationError(_("Indiquez des années : 2009, 2011."))
        return [int(p) for p in parts if p]


class SurveyImportForm(ImportForm):
    file = forms.FileField(
        label=_("Grilles des opérateurs (CSV ou XLSX)"),
        help_text=_(
            "Premières colonnes : annee;territoire;operateur;etp_total;budget_fonctionnement;"
            "budget_investissement;budget_total;population_reference — CSV séparé par des "
            "points-virgules, en UTF-8 ou Windows-1252, ou classeur XLSX ; virgule ou point "
            "décimal ; une cellule vide est inconnue, pas zéro."
        ),
    )


class GridForm(PiloteForm):
    """The grid's key figures and identity, filled online (an empty field is unknown)."""

    etp_total = _amount(_("ETP total"))
    budget_operating = _amount(_("Budget de fonctionnement (€)"))
    budget_investment = _amount(_("Budget d'investissement (€)"))
    budget_total = _amount(
        _("Budget total (€)"),
        help_text=_("Laissez vide quand les deux budgets sont donnés : il est leur somme."),
    )
    population_reference = forms.IntegerField(
        label=_("Population de référence"), required=False, min_value=1
    )
    creation_date = forms.DateField(label=_("Date de création"), required=False, widget=DATE)
    legal_form = forms.CharField(label=_("Forme juridique"), max_length=120, required=False)
    predecessors = _text(_("Structures préexistantes"))
    colleges = _text(_("Collèges"))
    bodies = _text(_("Instances"))
    levers = _text(_("Leviers"))

    def __init__(self, *args, figures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.figure_fields = []
        for key, label in figures:
            name = "figure__" + key.replace(".", "__")
            self.fields[name] = _amount(label)
            self.figure_fields.append((name, key))

    def split(self) -> tuple[dict, dict]:
        data = dict(self.cleaned_data)
        figures = {key: data.pop(name) for name, key in self.figure_fields}
        return data, figures


class StatusForm(PiloteForm):
    pass


class CriterionForm(PiloteForm):
    """Confirm or correct one criterion: met or not (sub-criteria met, when it has some),
    with a justification when Pilote had pre-filled it otherwise."""

    met = forms.TypedChoiceField(
        label=_("Critère rempli"),
        choices=[("oui", _("Oui")), ("non", _("Non"))],
        coerce=lambda v: v == "oui",
        widget=forms.RadioSelect,
        required=False,
    )
    subcriteria = forms.MultipleChoiceField(
        label=_("Sous-critères remplis"), required=False, widget=forms.CheckboxSelectMultiple
    )
    justification = forms.CharField(
        label=_("Justification"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criterion, **kwargs):
        super().__init__(*args, **kwargs)
        subs = [(s["code"], s["label"]) for s in criterion["subcriteria"]]
        if subs:
            del self.fields["met"]
            self.fields["subcriteria"].choices = subs
        else:
            del self.fields["subcriteria"]


class ReviewForm(PiloteForm):
    review = forms.ChoiceField(
        label=_("Vérification"),
        choices=[("verifie", _("Vérifié")), ("a_corriger", _("À corriger"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Commentaire"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class QuestionnaireForm(PiloteForm):
    """The nine questions of the campaign's methodology, built from its definition."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.rankings = {}
        for q in questions:
            label = f"{q['code'].upper()}. {q['label']}"
            if q["kind"] == "choice":
                self.fields[q["code"]] = forms.ChoiceField(
                    label=label,
                    choices=[(c, c) for c in q["choices"]],
                    widget=forms.RadioSelect,
                    required=False,
                )
            elif q["kind"] == "scale":
                self.fields[q["code"]] = forms.TypedChoiceField(
                    label=label,
                    choices=[("", "—")] + [(str(n), str(n)) for n in range(q["min"], q["max"] + 1)],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
            else:
                names = []
                for number, item in enumerate(q["items"]):
                    name = f"{q['code']}_{number}"
                    self.fields[name] = forms.TypedChoiceField(
                        label=f"{label} — {item}" if number == 0 else item,
                        choices=[("", "—")]
                        + [(str(n), str(n)) for n in range(1, q["max_rank"] + 1)],
                        coerce=int,
                        empty_value=None,
                        required=False,
                    )
                    names.append((name, item))
                self.rankings[q["code"]] = names

    def answers(self) -> dict:
        data = dict(self.cleaned_data)
        out = {}
        for code, names in self.rankings.items():
            ranks = {item: data.pop(name) for name, item in names}
            out[code] = {k: v for k, v in ranks.items() if v is not None}
        out.update({k: v for k, v in data.items() if v not in (None, "")})
        return out
