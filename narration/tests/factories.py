import factory

from ai.speech import text_words
from ai.wav import Pcm
from narration.audio import encode_for_storage
from narration.models import SceneNarration, text_hash

SAMPLE_RATE = 22050


def silent_mp3(duration_ms: int) -> bytes:
    pcm = Pcm(frames=b"\0\0" * (SAMPLE_RATE * duration_ms // 1000), sample_rate=SAMPLE_RATE)
    return encode_for_storage(audio=pcm.to_wav(), content_type="audio/wav")[0]


def even_timings(content: str, duration_ms: int) -> list[dict]:
    words = text_words(content)
    step = duration_ms // max(1, len(words))
    return [
        {
            "word": word,
            "start_ms": index * step,
            "end_ms": (index + 1) * step,
            "char_start": start,
            "char_end": end,
        }
        for index, (word, start, end) in enumerate(words)
    ]


class SceneNarrationFactory(factory.django.DjangoModelFactory):
    """A current narration of `scene`: a silent MP3 and evenly spread word timings."""

    class Meta:
        model = SceneNarration

    scene = None
    story = factory.LazyAttribute(lambda narration: narration.scene.story)
    duration_ms = 2000
    file = factory.django.FileField(filename="narration.mp3", data=silent_mp3(2000))
    content_type = "audio/mpeg"
    voice = "en-us"
    provider = "offline"
    model = "espeak-ng"
    words = factory.LazyAttribute(
        lambda narration: even_timings(narration.scene.content, narration.duration_ms)
    )
    text_hash = factory.LazyAttribute(lambda narration: text_hash(narration.scene.content))
