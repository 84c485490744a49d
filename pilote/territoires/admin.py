from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pilote.territoires.models import ArsArea, Territory


@admin.register(Territory)
class TerritoryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to", "population"]
    list_filter = ["level", "zone"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "former_parent", "successor"]
    filter_horizontal = ["departements"]


@admin.register(ArsArea)
class ArsAreaAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "valid_from", "valid_to"]
    filter_horizontal = ["regions"]
