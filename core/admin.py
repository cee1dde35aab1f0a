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


class SuperuserDeletesRecordsMixin:
    """For the admin of a row that service-written records hang from (a story, a user).

    Those records (versions, jobs, refinements) are nobody's to delete by hand, so the stock
    check refuses any deletion that takes them along. A superuser may delete the row they
    belong to, and they go with it; everyone else is refused as before. The spend ledger is
    not among them: it outlives stories and users (its links are SET_NULL).
    """

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if request.user.is_superuser:
            perms_needed = set()
        return deleted, counts, perms_needed, protected
