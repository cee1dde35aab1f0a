"""The offline storyteller: plans a story from the brief's premise, then writes each scene.

A scene is its plot beats (from the register's data, filled with the premise) with texture
sentences between them until it reaches its word target. A register's sentences are built to
read inside its audience's grade band; a few steering steps (drop the hardest texture
sentence, or join two short ones) correct what names and long words pull off. One `RunGuard`
per story keeps any sentence from repeating and any five-word run from appearing more than
three times, so scenes are written in order, the whole story at once, and cached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..outline import PlannedScene
from ..types import AudienceProfile, StoryBrief
from .premise import Person, Premise, premise_of
from .text import RunGuard, data, finish, grade, join_names, paragraphs, rng_for, title_case
from .text import word_count as count_words

_BANK_SLOTS = frozenset({"sight", "sound", "smell", "move", "feeling", "time", "thought"})
TENSE = frozenset({"rising_action", "climax"})
STEERING_ROUNDS = 12
ATTEMPTS = 40
DIALOGUE_EVERY = 4


def register_name(audience: AudienceProfile) -> str:
    """The register within the audience's reader group: the youngest readers get the toddler one."""
    if audience.reader_group == "young":
        return "toddler" if audience.grade_band[1] <= 2 else "young"
    return audience.reader_group


def premise_for(brief: StoryBrief) -> Premise:
    genres = data("genres")
    shape = genres.get(brief.genre, genres["adventure"])
    frozen = tuple(
        (key, tuple(map(tuple, v)) if key == "obstacles" else _freeze(v)) for key, v in shape.items()
    )
    young = brief.audience.reader_group == "young"
    return premise_of(brief.title, brief.description, frozen, brief.characters, young=young)


def _freeze(value):
    return tuple(value) if isinstance(value, list) else value


def _present(premise: Premise, kind: str, number: int) -> list[Person]:
    companions = list(premise.companions)
    if not companions or kind in {"introduction", "climax", "conclusion"}:
        return [premise.hero, *companions[:3]]
    return [premise.hero, companions[(number - 2) % len(companions)]]


def _scene_slots(brief: StoryBrief, premise: Premise, number: int, kind: str, cast: list[Person]) -> dict:
    genre = data("genres").get(brief.genre, data("genres")["adventure"])
    young = brief.audience.reader_group == "young"
    things = premise.things
    thing = {
        "introduction": things[0],
        "climax": premise.setting,
        "falling_action": things[-1],
        "conclusion": premise.setting,
    }.get(kind, things[(number - 2) % len(things)])
    obstacles = genre["obstacles"]
    obstacle = obstacles[(number + len(premise.goal)) % len(obstacles)][0 if young else 1]
    hero = premise.hero
    slots = {
        "hero": hero.short,
        "team": join_names([person.short for person in cast]),
        "trait": hero.trait,
        "setting": premise.setting,
        "thing": thing,
        "goal": premise.goal,
        "danger": premise.danger,
        "obstacle": obstacle,
        "them": hero.them,
        "their": hero.their,
        "lesson": _lesson_clause(brief),
    }
    if hero.look:
        slots["hero_look"] = hero.look
    if len(cast) > 1:
        friend = cast[1]
        slots |= {"friend": friend.short, "epithet": friend.epithet, "friend_trait": friend.trait}
    plural = _plural(premise.danger)
    slots |= {
        "danger_was": "were" if plural else "was",
        "danger_its": "their" if plural else "its",
        "danger_it": "they" if plural else "it",
    }
    slots |= {key.capitalize(): title_case(str(value)) for key, value in list(slots.items())}
    slots["Obstacle"] = title_case(obstacles[(number + len(premise.goal)) % len(obstacles)][0])
    return slots


def _plural(phrase: str) -> bool:
    last = phrase.split()[-1].lower() if phrase else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is"))


def _lesson_clause(brief: StoryBrief) -> str:
    lesson = data("genres").get(brief.genre, data("genres")["adventure"])["lessons"][0]
    return lesson[0].lower() + lesson[1:].rstrip(".")


@lru_cache(maxsize=512)
def _fields(template: str) -> frozenset[str]:
    return frozenset(re.findall(r"{(\w+)}", template))


@dataclass
class _Line:
    text: str
    beat: bool


