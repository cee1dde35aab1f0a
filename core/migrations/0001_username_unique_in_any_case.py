"""One account per username in any case: registration checks `username__iexact` first, but two
registrations sent together both passed that check ("race" and "RACE"). The index makes the
second one fail at the database, which registration answers as "already taken" (400)."""

from django.conf import settings
from django.db import migrations

INDEX = "core_username_unique_in_any_case"


class Migration(migrations.Migration):
    dependencies = [migrations.swappable_dependency(settings.AUTH_USER_MODEL)]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE UNIQUE INDEX {INDEX} ON auth_user (UPPER(username))",
            reverse_sql=f"DROP INDEX {INDEX}",
        )
    ]
