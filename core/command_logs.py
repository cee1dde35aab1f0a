"""Log lines in a management command's output: none at the default verbosity, since a command
reports in its own words and a progress bar would run into them; `-v 2` shows them from INFO up,
`-v 3` from DEBUG. Servers and workers log as LOG_LEVEL says."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand


@contextmanager
def logs_for_verbosity(verbosity: int) -> Iterator[None]:
    root = logging.getLogger()
    disabled, level = logging.root.manager.disable, root.level
    if verbosity < 2:
        logging.disable(logging.CRITICAL)
    else:
        root.setLevel(logging.INFO if verbosity == 2 else logging.DEBUG)
    try:
        yield
    finally:
        logging.disable(disabled)
        root.setLevel(level)


class QuietCommand(BaseCommand):
    """A command whose log lines show only when asked for with `-v 2` or `-v 3`."""

    def execute(self, *args, **options):
        with logs_for_verbosity(options.get("verbosity", 1)):
            return super().execute(*args, **options)
