"""Outline-first generation against today's one-call design, on a fake that writes at 50 tokens/s.

The fake OpenAI server answers chat calls after 0.02 s per output token (its tokenizer: four
characters a token, about 1.6 tokens a word of its prose), one answer per request and all requests
in parallel, as a batching server (vLLM, OpenAI) does. Its "model" writes what it is asked:
the one-call design's whole story at the budget share of the audience's word budget, the
outline's plan, and each scene at the word target its prompt states. Both designs go
through the real SDK and the openai provider, for the same brief with one character; the
outline-first side is `stories.services.generation.write_story`, AI_MAX_CONCURRENCY at its
default. All four runs (two audiences x two designs) go at once, so the bench takes as long
as the slowest.

The same runs give what outline-first costs in tokens: prompt and completion tokens per 1,000
story words as the server reports them in `usage` (the fake counts four characters a token of
the messages it is sent and of the answer it writes; a `json_schema` response format is not
counted), with outline-first's split into the plan call, the scene prompts and the scene text.
Where outline-first's extra tokens go: every scene call carries its own context (the audience's
guidance, the plan, the cast), which weighs most against children's short scenes. What repeated
in it was cut (stories/prompts.py: the neighbours' summaries told twice, plan-only guidance,
later scenes' summaries, the plan's structure said twice); what is left each scene needs.

A second measure uses 1.0 s per call instead: an 8-scene story against its own critical path,
the outline call plus ceil(scenes / in flight) scene calls made one after another, once with
AI_MAX_CONCURRENCY at its default (4: two waves of scenes) and once at the scene count (8: one
wave), each with the most calls the fake saw in flight at once.

Targets: outline-first <= 0.4x the one-call wall time for adults_18_plus; stories reach at
least half their audience's word budget; outline-first at most 1.5x the one-call tokens
(prompt + completion); the 8-scene story within 1.1x its critical path at both settings.
"""

from __future__ import annotations

import json
import math
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, setup_django
from tests.fake_openai import FakeOpenAIServer, prose_scenes

SECONDS_PER_TOKEN = 1 / 50
AUDIENCES = {"children_8_10": 7, "adults_18_plus": 10}
"""Scenes the fake plans per audience (within each audience's range)."""
TARGET_RATIO = 0.4
TARGET_BUDGET_SHARE = 0.5
TARGET_TOKENS = 1.5
TARGET_CRITICAL = 1.1
CRITICAL_SCENES = 8
TITLE = "Outline-first vs one-call generation (fake at 50 tokens/s; 1.0 s per call)"


class Run(NamedTuple):
    """One story written by one design: how long it took, its words, what the server reported."""

    seconds: float
    words: int
    prompt_tokens: int
    completion_tokens: int
    parts: dict[str, tuple[int, int]] | None = None
    """Outline-first's (prompt, completion) tokens by where they went."""


def prose(words: int, band: tuple[float, float]) -> str:
    """About `words` words naming Juniper, in the band's grades, no sentence told twice: text
    the quality report passes, as a good model's would, so no scene is asked again."""
    from tests.fake_openai.prose import prose as varied_prose

    return varied_prose(words=words, names=["Juniper"], key_words=["kite", "town"], band=band)


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
                    "content": prose(words, profile.grade_band),
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

    scene_text = prose_scenes()

    return story, plan, scene_text


def cast():
    """The brief's one character, the one the fake's plan puts in every scene."""
    from ai.types import CharacterBrief

    return (
        CharacterBrief(
            name="Juniper",
            role="protagonist",
            description="a curious girl who never gives up",
            traits=("brave", "stubborn"),
            appearance="short curly red hair, green raincoat, yellow boots",
        ),
    )


def one_call(audience_id: str) -> Run:
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
    draft, usage = provider.complete(
        system=system,
        user=user_prompt("The Lost Kite", "A kite over town.", cast()),
        output=StoryDraft,
        name="story",
        max_tokens=provider.tokens_for_words(profile.max_word_count),
    )
    seconds = time.perf_counter() - started
    return Run(seconds, draft.word_count, usage.prompt_tokens, usage.completion_tokens)


def outline_first(audience_id: str) -> Run:
    from stories.audiences import audience_profile
    from stories.prompts import build_brief
    from stories.services.generation import write_story

    brief = build_brief(
        title="The Lost Kite",
        description="A kite over town.",
        genre="adventure",
        audience=audience_profile(audience_id),
        characters=cast(),
    )
    started = time.perf_counter()
    written = write_story(brief=brief)
    seconds = time.perf_counter() - started
    plan = written.outline.usage
    scenes = [scene.usage for scene in written.scenes.values()]
    return Run(
        seconds,
        sum(len(scene.content.split()) for scene in written.scenes.values()),
        written.usage.prompt_tokens,
        written.usage.completion_tokens,
        parts={
            "plan call": (plan.prompt_tokens, plan.completion_tokens),
            "scene calls": (
                sum(usage.prompt_tokens for usage in scenes),
                sum(usage.completion_tokens for usage in scenes),
            ),
        },
    )


