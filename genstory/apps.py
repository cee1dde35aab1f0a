from django.apps import AppConfig


class GenstoryConfig(AppConfig):
    """The project package as an app, for commands that run the whole pipeline across apps."""

    name = "genstory"
    label = "genstory"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_login_failed

        from .api.throttling import on_login_failed

        user_login_failed.connect(on_login_failed, dispatch_uid="genstory.count_failed_logins")
