"""The project's user admin: the stock one, whose deletion takes the user's stories along."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from core.admin import SuperuserDeletesRecordsMixin
from stories.admin import jobs_in_the_way
from stories.models import Story

User = get_user_model()


class GenStoryUserAdmin(SuperuserDeletesRecordsMixin, UserAdmin):
    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        busy = jobs_in_the_way(Story.objects.filter(owner__in=objs))
        return deleted, counts, perms_needed, [*protected, *busy]


admin.site.unregister(User)
admin.site.register(User, GenStoryUserAdmin)

# At 1280 pixels the app list beside every page left a list with filters about 600 pixels, too
# few for its columns; the breadcrumbs and the index lead to the other lists.
admin.site.enable_nav_sidebar = False
