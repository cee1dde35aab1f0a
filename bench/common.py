"""Shared set-up for benchmark scripts: a throwaway SQLite database and media folder, migrated.

Each bench script calls `setup_django()` before importing models, then prints rows with
`emit` (a table, or JSON for `bench/run.py`, which prints every script's rows as one table).
Ratios are measured in the same run, so a noisy machine moves both sides.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def setup_django(**env: str) -> Path:
    """Configure Django on a fresh SQLite database (unless DATABASE_URL is given) and migrate."""
    workdir = Path(tempfile.mkdtemp(prefix="genstory-bench-"))
    sys.path.insert(0, str(PROJECT))
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    os.environ.setdefault("MEDIA_ROOT", str(workdir / "media"))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "genstory.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return workdir


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def emit(title: str, rows: Iterable[tuple[str, str, str, str]]) -> None:
    """Print the rows as a table, or as one JSON line for `bench/run.py` when run with --json."""
    rows = [tuple(str(cell) for cell in row) for row in rows]
    if "--json" in sys.argv[1:]:
        print(json.dumps({"title": title, "rows": rows}))
    else:
        print_table(title, rows)


def print_table(title: str, rows: Iterable[tuple[str, str, str, str]]) -> None:
    """Rows of (measure, value, target, verdict)."""
    rows = list(rows)
    widths = [
        max(len(str(row[i])) for row in [("measure", "value", "target", "ok"), *rows]) for i in range(4)
    ]
    print(f"\n{title}")
    for row in [("measure", "value", "target", "ok"), *rows]:
        print("  " + "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))
