"""Reading Server-Sent Events in tests and benches: the wire format, parsed as a browser would."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    data: dict


def parse_events(text: str) -> list[Event]:
    """The events in a stream's text (comments and `retry:` lines are skipped)."""
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        fields: dict[str, list[str]] = {}
        for line in block.split("\n"):
            if not line or line.startswith(":"):
                continue
            name, _, value = line.partition(":")
            fields.setdefault(name, []).append(value[1:] if value.startswith(" ") else value)
        if "data" in fields:
            events.append(
                Event(
                    id=fields.get("id", [""])[-1],
                    name=fields.get("event", ["message"])[-1],
                    data=json.loads("\n".join(fields["data"])),
                )
            )
    return events


class EventReader:
    """Events from a file-like byte stream (an open HTTP response), one at a time, as they come."""

    def __init__(self, stream):
        self.stream = stream
        self.comments = 0

    def __iter__(self):
        block: list[str] = []
        while True:
            line = self.stream.readline()
            if not line:
                return
            text = line.decode().rstrip("\r\n")
            if text:
                block.append(text)
                continue
            if block and all(part.startswith(":") for part in block):
                self.comments += 1
            events = parse_events("\n".join(block))
            block = []
            yield from events
