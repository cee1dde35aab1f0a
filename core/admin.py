"""Admin pieces every app's admin may use."""

from __future__ import annotations


class ReadOnlyAdminMixin:
    """Rows written only by services (versions, jobs, pictures, the ledger): editors read them,
    never add or edit them by hand. `deletable` lets editors remove a bad one (a picture)."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)
