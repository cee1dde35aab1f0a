"""Run every benchmark and print their rows as ONE table (what `make bench` shows).

Each benchmark runs in a process of its own (each configures Django its own way) with --json;
a benchmark that fails becomes a row that says so instead of stopping the others. With
--record the table, the machine and the date are also written to bench/RESULTS.md.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BENCHMARKS = [
    "pipeline",
    "outline",
    "refinement",
    "api",
    "workers",
    "exports",
    "images",
    "quality",
    "events",
    "readability",
]
HEADER = ("bench", "measure", "value", "target", "ok")
TIMEOUT_SECONDS = 180
TIMEOUTS = {"outline": 420, "quality": 900}
"""The outline bench waits for a one-call adults' story written at 50 tokens/s (~4 minutes); the
quality bench writes 144 stories, 72 offline and 72 on the fake (~8 minutes on two cores)."""


def run(name: str) -> tuple[list[tuple[str, ...]], float]:
    started = time.perf_counter()
    try:
        finished = subprocess.run(
            [sys.executable, str(BENCH / f"{name}.py"), "--json"],
            capture_output=True,
            text=True,
            timeout=TIMEOUTS.get(name, TIMEOUT_SECONDS),
            env={**os.environ, "DEBUG": os.environ.get("DEBUG", "true")},
        )
    except subprocess.TimeoutExpired:
        limit = TIMEOUTS.get(name, TIMEOUT_SECONDS)
        return [(name, "did not finish", f"> {limit} s", "", "NO")], time.perf_counter() - started
    seconds = time.perf_counter() - started
    tables = [json.loads(line) for line in finished.stdout.splitlines() if line.startswith('{"title"')]
    if finished.returncode != 0 or not tables:
        reason = (finished.stderr.strip() or finished.stdout.strip() or "no output").splitlines()[-1]
        return [(name, "failed", reason[:100], "", "NO")], seconds
    return [(name, *row) for table in tables for row in table["rows"]], seconds


def machine() -> list[str]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown CPU",
    )
    memory_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    return [
        f"date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} CPUs ({model}), {memory_kb / 1024 / 1024:.1f} GiB memory",
        f"python {platform.python_version()} on {platform.system()} {platform.release()}",
    ]


def table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [HEADER, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return [line.rstrip() for line in lines]


def record(lines: list[str]) -> None:
    """Rewrite the measurements part of RESULTS.md, keeping the notes written below them."""
    results = BENCH / "RESULTS.md"
    notes = ""
    if results.exists() and "\n## Notes" in results.read_text():
        notes = results.read_text()[results.read_text().index("\n## Notes") :]
    body = "# Benchmark results\n\nRecorded by `python bench/run.py --record` (what `make bench` runs).\n\n"
    results.write_text(body + "```\n" + "\n".join(lines) + "\n```\n" + notes)


def selected() -> list[str]:
    """Every benchmark, or those named on the command line (`python bench/run.py events`)."""
    named = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    unknown = set(named) - set(BENCHMARKS)
    if unknown:
        raise SystemExit(
            f"unknown benchmark(s): {', '.join(sorted(unknown))}; known: {', '.join(BENCHMARKS)}"
        )
    return named or BENCHMARKS


def main() -> int:
    rows: list[tuple[str, ...]] = []
    durations = []
    for name in selected():
        benchmark_rows, seconds = run(name)
        rows += benchmark_rows
        durations.append(f"{name} {seconds:.0f} s")
    lines = [*machine(), f"run time: {', '.join(durations)}", "", *table(rows)]
    print("\n".join(lines))
    if "--record" in sys.argv[1:]:
        if selected() != BENCHMARKS:
            raise SystemExit("--record writes the whole table: run every benchmark with it")
        record(lines)
    return 1 if any(row[1] in {"failed", "did not finish"} for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
