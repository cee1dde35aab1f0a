"""The one JSON parser of the API: the contract's limits on what a body may hold.

Every write route parses its body here, so each limit is enforced once: a body over
MAX_REQUEST_BYTES is a 413; unparseable JSON, JSON nested deeper than MAX_JSON_DEPTH, NaN or
Infinity, and any string (key or value) holding a NUL byte, a control character other than
tab and line breaks, or a lone surrogate are a 400. Such strings cannot be stored by
PostgreSQL, written into XML (EPUB) nor encoded as UTF-8, so they would otherwise surface as
a database error, a failed export or a failed render of the error message that echoes them.
"""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

from .text import UNSTORABLE


class RequestTooLarge(APIException):
    status_code = 413
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def _reject_constant(name: str):
    raise ValueError(f"{name} is not valid JSON")


def check_json_value(value, *, max_depth: int) -> None:
    """Walk `value` without recursion: raise ParseError past `max_depth` or on a bad string."""
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, str):
            if UNSTORABLE.search(item):
                raise ParseError(
                    "Strings may not hold NUL bytes, control characters, U+FFFE, U+FFFF "
                    "or unpaired surrogates."
                )
        elif isinstance(item, (dict, list)):
            if depth > max_depth:
                raise ParseError(f"JSON nested deeper than {max_depth} levels is not accepted.")
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.MAX_REQUEST_BYTES
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise RequestTooLarge(f"The request body is larger than {limit} bytes.")
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = raw.decode(encoding).removeprefix("\ufeff")  # RFC 8259 lets a parser ignore a BOM
            data = json.loads(text, parse_constant=_reject_constant)
        except RecursionError:
            raise ParseError(
                f"JSON nested deeper than {settings.MAX_JSON_DEPTH} levels is not accepted."
            ) from None
        except (UnicodeDecodeError, LookupError):
            raise ParseError("The request body is not valid UTF-8.") from None
        except ValueError as error:
            if "integer string conversion" in str(error):
                raise ParseError("A number in the body is too long to be read.") from None
            raise ParseError(f"JSON parse error - {error}") from None
        check_json_value(data, max_depth=settings.MAX_JSON_DEPTH)
        return data
