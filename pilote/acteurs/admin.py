from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from pilote.acteurs.models import Function, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "type", "finess_et", "finess_ej", "region", "departement", "source"]
    list_filter = ["type", "source", "region"]
    search_fields = ["name", "short_name", "finess_et", "finess_ej", "siret", "city"]
    raw_id_fields = ["legal_entity", "departement", "region"]
    # a typed address without a scheme is https (as on Pilote's own form)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "email"]
    search_fields = ["last_name", "first_name", "email"]


@admin.register(Function)
class FunctionAdmin(SimpleHistoryAdmin):
    list_display = ["person", "title", "organisation", "started_on", "ended_on"]
    search_fields = ["person__last_name", "organisation__name", "title"]
    raw_id_fields = ["person", "organisation"]
