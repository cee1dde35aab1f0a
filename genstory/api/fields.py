from rest_framework import serializers


class EnumChoiceField(serializers.ChoiceField):
    """A choice field whose error names the allowed values, as the API contract asks."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, **kwargs)
        allowed = ", ".join(str(key) for key in self.choices)
        self.error_messages["invalid_choice"] = (
            f'"{{input}}" is not a valid choice. Allowed values: {allowed}.'
        )
