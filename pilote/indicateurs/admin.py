"""Definitions are maintained by national administrators in the admin (history kept)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pilote.indicateurs.models import (
    DataElement,
    Dataset,
    Disaggregation,
    DisaggregationOption,
    Indicator,
    Target,
    ValidationRule,
)


class OptionInline(admin.TabularInline):
    model = DisaggregationOption
    extra = 0


@admin.register(Disaggregation)
class DisaggregationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name"]
    inlines = [OptionInline]


@admin.register(DataElement)
class DataElementAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "value_type", "aggregation", "unit", "disaggregation"]
    list_filter = ["value_type", "aggregation"]
    search_fields = ["code", "name"]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "numerator", "denominator", "factor", "on_dashboard", "order"]
    list_editable = ["on_dashboard", "order"]


@admin.register(Dataset)
class DatasetAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "period_type", "level", "publication_threshold"]
    list_editable = ["publication_threshold"]
    filter_horizontal = ["data_elements"]
    autocomplete_fields = ["organisations"]  # tens of thousands of establishments


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "territory", "period", "value"]
    list_filter = ["indicator", "period"]


@admin.register(ValidationRule)
class ValidationRuleAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "left", "operator", "right", "severity"]
