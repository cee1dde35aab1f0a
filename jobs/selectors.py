"""Reads of jobs, filtered by who may see them."""

from __future__ import annotations

from django.db.models import QuerySet

from core.ownership import visible_rows
from jobs.models import Job


def jobs_for(user) -> QuerySet[Job]:
    return visible_rows(Job.objects.all(), user)
