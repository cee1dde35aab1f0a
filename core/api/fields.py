from rest_framework import serializers

from languages.catalogue import META_ROUTE, language_ids


class TextField(serializers.CharField):
    """A string, as the schema says: DRF's CharField also takes a JSON number and stores "123"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class EnumChoiceField(serializers.ChoiceField):
    """A choice field whose error names the allowed values, as the API contract asks."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, **kwargs)
        allowed = ", ".join(str(key) for key in self.choices)
        self.error_messages["invalid_choice"] = (
            f'"{{input}}" is not a valid choice. Allowed values: {allowed}.'
        )


MAX_OBJECT_ID = 2**63 - 1
"""The largest primary key the database can hold (a signed 64-bit BigAutoField)."""


class ObjectIdField(serializers.IntegerField):
    """An object id in a request body: a positive integer the database can compare.

    Larger numbers are a 400 here rather than an overflow (a 500) in the database driver.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_OBJECT_ID)
        super().__init__(**kwargs)


class LanguageField(serializers.ChoiceField):
    """A story's language: a supported BCP 47 primary tag; the error says where the list is."""

    def __init__(self, **kwargs):
        super().__init__([(language_id, language_id) for language_id in language_ids()], **kwargs)
        self.error_messages["invalid_choice"] = (
            f'"{{input}}" is not a language GenStory writes; {META_ROUTE} lists them '
            "(BCP 47 primary tags such as en, es, ar)."
        )
