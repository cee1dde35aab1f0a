import re

UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
"""A NUL byte, another control character (tab and line breaks aside) or an unpaired
surrogate: PostgreSQL cannot store NUL, XML (EPUB, PDF) cannot hold control characters and
UTF-8 cannot encode a lone surrogate, so a string holding one is refused wherever it arrives."""

_CONTROL = r"\u0000-\u0008\u000b\u000c\u000e-\u001f"
_STORABLE = f"[^{_CONTROL}]"
_STORABLE_SPACE = rf"[^\S{_CONTROL}]"
_STORABLE_NON_SPACE = rf"[^\s{_CONTROL}]"


def storable_text_pattern(*, least_after_trim: int = 0) -> str:
    """A regular expression (ECMA-262 and Python alike) for the strings UNSTORABLE lets through,
    with at least `least_after_trim` characters once leading and trailing whitespace is
    stripped. Lone surrogates are left out: a JSON schema regex cannot name them without also
    refusing every astral character (emoji) in UTF-16 engines, and no JSON encoder writes one."""
    if least_after_trim <= 0:
        return f"^{_STORABLE}*$"
    if least_after_trim == 1:
        return f"^{_STORABLE_SPACE}*{_STORABLE_NON_SPACE}{_STORABLE}*$"
    middle = f"{_STORABLE}{{{least_after_trim - 2},}}"
    return f"^{_STORABLE_SPACE}*{_STORABLE_NON_SPACE}{middle}{_STORABLE_NON_SPACE}{_STORABLE_SPACE}*$"
