"""What the schemathesis runs share: the schema, read from the app in-process with the project's
`schemathesis.toml`, and the checks every answer must pass.

- no 5xx; a status code the operation documents; a body and content type matching it;
- a schema-valid request is accepted. Where `schemathesis.toml` lets a 400 count as an answer
  to valid data (rules no schema can state), `rejections_name_a_rule` insists that the 400 is
  one of those rules and nothing else.
"""

from __future__ import annotations

import re
from pathlib import Path

import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import Failure
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from exports.services.bilingual import BilingualBundleNotOffered, NotATranslationPair
from genstory.wsgi import application
from stories.errors import AudienceChangeNeedsAdjustment, LanguageChangeNeedsTranslation, UnsafeText

NOT_BOTH = "Ask for one scene's picture or for the cover, not both."
CONFIG = Path(__file__).resolve().parents[2] / "schemathesis.toml"

UNKNOWN_IDS = r"Unknown (character|story) ids: [\d, ]+\."
CAST_OR_TEXT = [UNKNOWN_IDS, re.escape(UnsafeText.default_message)]
ADJUST_INSTEAD = re.escape(AudienceChangeNeedsAdjustment.template).replace(r"\{story_id\}", r"\d+")
TRANSLATE_INSTEAD = re.escape(LanguageChangeNeedsTranslation.template).replace(r"\{story_id\}", r"\d+")
RULES_NO_SCHEMA_CAN_STATE: dict[str, list[str]] = {
    "POST /api/auth/token/": [re.escape("Unable to log in with these credentials.")],
    "POST /api/stories/": CAST_OR_TEXT,
    "PUT /api/stories/{id}/": [*CAST_OR_TEXT, ADJUST_INSTEAD, TRANSLATE_INSTEAD],
    "PATCH /api/stories/{id}/": [*CAST_OR_TEXT, ADJUST_INSTEAD, TRANSLATE_INSTEAD],
    "POST /api/stories/batch-generate/": [rf"(Brief \d+: )?({'|'.join(CAST_OR_TEXT)})"],
    "POST /api/stories/{id}/generate-scene-images/": [re.escape(NOT_BOTH)],
    "POST /api/stories/{id}/adjust-audience/": [
        r"The story is already written for .+; choose another audience\."
    ],
    "POST /api/stories/{id}/narrate/": [
        r'"[^"]+" is not a voice that reads [^,]+, the story\'s language\. Allowed values: [^.]+\.'
    ],
    "POST /api/stories/{id}/translate/": [
        r"The story is already in .+; choose another language to translate it into\."
    ],
    **{
        f"GET /api/stories/{{id}}/export/{kind}/": [re.escape(NotATranslationPair.default_message)]
        for kind in ("pdf", "epub")
    },
    "GET /api/stories/{id}/export/markdown/": [
        re.escape(NotATranslationPair.default_message),
        re.escape(BilingualBundleNotOffered.default_message),
    ],
}
"""Per operation, the messages of the 400s `schemathesis.toml` lets through for valid data."""
REGISTRATION_FIELDS = {"username", "password", "email"}
TAKEN = "This username is already taken."


def load_schema():
    return schemathesis.openapi.from_wsgi(
        "/api/schema/", application, config=SchemathesisConfig.from_path(CONFIG)
    )


def _names_a_rule(label: str, body) -> bool:
    if label == "POST /api/auth/register/":
        if not isinstance(body, dict) or not body or not set(body) <= REGISTRATION_FIELDS:
            return False
        return "username" not in body or body["username"] == [TAKEN]
    messages = [body.get("detail")] if isinstance(body, dict) and "detail" in body else []
    if isinstance(body, dict) and "non_field_errors" in body:
        messages = body["non_field_errors"]
    rules = RULES_NO_SCHEMA_CAN_STATE.get(label, [])
    return bool(messages) and all(
        isinstance(text, str) and any(re.fullmatch(rule, text) for rule in rules) for text in messages
    )


@schemathesis.check
def rejections_name_a_rule(ctx, response, case):
    """A 400 to schema-valid data must be one of the rules no schema can state."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 400:
        return None
    try:
        body = response.json()
    except ValueError:
        body = None
    label = case.operation.label
    if not _names_a_rule(label, body):
        raise Failure(
            operation=label,
            title="Schema-valid request rejected for a reason the schema could state",
            message=f"400 {response.text[:500]!r}",
        )
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
    positive_data_acceptance,
    rejections_name_a_rule,
]
