"""Outline-first generation against today's one-call design, on a fake that writes at 50 tokens/s.

The fake OpenAI server answers chat calls after 0.02 s per output token (its tokenizer: four
characters a token, about 1.4 tokens a word here), one answer per request and all requests
in parallel, as a batching server (vLLM, OpenAI) does. Its "model" writes what it is asked:
the one-call design's whole story at the budget share of the audience's word budget, the
outline's plan, and each scene at the word target its prompt states. Both designs go
through the real SDK and the openai provider; the outline-first side is
`stories.services.generation.write_story`, AI_MAX_CONCURRENCY at its default. All four runs
(two audiences x two designs) go at once, so the bench takes as long as the slowest.

A second measure uses 1.0 s per call instead: an 8-scene story against its critical path
(one outline call plus one scene call), with the most calls the fake saw in flight at once.
Targets: outline-first <= 0.4x the one-call wall time for adults_18_plus; stories reach at
least half their audience's word budget; the 8-scene story within 1.5x its critical path.
"""

from __future__ import annotations

import json
import re
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, setup_django
from tests.fake_openai import FakeOpenAIServer

SECONDS_PER_TOKEN = 1 / 50
AUDIENCES = {"children_8_10": 7, "adults_18_plus": 10}
"""Scenes the fake plans per audience (within each audience's range)."""
WORD = "Juniper followed the bright kite across the busy market square toward the old harbour."
TARGET_RATIO = 0.4
TARGET_BUDGET_SHARE = 0.5
TARGET_CRITICAL = 1.5
TITLE = "Outline-first vs one-call generation (fake at 50 tokens/s; 1.0 s per call)"


def prose(words: int) -> str:
    """About `words` words of plain sentences (a reading grade inside every band's tolerance)."""
    sentence = WORD.split()
    return " ".join([WORD] * max(1, round(words / len(sentence))))


def fake_model(scenes_for: dict[str, int]):
    """The fake's answers: each design gets what a model asked the same thing would write."""
    from stories.audiences import AUDIENCES as PROFILES

    def audience_of(body: dict) -> str:
        text = json.dumps(body["messages"]).lower()
        return next(a for a in PROFILES if PROFILES[a].label.lower() in text)

    def story(body: dict) -> dict:
        profile = PROFILES[audience_of(body)]
        count = scenes_for[profile.id]
        kinds = ["introduction", *["rising_action"] * (count - 4), "climax", "falling_action", "conclusion"]
        words = round(profile.max_word_count * 0.8 / count)
        return {
            "title": "The Lost Kite",
            "scenes": [
                {
                    "type": kind,
                    "title": f"Part {n}",
                    "content": prose(words),
                    "characters_present": ["Juniper"],
                    "visual_description": "A child and a kite.",
                }
                for n, kind in enumerate(kinds, start=1)
            ],
            "lessons": ["Friends help each other."],
        }

    def plan(body: dict) -> dict:
        count = scenes_for[audience_of(body)]
        return {
            "title": "The Lost Kite",
            "lessons": ["Friends help each other."],
            "scenes": [
                {
                    "title": f"Part {n}",
                    "summary": f"Juniper chases the kite across town, part {n}.",
                    "beats": ["The kite slips away.", "Juniper runs after it."],
                    "characters_present": ["Juniper"],
                    "visual_description": "A child running after a red kite.",
                }
                for n in range(1, count + 1)
            ],
        }

    def scene_text(body: dict) -> dict:
        words = int(re.search(r"about (\d+) words", body["messages"][-1]["content"]).group(1))
        return {"content": prose(words)}

    return story, plan, scene_text


def one_call(audience_id: str) -> tuple[float, int]:
    """Today's design, as it was: one structured call for the whole story."""
    from ai.providers import story_provider
    from ai.schemas import StoryDraft
    from stories.audiences import audience_profile
    from stories.prompts import audience_lines, user_prompt

    profile = audience_profile(audience_id)
    system = "\n".join(
        [
            f"You are an award-winning author writing an adventure story for {profile.label.lower()}.",
            *audience_lines(profile, "adventure"),
            f"The whole story must stay under {profile.max_word_count} words.",
            f"Write {profile.scene_count[0]} to {profile.scene_count[1]} scenes.",
        ]
    )
    provider = story_provider()
    started = time.perf_counter()
    draft, _ = provider.complete(
        system=system,
        user=user_prompt("The Lost Kite", "A kite over town.", ()),
        output=StoryDraft,
        name="story",
        max_tokens=provider.tokens_for_words(profile.max_word_count),
    )
    return time.perf_counter() - started, draft.word_count


