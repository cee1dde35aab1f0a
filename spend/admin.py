"""Spend per user and day, read-only: the ledger is written by jobs, never by hand."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate

from core.admin import ReadOnlyAdminMixin

from .models import DailySpend, EntryKind, SpendEntry


@admin.register(SpendEntry)
class SpendEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "created_at",
        "owner",
        "kind",
        "job_kind",
        "model",
        "cost_usd",
        "job",
        "story",
        "settled_at",
    ]
    list_filter = ["kind", "job_kind", "model"]
    search_fields = ["owner__username"]
    date_hierarchy = "created_at"
    list_select_related = ["owner"]
    raw_id_fields = ["job", "story"]


@admin.register(DailySpend)
class DailySpendAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """One line per user and UTC day: what was spent, in how many recorded calls and jobs."""

    change_list_template = "admin/spend/dailyspend/change_list.html"
    search_fields = ["owner__username"]
    date_hierarchy = "created_at"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is None:
            return response
        rows = (
            changelist.queryset.annotate(day=TruncDate("created_at"))
            .values("day", "owner__username")
            .annotate(
                spent=Sum("cost_usd", filter=Q(kind=EntryKind.SPEND)),
                calls=Count("pk", filter=Q(kind=EntryKind.SPEND)),
                jobs=Count("pk", filter=Q(kind=EntryKind.HOLD)),
            )
            .order_by("-day", "owner__username")
        )
        response.context_data["daily_rows"] = list(rows[:500])
        return response
