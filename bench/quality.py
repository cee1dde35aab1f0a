"""The story-quality report over twelve briefs x six audiences, on the offline writer and on the
fake server through the openai provider.

Each of the twelve briefs in tests/data/twelve_briefs.yaml is written for each audience (72
stories per writer) by `stories.services.generation.write_story`, the path a generation job
takes (each scene held to the report and rewritten once where it misses), and judged by
`stories.quality.judge` as the stored story would be. Printed: the share of stories whose report
passes, per audience and in all, the mean of each check's value, and how many scenes were
rewritten. No target: the numbers say where the writers stand (the offline writer is being
rewritten; its numbers will move).

The fake "model" plans from the request (`prose_plans`: the fewest scenes the audience takes,
the cast in each) and writes each scene from its prompt (`prose_scenes`: the words asked,
the characters present, the beats' words, a grade inside the band). It writes at
`SECONDS_PER_TOKEN` (1000 tokens/s), not bench/outline.py's 50: at 50 tokens/s the 72 stories'
~380,000 output tokens would take over half an hour even four scenes at a time.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path
from statistics import mean

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, setup_django
from tests.briefs import story_brief, twelve_briefs
from tests.fake_openai import FakeOpenAIServer, prose_plans, prose_scenes

SECONDS_PER_TOKEN = 1 / 1000
TITLE = "Story quality: 12 briefs x 6 audiences (offline writer; fake at 1000 tokens/s via openai)"


def judged(brief, written) -> dict:
    """The report the stored story would carry."""
    from stories.quality import judge
    from stories.services.quality import written_story_text

    return judge(written_story_text(brief, written))


def tell_all() -> tuple[list[tuple[str, dict]], int]:
    """Every brief for every audience: (audience, report) each, and the scenes rewritten."""
    from stories.audiences import AUDIENCES
    from stories.services.generation import write_story

    reports, rewritten = [], 0
    for audience_id in AUDIENCES:
        for entry in twelve_briefs():
            brief = story_brief(entry, audience_id)
            written = write_story(brief=brief)
            rewritten += sum("rewritten once" in note for note in written.notes)
            reports.append((audience_id, judged(brief, written)))
    return reports, rewritten


def rows_for(writer: str) -> list[tuple[str, str, str, str]]:
    started = time.perf_counter()
    reports, rewritten = tell_all()
    seconds = time.perf_counter() - started
    by_audience = defaultdict(list)
    for audience_id, report in reports:
        by_audience[audience_id].append(report["passed"])
    passed = [report["passed"] for _, report in reports]
    rows = [(f"{writer}: stories passing", f"{sum(passed)}/{len(passed)} ({mean(passed):.0%})", "-", "-")]
    rows += [
        (f"{writer}: {audience_id} passing", f"{sum(verdicts)}/{len(verdicts)}", "-", "-")
        for audience_id, verdicts in by_audience.items()
    ]
    values = defaultdict(list)
    misses = defaultdict(int)
    for _, report in reports:
        for check in report["checks"]:
            values[check["name"]].append(check["value"])
            misses[check["name"]] += not check["passed"]
    rows += [
        (f"{writer}: mean {name} value (missed by {misses[name]})", f"{mean(found):.3g}", "-", "-")
        for name, found in values.items()
    ]
    rows.append((f"{writer}: scenes rewritten once", str(rewritten), "-", "-"))
    rows.append((f"{writer}: time for {len(reports)} stories", f"{seconds:.0f} s", "-", "-"))
    return rows


def main() -> int:
    with FakeOpenAIServer() as fake:
        setup_django(AI_PROVIDER="offline", OPENAI_MAX_RETRIES="0", CELERY_BROKER_URL="")
        from django.conf import settings

        rows = rows_for("offline")
        for name, value in fake.provider_env().items():
            setattr(settings, name, value)
        fake.set_answer("story_plan", prose_plans())
        fake.set_answer("scene_text", prose_scenes())
        fake.set_token_rate(SECONDS_PER_TOKEN)
        rows += rows_for("fake via openai")
        emit(TITLE, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
