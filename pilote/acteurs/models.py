"""Organisations (ARS, GRADeS, establishments, …) and the people who work in them."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pilote.acteurs.validation import (
    postcode_mismatch,
    validate_postcode,
    validate_siren,
    validate_siret,
)
from pilote.comptes.scoping import RegionScopedQuerySet
from pilote.core.choices import ChoiceLabels
from pilote.core.constraints import FieldConstraintErrors, on_field
from pilote.territoires.models import Territory

finess_validator = RegexValidator(
    r"^[0-9][0-9A-Z][0-9]{7}$", _("Un numéro FINESS compte 9 caractères (ex. 010000024).")
)


class OrganisationType(models.TextChoices):
    ARS = "ars", _("Agence régionale de santé")
    GRADES = "grades", _("GRADeS (groupement régional d'appui au développement de la e-santé)")
    HOPITAL_PUBLIC = "hopital_public", _("Établissement de santé public")
    HOPITAL_PRIVE = "hopital_prive", _("Établissement de santé privé")
    HOPITAL_ESPIC = "hopital_espic", _("Établissement de santé privé d'intérêt collectif")
    MEDICO_SOCIAL = "medico_social", _("Établissement ou service médico-social")
    MSP = "msp", _("Maison de santé pluriprofessionnelle")
    CENTRE_SANTE = "centre_sante", _("Centre de santé")
    PHARMACIE = "pharmacie", _("Pharmacie d'officine")
    LABORATOIRE = "laboratoire", _("Laboratoire de biologie médicale")
    RESEAU = "reseau", _("Réseau de santé")
    URPS = "urps", _("Union régionale des professionnels de santé")
    FEDERATION = "federation", _("Fédération")
    COLLECTIVITE = "collectivite", _("Collectivité territoriale")
    ASSURANCE_MALADIE = "assurance_maladie", _("Assurance maladie")
    ASSOCIATION_PATIENTS = "association_patients", _("Association de patients et d'usagers")
    EDITEUR = "editeur", _("Éditeur ou industriel")
    ORGANISME_NATIONAL = "organisme_national", _("Organisme national")
    ENTITE_JURIDIQUE = "entite_juridique", _("Entité juridique (FINESS EJ)")
    AUTRE = "autre", _("Autre structure")


class LegalForm(models.TextChoices):
    NONE = "", _("Non renseignée")
    GIP = "gip", _("Groupement d'intérêt public (GIP)")
    GCS_PRIVE = "gcs_prive", _("GCS de moyens de droit privé")
    GCS_PUBLIC = "gcs_public", _("GCS de moyens de droit public")
    GIE = "gie", _("Groupement d'intérêt économique (GIE)")
    ETABLISSEMENT_PUBLIC = "etablissement_public", _("Établissement public")
    ASSOCIATION = "association", _("Association loi 1901")
    SOCIETE = "societe", _("Société commerciale")
    COLLECTIVITE = "collectivite", _("Collectivité territoriale")
    ETAT = "etat", _("Service de l'État")


class Source(models.TextChoices):
    MANUAL = "manuel", _("Saisie dans Pilote")
    FINESS = "finess", _("Extraction FINESS")


class OrganisationQuerySet(RegionScopedQuerySet):
    def establishments(self):
        return self.filter(is_legal_entity=False)


class Organisation(ChoiceLabels, FieldConstraintErrors, models.Model):
    name = models.CharField(_("raison sociale"), max_length=255)
    long_name = models.CharField(_("raison sociale longue"), max_length=255, blank=True)
    short_name = models.CharField(_("sigle"), max_length=60, blank=True)
    type = models.CharField(_("type de structure"), max_length=24, choices=OrganisationType.choices)
    legal_form = models.CharField(
        _("forme juridique"), max_length=24, choices=LegalForm.choices, blank=True
    )
    is_legal_entity = models.BooleanField(_("entité juridique"), default=False)
    legal_entity = models.ForeignKey(
        "self",
        verbose_name=_("entité juridique de rattachement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="establishments",
    )
    finess_et = models.CharField(
        _("FINESS établissement"),
        max_length=9,
        blank=True,
        null=True,
        unique=True,
        validators=[finess_validator],
    )
    finess_ej = models.CharField(
        _("FINESS entité juridique"),
        max_length=9,
        blank=True,
        validators=[finess_validator],
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren])
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    address_complement = models.CharField(_("complément d'adresse"), max_length=255, blank=True)
    postcode = models.CharField(
        _("code postal"), max_length=5, blank=True, validators=[validate_postcode]
    )
    city = models.CharField(_("commune"), max_length=120, blank=True)
    commune_code = models.CharField(_("code commune INSEE"), max_length=5, blank=True)
    departement = models.ForeignKey(
        Territory,
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    region = models.ForeignKey(
        Territory,
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        db_index=False,  # the (region, type) and (region, name) indexes begin with it
    )
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    website = models.URLField(_("site internet"), blank=True)
    category_code = models.CharField(_("catégorie FINESS"), max_length=4, blank=True)
    category_label = models.CharField(_("libellé de catégorie"), max_length=120, blank=True)
    category_group_code = models.CharField(_("agrégat de catégorie"), max_length=4, blank=True)
    siret_ape = models.CharField(_("code APE"), max_length=6, blank=True)
    sph_label = models.CharField(_("statut de service public"), max_length=120, blank=True)
    opened_on = models.DateField(_("date d'ouverture"), null=True, blank=True)
    finess_updated_on = models.DateField(_("mise à jour FINESS"), null=True, blank=True)
    coord_x = models.FloatField(_("coordonnée X"), null=True, blank=True)
    coord_y = models.FloatField(_("coordonnée Y"), null=True, blank=True)
    coord_source = models.CharField(_("source des coordonnées"), max_length=200, blank=True)
    source = models.CharField(
        _("origine"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )
    is_active = models.BooleanField(_("active"), default=True)

    # The history is read by object (id), date, author and region (the audit search): the
    # other indexes Django would copy from the model only slowed every FINESS import down
    # (a first import writes 100,000+ history rows).
    history = HistoricalRecords(
        no_db_index=["finess_et", "finess_ej", "type", "legal_entity", "departement"]
    )
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        constraints = [
            on_field(
                models.UniqueConstraint(
                    fields=["finess_ej"],
                    condition=Q(is_legal_entity=True) & ~Q(finess_ej=""),
                    name="organisation_unique_legal_entity_finess",
                    violation_error_message=_(
                        "Une autre entité juridique porte déjà ce numéro FINESS."
                    ),
                ),
                "finess_ej",
            ),
        ]
        # Declared here rather than with db_index=True: on PostgreSQL db_index also builds a
        # second `varchar_pattern_ops` index for LIKE 'x%' that no query uses, and every
        # index is written on each of the 180,000 rows of a first FINESS import.
        indexes = [
            models.Index(fields=["region", "type"], name="organisation_region_type"),
            models.Index(fields=["region", "name"], name="organisation_region_name"),
            models.Index(fields=["type"], name="organisation_type"),
            models.Index(fields=["finess_ej"], name="organisation_finess_ej"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("acteurs:detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return self.name or self.short_name or str(self.pk)

    def clean(self) -> None:
        super().clean()
        mismatch = postcode_mismatch(self.postcode, self.departement)
        if mismatch:
            raise ValidationError({"postcode": mismatch})


class PersonQuerySet(RegionScopedQuerySet):
    """A person belongs to the regions of the organisations where they hold a function."""

    region_field = "functions__organisation__region"

    def visible_to(self, user):
        return super().visible_to(user).distinct()

    def in_region(self, region):
        return super().in_region(region).distinct()


class Person(models.Model):
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)

    history = HistoricalRecords()
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Function(models.Model):
    """A person's function in an organisation (directeur, chef de projet, CMSI…)."""

    person = models.ForeignKey(
        Person, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="functions"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        related_name="functions",
    )
    title = models.CharField(_("fonction"), max_length=150)
    started_on = models.DateField(_("depuis le"), null=True, blank=True)
    ended_on = models.DateField(_("jusqu'au"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fonction")
        verbose_name_plural = _("fonctions")
        ordering = ["organisation", "person"]

    def __str__(self) -> str:
        return f"{self.person} — {self.title} ({self.organisation})"
