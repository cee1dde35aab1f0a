"""`make demo`: the main job on a built-in sample brief: write, illustrate, narrate, export."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

SAMPLE_BRIEF = {
    "title": "The Lighthouse Keeper's Apprentice",
    "description": (
        "A curious girl and her clockwork fox must relight the old lighthouse before the storm "
        "ships reach the rocks."
    ),
    "characters": [
        "Mira: curious, brave, stubborn; a small girl with a yellow raincoat and two dark braids",
        "Tock: loyal, clever, anxious; a brass clockwork fox with one green glass eye",
    ],
    "audience": "children_8_10",
    "genre": "adventure",
}


class Command(BaseCommand):
    help = "Run the whole pipeline on a built-in sample brief (offline unless a key is set)."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=Path("demo-output"), help="Folder for the exports.")

    def handle(self, *args, **options):
        call_command(
            "generate_story",
            title=SAMPLE_BRIEF["title"],
            description=SAMPLE_BRIEF["description"],
            characters=SAMPLE_BRIEF["characters"],
            audience=SAMPLE_BRIEF["audience"],
            genre=SAMPLE_BRIEF["genre"],
            user="demo",
            images=True,
            narrate=True,
            export="pdf,epub,md,zip",
            out=options["out"],
            stdout=self.stdout,
        )
