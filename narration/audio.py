"""Stored narration audio is MP3: a core media type of EPUB 3 (WAV is not), a tenth of the size.

Encoded with LAME from the `lameenc` wheel, so no system package is needed.
"""

from __future__ import annotations

from django.conf import settings

from ai.wav import read_wav

MP3 = "audio/mpeg"
EXTENSIONS = {"audio/mpeg": "mp3", "audio/wav": "wav", "audio/ogg": "ogg"}


def encode_for_storage(*, audio: bytes, content_type: str) -> tuple[bytes, str]:
    """(bytes, content type) to store: 16-bit PCM WAV becomes MP3; anything else is kept."""
    if content_type != "audio/wav":
        return audio, content_type
    pcm = read_wav(audio)
    if pcm.sample_width != 2 or pcm.channels > 2:
        return audio, content_type
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(settings.NARRATION_MP3_BITRATE)
    encoder.set_in_sample_rate(pcm.sample_rate)
    encoder.set_channels(pcm.channels)
    encoder.set_quality(7)
    return bytes(encoder.encode(pcm.frames) + encoder.flush()), MP3