def outline_first(audience_id: str) -> tuple[float, int]:
    from stories.audiences import audience_profile
    from stories.prompts import build_brief
    from stories.services.generation import write_story

    brief = build_brief(
        title="The Lost Kite",
        description="A kite over town.",
        genre="adventure",
        audience=audience_profile(audience_id),
        characters=(),
    )
    started = time.perf_counter()
    written = write_story(brief=brief)
    seconds = time.perf_counter() - started
    return seconds, sum(len(scene.content.split()) for scene in written.scenes.values())


def critical_path_rows(fake: FakeOpenAIServer) -> list[tuple[str, str, str, str]]:
    """1.0 s per call, 8 scenes: the story against one outline call plus one scene call."""
    from ai.providers import story_provider
    from stories.audiences import audience_profile
    from stories.prompts import build_brief, scene_request

    fake.set_token_rate(0.0)
    fake.set_latency("chat", 1.0)
    fake.set_answer("scene_text", lambda body: {"content": prose(800)})
    fake.set_answer("story_plan", fake_model({**AUDIENCES, "adults_18_plus": 8})[1])
    brief = build_brief(
        title="The Lost Kite",
        description="A kite over town.",
        genre="adventure",
        audience=audience_profile("adults_18_plus"),
        characters=(),
    )
    provider = story_provider()
    started = time.perf_counter()
    outline = provider.plan_story(brief)
    provider.write_scene(scene_request(brief=brief, outline=outline, number=1))
    critical = time.perf_counter() - started
    from stories.services.generation import write_story

    fake.reset_in_flight()
    started = time.perf_counter()
    written = write_story(brief=brief)
    story = time.perf_counter() - started
    ratio = story / critical
    return [
        ("1.0 s/call: outline call + one scene call", f"{critical:.2f} s", "-", "-"),
        (
            f"1.0 s/call: {len(written.scenes)}-scene story",
            f"{story:.2f} s",
            f"<= {critical * 1.5:.2f} s",
            "-",
        ),
        (
            "1.0 s/call: story / critical path",
            f"{ratio:.2f}x",
            f"<= {TARGET_CRITICAL}x",
            "yes" if ratio <= TARGET_CRITICAL else "NO",
        ),
        (
            "1.0 s/call: most calls in flight at once",
            str(fake.max_in_flight),
            "4",
            "yes" if fake.max_in_flight == 4 else "NO",
        ),
    ]


def warm_up() -> None:
    """One untimed call, so the server's structured-output mode is known before the runs race."""
    from ai.outline import SceneText
    from ai.providers import story_provider

    story_provider().complete(
        system="", user="Write scene 1 of 1.", output=SceneText, name="scene_text", max_tokens=50
    )


def main() -> int:
    with FakeOpenAIServer() as fake:
        setup_django(**fake.provider_env(), OPENAI_MAX_RETRIES="0", CELERY_BROKER_URL="")
        from stories.audiences import audience_profile

        story, plan, scene_text = fake_model(AUDIENCES)
        warm_up()
        fake.reset()
        fake.set_answer("story", story)
        fake.set_answer("story_plan", plan)
        fake.set_answer("scene_text", scene_text)
        fake.set_token_rate(SECONDS_PER_TOKEN)
        runs = [(audience, design) for audience in AUDIENCES for design in (one_call, outline_first)]
        with ThreadPoolExecutor(max_workers=len(runs)) as pool:
            results = dict(zip(runs, pool.map(lambda run: run[1](run[0]), runs), strict=True))
        rows = []
        for audience in AUDIENCES:
            budget = audience_profile(audience).max_word_count
            (single, single_words), (outlined, words) = (
                results[(audience, one_call)],
                results[(audience, outline_first)],
            )
            ratio = outlined / single
            target = f"<= {TARGET_RATIO}x" if audience == "adults_18_plus" else "-"
            verdict = ("yes" if ratio <= TARGET_RATIO else "NO") if audience == "adults_18_plus" else "-"
            share = words / budget
            rows += [
                (f"{audience}: one call ({single_words} words)", f"{single:.1f} s", "-", "-"),
                (f"{audience}: outline first ({words} words)", f"{outlined:.1f} s", "-", "-"),
                (f"{audience}: outline / one call", f"{ratio:.2f}x", target, verdict),
                (
                    f"{audience}: words / budget ({budget})",
                    f"{share:.2f}",
                    f">= {TARGET_BUDGET_SHARE}",
                    "yes" if share >= TARGET_BUDGET_SHARE else "NO",
                ),
            ]
        rows += critical_path_rows(fake)
        emit(TITLE, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