class Storyteller:
    """Writes the scenes of one outline in order, sharing one `RunGuard` across them."""

    def __init__(self, brief: StoryBrief, guard: RunGuard | None = None) -> None:
        self.brief = brief
        self.premise = premise_for(brief)
        self.register = data("registers")[register_name(brief.audience)]
        self.bank = data("banks")[self.register["bank"]]
        self.guard = guard or RunGuard.telling(brief.description)
        self.lines_used: set[str] = set()
        self.frame_uses: dict[str, int] = {}
        self.since_dialogue = 0

    def write(self, scene: PlannedScene, word_target: int) -> str:
        rng = rng_for(
            "scene", self.brief.title, self.brief.description, self.brief.audience.id, str(scene.number)
        )
        cast = [p for p in self.premise.cast if p.name in scene.characters_present] or [self.premise.hero]
        slots = _scene_slots(self.brief, self.premise, scene.number, scene.type, cast)
        mood = "tense" if scene.type in TENSE else "calm"
        beats = self._beats(scene.type, cast, slots, rng)
        room = max(0, word_target - sum(count_words(b) for b in beats))
        lines: list[_Line] = []
        gaps = max(1, len(beats) - 1)
        for index, beat in enumerate(beats):
            lines.append(_Line(beat, True))
            if index < gaps:
                self._fill(lines, room / gaps, cast, slots, mood, rng)
        if not beats:
            self._fill(lines, word_target, cast, slots, mood, rng)
        self._steer(lines, cast, slots, mood, rng)
        pending, kept = self.guard.copy(), []
        for line in lines:
            if pending.fits(line.text):
                pending.add(line.text)
                kept.append(line)
        strict = bool(kept)
        kept = kept or self._relaxed(scene.type, cast, slots, rng)
        missing = [p.short for p in cast if p.short not in " ".join(line.text for line in kept)]
        if missing:
            kept.insert(
                0, _Line(finish(f"{join_names(missing)} {'were' if len(missing) > 1 else 'was'} there"), True)
            )
        lines = []
        for line in self._settle(kept):
            if not strict or self.guard.fits(line.text):
                self.guard.add(line.text)
                lines.append(line)
        return paragraphs([line.text for line in lines], self.register["paragraph"])

    def _beats(self, kind: str, cast: list[Person], slots: dict, rng) -> list[str]:
        steps = list(self.register["beats"][kind])
        if kind == "introduction":
            meets = [("companion", person) for person in cast[1:]]
            steps = steps[:2] + meets + steps[2:]
        written: list[str] = []
        for step in steps:
            if isinstance(step, tuple):
                person = step[1]
                variants = self.register["companion"]
                local = slots | {
                    "friend": person.short,
                    "epithet": person.epithet,
                    "friend_trait": person.trait,
                }
            else:
                variants, local = step, slots
            sentence = self._pick(variants, local, rng, written)
            if sentence:
                written.append(sentence)
        return written

    def _pick(self, variants: list[str], slots: dict, rng, written: list[str]) -> str:
        usable = [v for v in variants if _fields(v) <= slots.keys()]
        rng.shuffle(usable)
        pending = self.guard.copy()
        for sentence in written:
            pending.add(sentence)
        rendered = [finish(v.format_map(slots)) for v in usable]
        return next((s for s in rendered if pending.fits(s)), "")

    def _fill(self, lines: list[_Line], words: float, cast, slots, mood, rng) -> None:
        added = 0
        while added < words:
            sentence = self._texture(lines, cast, slots, mood, rng)
            if not sentence or added + count_words(sentence) / 2 > words:
                return
            lines.append(_Line(sentence, False))
            added += count_words(sentence)

    def _texture(self, lines: list[_Line], cast, slots, mood, rng, *, prefer=None) -> str:
        """One texture sentence the guard allows; `prefer` ranks candidates (for steering)."""
        pending = self.guard.copy()
        for line in lines:
            pending.add(line.text)
        texts = {line.text for line in lines}
        candidates = []
        for attempt in range(ATTEMPTS):
            talk = attempt == 0 and self.since_dialogue >= DIALOGUE_EVERY and prefer is None
            sentence, frame = self._candidate(cast, slots, mood, rng, dialogue=talk)
            if not (sentence and sentence not in texts and pending.fits(sentence)):
                self.frame_uses[frame] = self.frame_uses.get(frame, 0) + 1
                continue
            if prefer is None:
                self._used(frame)
                return sentence
            candidates.append((sentence, frame))
        if not candidates:
            return ""
        sentence, frame = min(candidates, key=lambda pair: prefer(pair[0]))
        self._used(frame)
        return sentence

    def _used(self, frame: str) -> None:
        self.frame_uses[frame] = self.frame_uses.get(frame, 0) + 1
        self.since_dialogue = 0 if frame == "dialogue" else self.since_dialogue + 1

    def _candidate(
        self, cast: list[Person], slots: dict, mood: str, rng, *, dialogue: bool
    ) -> tuple[str, str]:
        speaker = rng.choice(cast)
        if dialogue:
            return self._dialogue(speaker, mood, rng), "dialogue"
        frames = [f for f in self.register["texture"][mood] if _fields(f) <= slots.keys() | _BANK_SLOTS]
        least = min(self.frame_uses.get(f, 0) for f in frames)
        fresh = [f for f in frames if self.frame_uses.get(f, 0) <= least + 1]
        frame = rng.choice(fresh if rng.random() < 0.7 else frames)
        subject = cast[1] if "{friend} {move}" in frame and len(cast) > 1 else cast[0]
        bank = self.bank
        local = slots | {
            "sight": rng.choice(bank["sights"]),
            "sound": rng.choice(bank["sounds"]),
            "smell": rng.choice(bank.get("smells", ["rain"])),
            "thought": re.sub(r"\btheir\b", subject.their, rng.choice(bank.get("thoughts", ["home"]))),
            "feeling": rng.choice(bank[f"feelings_{mood}"]),
            "time": rng.choice(bank["times"]),
            "move": re.sub(r"\btheir\b", subject.their, rng.choice(bank[f"moves_{mood}"])),
        }
        if len(cast) > 2 and "{friend}" in frame:
            other = rng.choice(cast[1:])
            local |= {"friend": other.short}
        return finish(frame.format_map(local)), frame

    def _dialogue(self, speaker: Person, mood: str, rng) -> str:
        fresh = [line for line in self.register["lines"][mood] if line not in self.lines_used]
        if not fresh:
            return ""
        line = rng.choice(fresh)
        self.lines_used.add(line)
        if line[-1] in "?!":
            verb = "asked" if line.endswith("?") else "called"
            return f'"{line}" {verb} {speaker.short}.'
        return f'"{line}," said {speaker.short}.'

    def _steer(self, lines: list[_Line], cast, slots, mood, rng) -> None:
        """Nudge the scene's grade into the band: a few simple steps, never a search."""
        low, high = self.brief.audience.grade_band
        margin = min(1.0, (high - low) / 5)
        for _ in range(max(STEERING_ROUNDS, len(lines))):
            current = grade(" ".join(line.text for line in lines))
            if current > high - margin:
                texture = [line for line in lines if not line.beat]
                if not texture:
                    return
                hardest = max(texture, key=lambda line: grade(line.text))
                index = lines.index(hardest)
                lines.remove(hardest)
                easy = self._texture(lines, cast, slots, mood, rng, prefer=grade)
                if easy and grade(easy) < grade(hardest.text):
                    lines.insert(index, _Line(easy, False))
            elif current < low + margin:
                if not self._join(lines):
                    texture = [line for line in lines if not line.beat]
                    longer = self._texture(lines, cast, slots, mood, rng, prefer=lambda s: -grade(s))
                    if not longer or not texture:
                        return
                    easiest = min(texture, key=lambda line: grade(line.text))
                    lines[lines.index(easiest)] = _Line(longer, False)
            else:
                return

    def _relaxed(self, kind: str, cast, slots, rng) -> list[_Line]:
        """A scene's bare beats, repeating runs if it must: for the rare long story whose
        word banks the guard has used up (a lone hero at adult length)."""
        strict, self.guard = self.guard, RunGuard(seen=set(self.guard.seen))
        beats = self._beats(kind, cast, slots, rng) or [finish(f"{slots['hero']} kept going, as before")]
        self.guard = strict
        return [_Line(beat, True) for beat in beats]

    def _settle(self, lines: list[_Line]) -> list[_Line]:
        """The last word on the band: join sentences past the register's limit, or drop the
        hardest texture, for the rare scene that steering left outside it."""
        low, high = self.brief.audience.grade_band
        for _ in range(len(lines)):
            current = grade(" ".join(line.text for line in lines))
            texture = [line for line in lines if not line.beat]
            if current < low and self._join(lines, limit=200):
                continue
            if current < low and len(texture) > 1:
                lines.remove(min(texture, key=lambda line: grade(line.text)))
                continue
            if current > high and len(texture) > 1:
                lines.remove(max(texture, key=lambda line: grade(line.text)))
                continue
            break
        return lines

    def _join(self, lines: list[_Line], limit: int = 0) -> bool:
        names = {person.short.split()[0] for person in self.premise.cast}
        for index in range(len(lines) - 1):
            first, second = lines[index], lines[index + 1]
            if '"' in first.text + second.text or first.text[-1] != ".":
                continue
            both = first.text + second.text
            joints = self.register["joints"] + (["; ", " — "] if limit else [])
            joint = next((j for j in joints if j.strip(", ") not in both), "")
            if not joint or count_words(both) > (limit or self.register["join_limit"]):
                continue
            lead = second.text.split()[0]
            tail = (
                second.text if lead.strip(",") in names | {"I"} else second.text[0].lower() + second.text[1:]
            )
            lines[index : index + 2] = [_Line(f"{first.text[:-1]}{joint}{tail}", first.beat or second.beat)]
            return True
        return False


@lru_cache(maxsize=16)
def compose(brief: StoryBrief, scenes: tuple[PlannedScene, ...]) -> tuple[tuple[str, ...], RunGuard]:
    """Every scene's text for an outline (deterministic, so cached), and the guard after them."""
    teller = Storyteller(brief)
    texts = tuple(teller.write(scene, scene.word_target) for scene in scenes)
    return texts, teller.guard


def revise(brief: StoryBrief, scenes: tuple[PlannedScene, ...], number: int, word_target: int) -> str:
    """Write scene `number` again to a new word target, against the story's other scenes."""
    others = tuple(scene for scene in scenes if scene.number != number)
    _, guard = compose(brief, others)
    scene = next(scene for scene in scenes if scene.number == number)
    return Storyteller(brief, guard.copy()).write(replace(scene, word_target=word_target), word_target)
