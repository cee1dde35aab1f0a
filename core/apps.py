from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared kernel: domain errors and the API plumbing every app builds on."""

    name = "core"
    label = "core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from .api.authentication import connect_signals
        from .api.throttling import on_login_failed

        user_login_failed.connect(on_login_failed, dispatch_uid="core.count_failed_logins")
        connect_signals()
