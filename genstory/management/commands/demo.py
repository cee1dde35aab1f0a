"""`make demo`: the main job on a built-in sample brief: write, illustrate, narrate, export."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command

from core.command_logs import QuietCommand
from stories.models import Story

NEXT_STEPS = """
Next steps:
  open the outputs:   {out}/ (PDF, EPUB and Markdown)
  run the server:     make run   (then http://127.0.0.1:8000/api/docs/ and /admin/)
  use a real model:   set OPENAI_API_KEY (and OPENAI_BASE_URL for a self-hosted server) in .env
"""

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


class Command(QuietCommand):
    help = "Run the whole pipeline on a built-in sample brief (offline unless a key is set)."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, default=Path("demo-output"), help="Folder for the exports.")

    def handle(self, *args, **options):
        owner = get_user_model().objects.filter(username="demo").first()
        if owner is not None:
            replaced, _ = Story.objects.filter(owner=owner, title=SAMPLE_BRIEF["title"]).delete()
            if replaced:
                self.stdout.write("Replacing the earlier demo story.")
        self.stdout.write("Writing the sample story, its pictures and its exports...")
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
            verbosity=options["verbosity"],
        )
        self.stdout.write(NEXT_STEPS.format(out=options["out"]))
