"""Create and generate many stories from a file of briefs, with a progress bar; resumable.

Each line of the file is one JSON brief: {"title", "description", "audience" (or
"target_audience", as the API calls it), "genre", "language" (a BCP 47 primary tag, default
"en"), "characters": ["Name: traits; appearance", ...]}. A line is identified by a hash of its
content, stored on the story it made (`Story.batch_key`), so running the command again skips the
lines whose story was written, waits for those still in progress, and retries those whose job
failed or never started. A line refused for what it says (not JSON, an unknown genre, text
moderation flags) is refused again on every
run until it is changed, and the report says so.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from core.command_logs import QuietCommand
from core.errors import DomainError
from jobs.models import Job, JobStatus
from jobs.waiting import JobsStillRunning, watch_jobs
from languages.catalogue import DEFAULT_LANGUAGE
from spend.errors import BudgetExceeded
from stories.audiences import DEFAULT_AUDIENCE, DEFAULT_GENRE
from stories.models import Batch, Story
from stories.serializers import StoryInputSerializer
from stories.services.batches import BatchBrief, create_story_with_characters, open_batch
from stories.services.characters import parse_character_spec
from stories.services.generation import start_generation

AUDIENCE_KEYS = ("audience", "target_audience")
REFUSALS = {400, 404}
"""Domain errors about what a line says (a flagged text, an unknown character), not the moment."""


class BadLine(ValueError):
    pass


@dataclass(frozen=True)
class BriefLine:
    number: int
    key: str
    brief: BatchBrief
    characters: list[dict]


@dataclass
class Run:
    """What this run has done so far, line by line."""

    total: int
    already_done: int = 0
    watching: dict[int, int] = field(default_factory=dict)
    """job id -> line number, for jobs started (or found in progress) by this run."""
    succeeded: int = 0
    quality_misses: list[tuple[int, list[str]]] = field(default_factory=list)
    """line number -> the quality checks its generated story missed."""
    failures: list[tuple[int, str]] = field(default_factory=list)
    """Lines whose job failed or was still running: a later run tries them again."""
    refusals: list[tuple[int, str]] = field(default_factory=list)
    """Lines refused for what they say: a later run refuses them again unless they change."""
    not_started: int = 0
    """Lines left alone because the daily budget ran out."""
    first_line_of: dict[str, int] = field(default_factory=dict)

    @property
    def finished(self) -> int:
        return self.already_done + self.succeeded + len(self.failures) + len(self.refusals)


def brief_key(fields: dict) -> str:
    """Stable across runs, key order and whitespace: a hash of the brief's canonical JSON."""
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def read_line(number: int, text: str) -> BriefLine:
    try:
        fields = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadLine(f"not valid JSON ({error.msg})") from None
    if not isinstance(fields, dict):
        raise BadLine("a brief must be a JSON object")
    audience_keys = [key for key in AUDIENCE_KEYS if key in fields]
    if len(audience_keys) > 1:
        raise BadLine("audience and target_audience are the same field; give one")
    audience_key = audience_keys[0] if audience_keys else "audience"
    story = StoryInputSerializer(
        data={
            "title": fields.get("title", ""),
            "description": fields.get("description", ""),
            "target_audience": fields.get(audience_key, DEFAULT_AUDIENCE),
            "genre": fields.get("genre", DEFAULT_GENRE),
            "language": fields.get("language", DEFAULT_LANGUAGE),
        }
    )
    if not story.is_valid():
        named = {"target_audience": audience_key}
        raise BadLine(
            "; ".join(
                f"{named.get(name, name)}: {' '.join(map(str, errors))}"
                for name, errors in story.errors.items()
            )
        )
    specs = fields.get("characters", [])
    if not isinstance(specs, list) or not all(isinstance(spec, str) for spec in specs):
        raise BadLine('characters must be a list of "Name: traits; appearance" strings')
    try:
        characters = [parse_character_spec(spec) for spec in specs]
    except ValueError as error:
        raise BadLine(str(error)) from None
    return BriefLine(
        number=number, key=brief_key(fields), brief=BatchBrief(**story.validated_data), characters=characters
    )


