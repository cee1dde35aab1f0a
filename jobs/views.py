"""The job routes: a user's jobs, to list and poll."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from core.api.converters import OBJECT_ID_PATTERN
from jobs.selectors import jobs_for
from jobs.serializers import JobFilterSerializer, JobSerializer


@extend_schema_view(list=extend_schema(parameters=[JobFilterSerializer]))
class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = OBJECT_ID_PATTERN
    serializer_class = JobSerializer

    def get_queryset(self):
        return jobs_for(self.request.user)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        filters = JobFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return queryset.filter(**filters.validated_data)
