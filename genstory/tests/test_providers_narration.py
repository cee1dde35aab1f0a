"""Which provider reads stories aloud under NARRATION_PROVIDER=auto."""

from ai.offline.speech import OfflineSpeechProvider
from ai.openai.speech import OpenAISpeechProvider
from ai.providers import narration_provider


def test_auto_narrates_with_openai_when_stories_go_to_openai_itself(settings):
    settings.NARRATION_PROVIDER = "auto"
    settings.AI_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "sk-test-not-a-secret"
    settings.OPENAI_BASE_URL = None
    assert isinstance(narration_provider(), OpenAISpeechProvider)


def test_auto_narrates_offline_for_a_self_hosted_server(settings):
    """llama.cpp, Ollama and vLLM have no /v1/audio/speech: a narration job would always fail."""
    settings.NARRATION_PROVIDER = "auto"
    settings.AI_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "sk-local"
    settings.OPENAI_BASE_URL = "http://127.0.0.1:8080/v1"
    assert isinstance(narration_provider(), OfflineSpeechProvider)


def test_narration_provider_openai_is_honoured_for_any_server(settings):
    settings.NARRATION_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "sk-local"
    settings.OPENAI_BASE_URL = "http://127.0.0.1:8080/v1"
    assert isinstance(narration_provider(), OpenAISpeechProvider)