def cost(prompt_tokens: int, completion_tokens: int, words: int) -> str:
    """Prompt + completion tokens per 1,000 story words."""
    prompt, completion = (round(tokens * 1000 / words) for tokens in (prompt_tokens, completion_tokens))
    return f"{prompt} + {completion} = {prompt + completion}"


def token_rows(audience: str, single: Run, outlined: Run) -> list[tuple[str, str, str, str]]:
    """What each design cost per 1,000 story words, from the usage the server reported."""
    ratio = (outlined.prompt_tokens + outlined.completion_tokens) / outlined.words
    ratio /= (single.prompt_tokens + single.completion_tokens) / single.words
    return [
        (
            f"{audience}: one call, tokens / 1,000 words (prompt + completion)",
            cost(single.prompt_tokens, single.completion_tokens, single.words),
            "-",
            "-",
        ),
        (
            f"{audience}: outline first, tokens / 1,000 words",
            cost(outlined.prompt_tokens, outlined.completion_tokens, outlined.words),
            "-",
            "-",
        ),
        *(
            (f"{audience}: outline first, {part}", cost(prompt, completion, outlined.words), "-", "-")
            for part, (prompt, completion) in (outlined.parts or {}).items()
        ),
        (
            f"{audience}: outline / one call, tokens per word",
            f"{ratio:.2f}x",
            f"<= {TARGET_TOKENS}x",
            "yes" if ratio <= TARGET_TOKENS else "NO",
        ),
    ]


def critical_path_rows(fake: FakeOpenAIServer) -> list[tuple[str, str, str, str]]:
    """1.0 s per call, 8 scenes: the story against its critical path, at two concurrency limits.

    The critical path is the outline call, then as many scene calls one after another as
    there are waves of scenes (ceil(scenes / in flight)), through the same SDK and provider."""
    from django.conf import settings
    from django.test import override_settings

    from ai.providers import story_provider
    from stories.audiences import audience_profile
    from stories.prompts import build_brief, scene_request
    from stories.services.generation import write_story

    fake.set_token_rate(0.0)
    fake.set_latency("chat", 1.0)
    fake.set_answer("scene_text", prose_scenes())
    fake.set_answer("story_plan", fake_model({**AUDIENCES, "adults_18_plus": CRITICAL_SCENES})[1])
    brief = build_brief(
        title="The Lost Kite",
        description="A kite over town.",
        genre="adventure",
        audience=audience_profile("adults_18_plus"),
        characters=cast(),
    )
    rows = []
    for in_flight in (settings.AI_MAX_CONCURRENCY, CRITICAL_SCENES):
        waves = math.ceil(CRITICAL_SCENES / in_flight)
        label = f"1.0 s/call, {in_flight} in flight"
        with override_settings(AI_MAX_CONCURRENCY=in_flight):
            provider = story_provider()
            started = time.perf_counter()
            outline = provider.plan_story(brief)
            for _ in range(waves):
                provider.write_scene(scene_request(brief=brief, outline=outline, number=1))
            critical = time.perf_counter() - started
            fake.reset_in_flight()
            started = time.perf_counter()
            written = write_story(brief=brief)
            story = time.perf_counter() - started
        ratio = story / critical
        calls = "call" if waves == 1 else "calls"
        rows += [
            (f"{label}: outline call + {waves} scene {calls} in a row", f"{critical:.2f} s", "-", "-"),
            (
                f"{label}: {len(written.scenes)}-scene story",
                f"{story:.2f} s",
                f"<= {critical * TARGET_CRITICAL:.2f} s",
                "-",
            ),
            (
                f"{label}: story / critical path",
                f"{ratio:.2f}x",
                f"<= {TARGET_CRITICAL}x",
                "yes" if ratio <= TARGET_CRITICAL else "NO",
            ),
            (
                f"{label}: most calls in flight at once",
                str(fake.max_in_flight),
                str(in_flight),
                "yes" if fake.max_in_flight == in_flight else "NO",
            ),
        ]
    return rows


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
            single, outlined = results[(audience, one_call)], results[(audience, outline_first)]
            ratio = outlined.seconds / single.seconds
            target = f"<= {TARGET_RATIO}x" if audience == "adults_18_plus" else "-"
            verdict = ("yes" if ratio <= TARGET_RATIO else "NO") if audience == "adults_18_plus" else "-"
            share = outlined.words / budget
            rows += [
                (f"{audience}: one call ({single.words} words)", f"{single.seconds:.1f} s", "-", "-"),
                (
                    f"{audience}: outline first ({outlined.words} words)",
                    f"{outlined.seconds:.1f} s",
                    "-",
                    "-",
                ),
                (f"{audience}: outline / one call", f"{ratio:.2f}x", target, verdict),
                (
                    f"{audience}: words / budget ({budget})",
                    f"{share:.2f}",
                    f">= {TARGET_BUDGET_SHARE}",
                    "yes" if share >= TARGET_BUDGET_SHARE else "NO",
                ),
                *token_rows(audience, single, outlined),
            ]
        rows += critical_path_rows(fake)
        emit(TITLE, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
