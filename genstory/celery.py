import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genstory.settings")

app = Celery("genstory")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect(dispatch_uid="genstory.close_old_connections_before_task")
@task_postrun.connect(dispatch_uid="genstory.close_old_connections_after_task")
def close_old_connections_around_task(sender=None, task=None, **kwargs) -> None:
    """Do for each task what Django does for each request: drop the connection if it broke
    or outlived CONN_MAX_AGE.

    Under the threads pool each worker thread has its own connections (Django keeps them per
    thread), so this runs in the thread that runs the task and touches only its connections.
    Celery's Django fix-up also closes them; this does not depend on it. Eager tasks run
    inside a request or a test's transaction, whose connection is not ours to close.
    """
    if getattr(getattr(task, "request", None), "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
