"""`manage.py requeue_stalled_jobs`: the recovery pass, for cron where no `celery beat` runs."""

from django.core.management.base import BaseCommand

from jobs.sweep import requeue_stalled_jobs


class Command(BaseCommand):
    help = (
        "Send queued jobs the broker lost, and running jobs whose worker died, to a worker again "
        "(fails those whose worker died JOB_MAX_ATTEMPTS times)."
    )

    def handle(self, *args, **options) -> None:
        requeued = requeue_stalled_jobs()
        self.stdout.write(f"{requeued} stalled job(s) queued again")
