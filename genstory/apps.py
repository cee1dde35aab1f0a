from django.apps import AppConfig


class GenstoryConfig(AppConfig):
    """The project package as an app, for the commands that run the whole pipeline across apps."""

    name = "genstory"
    label = "genstory"
