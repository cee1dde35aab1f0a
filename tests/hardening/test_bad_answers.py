"""Round three, items 5, 11 and 12: bad model answers and lost pictures, through the API."""

import pytest

from stories.models import Story
from stories.tests.test_generation_api import create_story, generate
from stories.tests.test_generation_openai import fitting_story
from tests.fake_openai import respond

pytestmark = pytest.mark.django_db

TOO_DEEP = "[" * 20000


def answer_with(content: str, *, prompt_tokens: int = 100):
    """A 200 chat completion carrying `content` as it is, with its usage."""
    completion_tokens = max(1, len(content) // 4)
    return respond(
        200,
        {
            "id": "chatcmpl-raw",
            "object": "chat.completion",
            "created": 0,
            "model": "gpt-4o-mini",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        },
    )


# 5
@pytest.mark.parametrize(
    "content", [TOO_DEEP, "Here it is:\n```json\n" + "{" * 20000], ids=["brackets", "fenced-braces"]
)
def test_an_answer_nested_too_deeply_is_retried_once_then_fails_cleanly_with_its_usage(
    api, user, fake_openai, content
):
    fake_openai.enqueue("chat", answer_with(content), answer_with(content))
    story_id = create_story(api, user)
    job = generate(api, story_id)
    assert job["status"] == "failed"
    assert "internal error" not in job["error"]
    assert "story_plan request" in job["error"] and "after one retry" in job["error"]
    assert fake_openai.count("chat") == 2
    assert job["usage"]["prompt_tokens"] == 200
    assert job["usage"]["completion_tokens"] == 2 * (len(content) // 4)
    story = Story.objects.get(pk=story_id)
    assert story.version == 0 and not story.scenes.exists()


def test_one_answer_nested_too_deeply_is_retried_and_the_next_kept(api, user, fake_openai):
    fake_openai.set_story(fitting_story("children_8_10"))
    fake_openai.enqueue("chat", answer_with(TOO_DEEP))
    job = generate(api, create_story(api, user))
    assert job["status"] == "succeeded", job["error"]
    assert any("retried: " in note and "nested" in note for note in job["result"]["notes"])
