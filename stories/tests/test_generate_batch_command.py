"""generate_batch: many briefs from a JSONL file, a progress bar, failures reported, resumable."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from jobs.models import Job, JobStatus
from spend.models import EntryKind, SpendEntry
from stories.management.commands.generate_batch import brief_key
from stories.models import Batch, Character, Story

pytestmark = pytest.mark.django_db(transaction=True)

BRIEFS = [
    {
        "title": "The Kite",
        "description": "A kite escapes over the town.",
        "audience": "children_5_7",
        "genre": "adventure",
        "characters": ["Juniper: curious, brave; a girl in red boots"],
    },
    {"description": "A robot learns to paint.", "genre": "scifi"},
    {"description": "Grandma's garden hides a secret door.", "audience": "preteens_11_13"},
]


def write(path, lines) -> str:
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return str(path)


def run(path, *args) -> tuple[str, str, CommandError | None]:
    out, err = StringIO(), StringIO()
    try:
        call_command("generate_batch", path, "--user", "editor", *args, stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), error
    return out.getvalue(), err.getvalue(), None


def test_every_brief_becomes_a_generated_story_with_a_progress_bar(tmp_path):
    out, err, failed = run(write(tmp_path / "briefs.jsonl", BRIEFS))
    assert failed is None, err
    assert "[##############################] 3/3" in out
    assert "3 generated, 0 already done, 0 failed" in out
    stories = Story.objects.filter(owner__username="editor").order_by("pk")
    assert [story.version for story in stories] == [1, 1, 1]
    assert [story.target_audience for story in stories] == ["children_5_7", "children_8_10", "preteens_11_13"]
    assert [c.name for c in stories[0].characters.all()] == ["Juniper"]
    assert len({story.batch_key for story in stories}) == 3
    batch = Batch.objects.get()
    assert batch.jobs.count() == 3 and batch.source == "generate_batch briefs.jsonl"


def test_a_rerun_skips_what_finished(tmp_path):
    path = write(tmp_path / "briefs.jsonl", BRIEFS)
    run(path)
    out, _, failed = run(path)
    assert failed is None
    assert "0 generated, 3 already done, 0 failed" in out
    assert Story.objects.count() == 3 and Job.objects.count() == 3 and Character.objects.count() == 1


def test_the_hash_ignores_key_order_and_spacing(tmp_path):
    run(write(tmp_path / "a.jsonl", BRIEFS[1:2]))
    reordered = json.dumps(dict(reversed(list(BRIEFS[1].items()))), indent=None, separators=(" ,", " : "))
    out, _, _ = run(write(tmp_path / "b.jsonl", [reordered]))
    assert "1 already done" in out and Story.objects.count() == 1


def test_bad_lines_are_reported_and_the_rest_are_generated(tmp_path):
    lines = [BRIEFS[0], "{not json", {"description": ""}, {"description": "x", "genre": "opera"}, BRIEFS[1]]
    lines += [
        {"description": "A fox finds a bag of cocaine."},
        {"description": "x", "characters": [": nameless"]},
    ]
    out, err, failed = run(write(tmp_path / "briefs.jsonl", lines))
    assert "2 generated, 0 already done, 5 failed" in out
    assert "line 2: not valid JSON" in err
    assert "line 3: description:" in err
    assert "line 4: genre:" in err and "Allowed values" in err
    assert "line 6: This text can't be used for a children's story." in err
    assert "line 7: character" in err
    assert "5 brief(s) not generated" in str(failed)
    assert Story.objects.count() == 2


def test_a_story_left_without_content_by_an_earlier_run_is_generated_not_duplicated(
    tmp_path, django_user_model
):
    editor = django_user_model.objects.create_user(username="editor")
    leftover = Story.objects.create(
        owner=editor, description=BRIEFS[1]["description"], genre="scifi", batch_key=brief_key(BRIEFS[1])
    )
    out, _, failed = run(write(tmp_path / "briefs.jsonl", BRIEFS[1:2]))
    assert failed is None and "1 generated, 0 already done" in out
    leftover.refresh_from_db()
    assert leftover.version == 1 and Story.objects.count() == 1


def test_the_daily_budget_stops_the_run_and_a_later_run_resumes(tmp_path, settings):
    path = write(tmp_path / "briefs.jsonl", BRIEFS)
    run(write(tmp_path / "first.jsonl", BRIEFS[:1]))
    editor = Story.objects.get().owner
    settings.DAILY_BUDGET_USD = Decimal("0.01")
    job = Job.objects.create(owner=editor, kind="generate", status=JobStatus.SUCCEEDED)
    SpendEntry.objects.create(owner=editor, job=job, kind=EntryKind.SPEND, cost_usd=1)
    out, err, failed = run(path)
    assert "0 generated, 1 already done, 0 failed, 2 not started" in out
    assert "today's budget" in err and failed is not None

    settings.DAILY_BUDGET_USD = Decimal(0)
    out, _, failed = run(path)
    assert failed is None and "2 generated, 1 already done" in out
    assert Story.objects.count() == 3


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("generate_batch", str(tmp_path / "nope.jsonl"), stdout=StringIO())


def test_lines_refused_for_what_they_say_are_not_promised_a_retry(tmp_path):
    lines = ["{not json", {"description": "x", "genre": "opera"}, BRIEFS[1]]
    out, _, failed = run(write(tmp_path / "briefs.jsonl", lines))
    assert "1 generated, 0 already done, 2 failed" in out
    assert (
        str(failed) == "2 brief(s) not generated; fix line(s) 1, 2: a re-run refuses them again as they are."
    )


def test_a_run_stopped_by_the_budget_tells_fixes_from_retries(tmp_path, settings, django_user_model):
    editor = django_user_model.objects.create_user(username="editor")
    settings.DAILY_BUDGET_USD = Decimal("0.01")
    job = Job.objects.create(owner=editor, kind="generate", status=JobStatus.SUCCEEDED)
    SpendEntry.objects.create(owner=editor, job=job, kind=EntryKind.SPEND, cost_usd=1)
    _, _, failed = run(write(tmp_path / "briefs.jsonl", ["{not json", BRIEFS[1], BRIEFS[2]]))
    assert str(failed) == (
        "3 brief(s) not generated; fix line(s) 1: a re-run refuses them again as they are; "
        "re-run to retry the other 2."
    )


@pytest.mark.parametrize("key", ["audience", "target_audience"])
def test_the_audience_is_read_and_reported_under_the_key_the_line_used(tmp_path, key):
    lines = [
        {"description": "A robot learns to paint.", key: "preteens_11_13"},
        {"description": "x", key: "kids"},
    ]
    _, err, _ = run(write(tmp_path / "briefs.jsonl", lines))
    assert Story.objects.get().target_audience == "preteens_11_13"
    assert f"line 2: {key}: " in err and "Allowed values" in err
    assert err.count("audience") == 1


def test_a_line_naming_the_audience_twice_is_refused(tmp_path):
    line = {"description": "x", "audience": "children_5_7", "target_audience": "adults_18_plus"}
    _, err, _ = run(write(tmp_path / "briefs.jsonl", [line]))
    assert "line 1: audience and target_audience are the same field; give one" in err
    assert Story.objects.count() == 0
