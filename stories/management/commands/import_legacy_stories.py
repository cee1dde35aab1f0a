import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from stories.legacy import InvalidLegacyStory, import_legacy_stories


class Command(BaseCommand):
    help = "Import stories from the legacy one-document JSON format (one object or a list)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="Owner's username (default: the first superuser).")

    def handle(self, *args, **options):
        owner = self.owner(options["user"])
        try:
            documents = json.loads(options["file"].read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        except json.JSONDecodeError as error:
            raise CommandError(f"{options['file']} is not valid JSON: {error}") from None
        try:
            stories = import_legacy_stories(documents=documents, owner=owner)
        except InvalidLegacyStory as error:
            raise CommandError(f"Nothing imported: {error.message}") from None
        for story in stories:
            self.stdout.write(f"Imported #{story.pk} {story.title!r}: {story.scenes.count()} scenes")
        noun = "story" if len(stories) == 1 else "stories"
        self.stdout.write(self.style.SUCCESS(f"{len(stories)} legacy {noun} imported for {owner.username}."))

    def owner(self, username: str | None):
        users = get_user_model().objects
        if username:
            try:
                return users.get(username=username)
            except users.model.DoesNotExist:
                raise CommandError(f"No user named {username!r}.") from None
        owner = users.filter(is_superuser=True).order_by("pk").first()
        if owner is None:
            raise CommandError("No superuser exists: create one or pass --user USERNAME.")
        return owner