class Command(QuietCommand):
    help = "Create and generate a story for each JSON brief in FILE.jsonl; re-run it to resume."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="One JSON brief per line.")
        parser.add_argument("--user", default="demo", help="Owner's username (created if missing).")
        parser.add_argument("--timeout", type=float, default=3600, help="Seconds to wait for the batch.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        owner, _ = get_user_model().objects.get_or_create(username=options["user"])
        numbered = [(number, text) for number, text in enumerate(lines, start=1) if text.strip()]
        run = Run(total=len(numbered))
        batch: Batch | None = None
        for position, (number, text) in enumerate(numbered):
            try:
                line = read_line(number, text)
                batch = self.take(line, owner=owner, run=run, batch=batch, source=path.name)
            except BadLine as error:
                run.refusals.append((number, str(error)))
            except BudgetExceeded as error:
                run.not_started = len(numbered) - position
                self.stdout.write("")
                self.stderr.write(f"Stopping at line {number}: {error.message}")
                break
            except DomainError as error:
                refused = error.status_code in REFUSALS
                (run.refusals if refused else run.failures).append((number, error.message))
            self.collect(run)
            self.draw(run)
        self.wait(run, options["timeout"])
        self.report(run, batch)

    def take(self, line: BriefLine, *, owner, run: Run, batch: Batch | None, source: str) -> Batch | None:
        """Skip the line if its story was written, watch it if in progress, else (re)start it."""
        if line.key in run.first_line_of:
            self.stderr.write(
                f"line {line.number}: same brief as line {run.first_line_of[line.key]}; skipped"
            )
            run.already_done += 1
            return batch
        run.first_line_of[line.key] = line.number
        story = Story.objects.filter(owner=owner, batch_key=line.key).first()
        if story is not None:
            active = story.jobs.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).first()
            if active is not None:
                run.watching[active.pk] = line.number
                return batch
            if story.version:
                run.already_done += 1
                return batch
        else:
            story = create_story_with_characters(
                owner=owner, brief=line.brief, characters=line.characters, batch_key=line.key
            )
        batch = batch or open_batch(owner=owner, source=f"generate_batch {source}")
        job = start_generation(story=story, batch=batch)
        run.watching[job.pk] = line.number
        return batch

    def collect(self, run: Run) -> None:
        """Move the watched jobs that have finished into the counts."""
        finished = Job.objects.filter(pk__in=run.watching).exclude(
            status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        )
        for job_id, status, error, quality in finished.values_list("pk", "status", "error", "story__quality"):
            number = run.watching.pop(job_id)
            if status == JobStatus.SUCCEEDED:
                run.succeeded += 1
                missed = [check["name"] for check in (quality or {}).get("checks", []) if not check["passed"]]
                if missed:
                    run.quality_misses.append((number, missed))
            else:
                run.failures.append((number, error or "the job failed"))

    def wait(self, run: Run, timeout: float) -> None:
        try:
            for _ in watch_jobs(list(run.watching), timeout=timeout):
                self.collect(run)
                self.draw(run)
        except JobsStillRunning:
            self.collect(run)
        self.stdout.write("")
        for number in sorted(run.watching.values()):
            run.failures.append((number, f"still running after {timeout:.0f} s; re-run to pick it up"))
        run.watching.clear()

    def draw(self, run: Run, width: int = 30) -> None:
        share = run.finished / run.total if run.total else 1.0
        filled = round(width * share)
        bar = "#" * filled + "-" * (width - filled)
        missed = len(run.failures) + len(run.refusals)
        failed = f", {missed} failed" if missed else ""
        self.stdout.write(f"\r[{bar}] {run.finished}/{run.total}{failed}", ending="")
        self.stdout.flush()

    def report(self, run: Run, batch: Batch | None) -> None:
        where = f" (batch {batch.pk}: /api/batches/{batch.pk}/)" if batch else ""
        waiting = f", {run.not_started} not started" if run.not_started else ""
        self.stdout.write(
            f"{run.succeeded} generated, {run.already_done} already done, "
            f"{len(run.failures) + len(run.refusals)} failed{waiting}{where}"
        )
        if run.succeeded:
            self.stdout.write(
                f"Quality: {run.succeeded - len(run.quality_misses)} of {run.succeeded} passed."
            )
        for number, missed in sorted(run.quality_misses):
            self.stdout.write(f"  line {number}: missed {', '.join(missed)} (its story's page says where)")
        for number, error in sorted(run.failures + run.refusals):
            self.stderr.write(f"  line {number}: {error}")
        advice = []
        if run.refusals:
            numbers = ", ".join(str(number) for number, _ in sorted(run.refusals))
            advice.append(f"fix line(s) {numbers}: a re-run refuses them again as they are")
        retryable = len(run.failures) + run.not_started
        if retryable:
            advice.append(
                f"re-run to retry the other {retryable}" if run.refusals else "re-run to retry them"
            )
        if advice:
            missed = len(run.refusals) + retryable
            raise CommandError(f"{missed} brief(s) not generated; {'; '.join(advice)}.")
