"""A job holds what it can really cost, in the unit its model is
billed in, so the last job a budget admits overshoots it by at most its own cost."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from narration.services import start_narration
from spend.errors import BudgetExceeded
from spend.models import EntryKind, SpendEntry
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db

SENTENCE = "Pip ran far. "


def answer_at_the_limit(body: dict) -> dict:
    """A scene as long as the call lets the model write (about four characters a token), in
    sentences far below the reading band, so every scene is rewritten once and both drafts
    cost all the tokens asked."""
    limit = body.get("max_completion_tokens") or body.get("max_tokens")
    return {"content": (SENTENCE * (4 * limit // len(SENTENCE)))[: 4 * limit - 40].strip()}


def spend_of(job_id: int) -> Decimal:
    entries = SpendEntry.objects.filter(job_id=job_id, kind=EntryKind.SPEND)
    return entries.aggregate(total=Sum("cost_usd"))["total"] or Decimal(0)


def hold_of(job_id: int) -> Decimal:
    return SpendEntry.objects.get(job_id=job_id, kind=EntryKind.HOLD).cost_usd


def test_a_batch_under_budget_spends_at_most_the_budget_and_one_story(api, fake_openai, settings):
    settings.OPENAI_TEXT_MODEL = "gpt-4o"
    settings.DAILY_BUDGET_USD = Decimal("0.60")
    fake_openai.set_answer("scene_text", answer_at_the_limit)
    briefs = [{"description": f"A fox and a kite, day {day}."} for day in range(1, 16)]

    response = api.post("/api/stories/batch-generate/", {"briefs": briefs}, format="json")

    assert response.status_code == 202, response.data
    jobs = [api.get(f"/api/jobs/{job['id']}/").data for job in response.data["jobs"]]
    assert jobs and all(job["status"] == "succeeded" for job in jobs), [job["error"] for job in jobs]
    costs = [spend_of(job["id"]) for job in jobs]
    assert all(spend_of(job["id"]) <= hold_of(job["id"]) for job in jobs)
    spent = Decimal(str(api.get("/api/usage/").data["spent_today_usd"]))
    assert spent == sum(costs)
    assert spent <= settings.DAILY_BUDGET_USD + max(costs)


def test_a_narration_holds_what_its_minutes_of_audio_cost(api, user, fake_openai, settings):
    settings.OPENAI_SPEECH_MODEL = "gpt-4o-mini-tts"
    story = story_with_scenes(user, count=3)

    response = api.post(f"/api/stories/{story.pk}/narrate/", {"speed": 1.5}, format="json")

    job = api.get(response["Location"]).data
    assert job["status"] == "succeeded", job["error"]
    assert Decimal(0) < spend_of(job["id"]) <= hold_of(job["id"])


def test_parallel_narrations_stop_at_a_nearly_spent_budget(user, fake_openai, settings):
    settings.OPENAI_SPEECH_MODEL = "gpt-4o-mini-tts"
    settings.DAILY_BUDGET_USD = Decimal("0.05")
    SpendEntry.objects.create(owner=user, kind=EntryKind.SPEND, cost_usd=Decimal("0.049"))
    stories = [story_with_scenes(user, count=5) for _ in range(11)]

    started = []
    with pytest.raises(BudgetExceeded):
        for story in stories:
            started.append(start_narration(story=story))

    assert len(started) == 1
    assert hold_of(started[0].pk) > 0
