from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel: domain errors and the API plumbing every app builds on."""

    name = "core"
    label = "core"

    def ready(self) -> None:
        from .api.authentication import connect_signals

        connect_signals()
