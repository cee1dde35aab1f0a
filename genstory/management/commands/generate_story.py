"""The main job on the command line: write, illustrate and export one story.

It lives in the project package because it composes every app (stories -> images -> exports)
through the same services as the API.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from core.command_logs import QuietCommand
from core.errors import DomainError
from exports.models import ExportFormat
from exports.services import download_name, export_story
from exports.services.read_along import export_read_along
from images.services import start_scene_images
from jobs.models import Job, JobStatus
from jobs.waiting import JobsStillRunning, watch_jobs
from languages.catalogue import DEFAULT_LANGUAGE, get_language, language_ids
from narration.services import start_narration
from stories.audiences import DEFAULT_AUDIENCE, DEFAULT_GENRE, Audience, Genre
from stories.metrics import readability, scene_readability
from stories.models import Story
from stories.quality import report_lines
from stories.services.characters import create_character, parse_character_spec
from stories.services.generation import start_generation
from stories.services.stories import create_story
from stories.services.translation import require_translator, start_translation

EXPORT_ALIASES = {
    "pdf": ExportFormat.PDF,
    "epub": ExportFormat.EPUB,
    "md": ExportFormat.MARKDOWN,
    "markdown": ExportFormat.MARKDOWN,
    "zip": ExportFormat.MARKDOWN_BUNDLE,
}
LOCAL_SITE = "http://localhost:8000/"
"""Where `make run` serves the API: absolute links in exports point here unless PUBLIC_BASE_URL is set."""


def export_formats(value: str) -> list[str]:
    names = [name.strip().lower() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in EXPORT_ALIASES]
    if unknown or not names:
        raise CommandError(f"--export takes pdf, epub, md and zip separated by commas, not {value!r}")
    return list(dict.fromkeys(EXPORT_ALIASES[name] for name in names))


def translation_languages(value: str) -> list[str]:
    names = list(dict.fromkeys(name.strip().lower() for name in value.split(",") if name.strip()))
    unknown = [name for name in names if name not in language_ids()]
    if unknown:
        raise CommandError(
            f"--translate takes languages GenStory writes (e.g. es,fr,ar), not {', '.join(unknown)}; "
            "/api/meta/languages/ lists them"
        )
    return names


def remove_earlier_unpacking(folder: Path, *, markdown_name: str) -> None:
    """An earlier export's pictures are named by their ids, so unpacking over them would leave
    the old ones beside the new. Only a folder that holds the bundle's Markdown is ours to clear."""
    if (folder / markdown_name).is_file():
        shutil.rmtree(folder)


