"""Reading and writing PCM WAV, tolerating the headers streaming speech servers send.

A server that streams WAV writes its header before it knows the length, so the RIFF and
`data` sizes are placeholders (0xFFFFFFFF or 0). Python's `wave` module believes them;
`read_wav` takes the data chunk to run to the end of the bytes instead.
"""

from __future__ import annotations

import io
import struct
import wave
from dataclasses import dataclass

from .errors import ProviderError

_PLACEHOLDER_SIZES = frozenset({0, 0xFFFFFFFF})


@dataclass(frozen=True)
class Pcm:
    frames: bytes
    sample_rate: int
    channels: int = 1
    sample_width: int = 2

    @property
    def duration_ms(self) -> int:
        frame_bytes = self.channels * self.sample_width
        return round(len(self.frames) // frame_bytes * 1000 / self.sample_rate)

    def to_wav(self) -> bytes:
        output = io.BytesIO()
        with wave.open(output, "wb") as writer:
            writer.setnchannels(self.channels)
            writer.setsampwidth(self.sample_width)
            writer.setframerate(self.sample_rate)
            writer.writeframes(self.frames)
        return output.getvalue()


def read_wav(data: bytes) -> Pcm:
    """The PCM inside WAV `data`; a ProviderError (not retryable) when it is not PCM WAV."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise ProviderError("the speech answer is not WAV audio", retryable=False)
    position, layout = 12, None
    while position + 8 <= len(data):
        kind, size = data[position : position + 4], struct.unpack("<I", data[position + 4 : position + 8])[0]
        body = position + 8
        if kind == b"fmt ":
            encoding, channels, rate, _, _, bits = struct.unpack("<HHIIHH", data[body : body + 16])
            if encoding not in (1, 0xFFFE) or bits not in (8, 16, 24, 32) or not channels or not rate:
                raise ProviderError("the speech answer is WAV but not PCM audio", retryable=False)
            layout = (rate, channels, bits // 8)
        elif kind == b"data":
            if layout is None:
                break
            end = len(data) if size in _PLACEHOLDER_SIZES else min(len(data), body + size)
            frame_bytes = layout[1] * layout[2]
            frames = data[body:end]
            frames = frames[: len(frames) - len(frames) % frame_bytes]
            return Pcm(frames=frames, sample_rate=layout[0], channels=layout[1], sample_width=layout[2])
        position = body + size + (size & 1)
    raise ProviderError("the speech answer's WAV has no readable audio", retryable=False)


def join_pcm(parts: list[Pcm]) -> Pcm:
    """Pieces of one reading, one after another; they must share one format."""
    first = parts[0]
    if any(
        (part.sample_rate, part.channels, part.sample_width)
        != (first.sample_rate, first.channels, first.sample_width)
        for part in parts
    ):
        raise ProviderError("the speech answers came back in different audio formats", retryable=False)
    return Pcm(
        frames=b"".join(part.frames for part in parts),
        sample_rate=first.sample_rate,
        channels=first.channels,
        sample_width=first.sample_width,
    )
