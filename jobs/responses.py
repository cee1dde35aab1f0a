"""The answer every app gives a started job: 202 with the job, and where to poll it."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import status
from rest_framework.response import Response

from .models import Job
from .serializers import JobSerializer


def job_accepted(job: Job) -> Response:
    """202 with the job and where to poll it. The job may already have run in-process."""
    job.refresh_from_db()
    location = reverse("job-detail", kwargs={"pk": job.pk})
    return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})