class Command(QuietCommand):
    help = 'Write a story: --title ... --description ... --character "Name: traits; appearance" ...'

    def add_arguments(self, parser):
        parser.add_argument("--title", default="")
        parser.add_argument("--description", required=True)
        parser.add_argument("--character", action="append", default=[], dest="characters")
        parser.add_argument("--audience", default=DEFAULT_AUDIENCE, choices=Audience.values)
        parser.add_argument("--genre", default=DEFAULT_GENRE, choices=Genre.values)
        parser.add_argument(
            "--language",
            default=DEFAULT_LANGUAGE,
            choices=language_ids(),
            help="BCP 47 primary tag of the story's language (GET /api/meta/languages/ lists them).",
        )
        parser.add_argument("--user", default="demo", help="Owner's username (created if missing).")
        parser.add_argument(
            "--images", action="store_true", help="Illustrate the story (scenes and a cover)."
        )
        parser.add_argument(
            "--translate",
            default="",
            help="Languages to translate it into once written (and illustrated): e.g. es,fr,ar.",
        )
        parser.add_argument(
            "--narrate",
            action="store_true",
            help="Read every scene aloud; with --out, write a read-along EPUB.",
        )
        parser.add_argument(
            "--export",
            default="",
            help="Formats to write: pdf,epub,md,zip (zip: the Markdown and its pictures).",
        )
        parser.add_argument("--out", type=Path, default=Path("demo-output"), help="Folder for the exports.")
        parser.add_argument("--timeout", type=float, default=600, help="Seconds to wait for each queued job.")

    def handle(self, *args, **options):
        formats = export_formats(options["export"]) if options["export"] else []
        languages = translation_languages(options["translate"])
        try:
            specs = [parse_character_spec(spec) for spec in options["characters"]]
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            for language in languages:  # refused before anything is written, not after
                require_translator(source=DEFAULT_LANGUAGE, target=language)
        except DomainError as error:
            raise CommandError(error.message) from None
        owner, _ = get_user_model().objects.get_or_create(username=options["user"])
        try:
            cast = [(create_character(owner=owner, **spec).pk, "") for spec in specs]
            story = create_story(
                owner=owner,
                title=options["title"],
                description=options["description"],
                target_audience=options["audience"],
                genre=options["genre"],
                cast=cast,
                language=options["language"],
            )
            self.stdout.write(f"Story #{story.pk} created for {owner.username}; writing it...")
            job = self.run_job(start_generation(story=story), options["timeout"])
        except DomainError as error:
            raise CommandError(error.message) from None
        self.print_summary(Story.objects.get(pk=story.pk), job)
        if options["images"]:
            self.illustrate(story, options["timeout"])
        for language in languages:
            self.translate(story, language, options["timeout"])
        if options["narrate"]:
            self.narrate(story, options["timeout"])
        for export_format in formats:
            self.export(Story.objects.get(pk=story.pk), export_format, options["out"])
        if options["narrate"]:
            self.export_read_along(Story.objects.get(pk=story.pk), options["out"])

    def run_job(self, job: Job, timeout: float) -> Job:
        job = self.wait(job, timeout)
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(f"The {job.kind} job failed: {job.error}")
        return job

    def wait(self, job: Job, timeout: float) -> Job:
        last = None
        try:
            for (now,) in watch_jobs([job.pk], timeout=timeout):
                job = now
                if job.is_active and (job.status, job.progress_done) != last:
                    self.stdout.write(
                        f"  job #{job.pk} {job.kind}: {job.status} ({job.progress_done}/{job.progress_total})"
                    )
                    last = (job.status, job.progress_done)
        except JobsStillRunning as stuck:
            raise CommandError(f"Job {stuck}; is a worker running?") from None
        self.stdout.write(
            f"  job #{job.pk} {job.kind}: {job.status} in {job.duration_seconds or 0:.2f} s ({job.provider})"
        )
        return job

    def illustrate(self, story: Story, timeout: float) -> None:
        for cover in (False, True):
            try:
                job = self.run_job(start_scene_images(story=story, cover=cover), timeout)
            except DomainError as error:
                raise CommandError(error.message) from None
            result = job.result or {}
            made, failed = len(result.get("generated_images", [])), result.get("failed", [])
            self.stdout.write(f"  {'cover' if cover else 'scene'} images: {made} made, {len(failed)} failed")

    def translate(self, story: Story, language: str, timeout: float) -> None:
        """One translate job at a time: each runs on the original, which holds one job at once."""
        try:
            job = self.run_job(
                start_translation(story=Story.objects.get(pk=story.pk), language=language), timeout
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        translation = Story.objects.get(pk=job.result["translation_id"])
        self.stdout.write(f"Translated into {language}: story #{translation.pk}")
        self.print_summary(translation, job)

    def narrate(self, story: Story, timeout: float) -> None:
        try:
            job = self.run_job(start_narration(story=story), timeout)
        except DomainError as error:
            raise CommandError(error.message) from None
        result = job.result or {}
        seconds = sum(item["duration_ms"] for item in result.get("narrated", [])) / 1000
        made, failed = len(result.get("narrated", [])), result.get("failed", [])
        self.stdout.write(
            f"  narration: {made} scenes read aloud ({seconds:.0f} s of audio), {len(failed)} failed"
        )

    def export_read_along(self, story: Story, folder: Path) -> None:
        artifact = export_read_along(story=story)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / download_name(title=f"{story.title} read-along", format=ExportFormat.EPUB)
        with artifact.file.open("rb") as stored:
            target.write_bytes(stored.read())
        self.stdout.write(f"  exported read-along epub: {target} ({target.stat().st_size // 1024} KiB)")

    def export(self, story: Story, export_format: str, folder: Path) -> None:
        artifact = export_story(
            story=story,
            format=export_format,
            include_images=True,
            base_url=settings.PUBLIC_BASE_URL or LOCAL_SITE,
        )
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / download_name(title=story.title, format=export_format)
        with artifact.file.open("rb") as stored:
            target.write_bytes(stored.read())
        self.stdout.write(f"  exported {export_format}: {target} ({target.stat().st_size // 1024} KiB)")
        if export_format == ExportFormat.MARKDOWN_BUNDLE:
            unpacked = target.with_suffix("")
            remove_earlier_unpacking(unpacked, markdown_name=target.with_suffix(".md").name)
            with zipfile.ZipFile(target) as bundle:
                bundle.extractall(unpacked)
            self.stdout.write(f"  unpacked it: {unpacked}/ (open the .md there: its pictures are beside it)")

    def print_summary(self, story: Story, job: Job) -> None:
        self.stdout.write(self.style.SUCCESS(f"\n{story.title}"))
        self.stdout.write(
            f"{story.get_genre_display()} for {story.get_target_audience_display()} in "
            f"{get_language(story.language).name}; "
            f"{story.total_word_count} words, {story.reading_minutes} min to read; version {story.version}"
        )
        found = readability(story.language)
        for scene in story.scenes.all():
            shown = scene_readability(
                scene.reading_grade, language=story.language, audience_id=story.target_audience
            )
            if found is None or shown["grade"] is None:
                measured = f"readability not measured ({get_language(story.language).name} has no formula)"
            else:
                low, high = shown["band"]
                fits = "fits" if shown["fits_audience"] else "outside"
                scale = "grade" if found.measure == "flesch_kincaid_grade" else found.name
                measured = f"{scale} {shown['grade']:g} ({fits} {low:g}..{high:g})"
            words = f"{scene.word_count} words"
            self.stdout.write(
                f"  {scene.scene_number:>2}. [{scene.type}] {scene.title} - {words}, {measured}"
            )
        if story.lessons:
            self.stdout.write("Lessons: " + " ".join(story.lessons))
        for note in (job.result or {}).get("notes", []):
            self.stdout.write(f"Note: {note}")
        for line in report_lines(story.quality):
            self.stdout.write(line)
        cost = f"~${job.estimated_cost_usd:.4f}" if job.estimated_cost_usd else "no charge"
        self.stdout.write(
            f"Usage: {job.prompt_tokens} prompt + {job.completion_tokens} completion tokens, "
            f"{cost} ({job.provider})\n"
        )
