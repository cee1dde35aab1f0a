import re

UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""A NUL byte, another control character (tab and line breaks aside), an unpaired surrogate or
the noncharacter U+FFFE or U+FFFF: PostgreSQL cannot store NUL, XML (EPUB, PDF) cannot hold
control characters or those two noncharacters, and UTF-8 cannot encode a lone surrogate, so a
string holding one is refused wherever it arrives."""


def _escaped(codes: list[int]) -> str:
    """Code points as a character-class body of `\\uXXXX` escapes and ranges."""
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(f"\\u{lo:04x}" if lo == hi else f"\\u{lo:04x}-\\u{hi:04x}" for lo, hi in runs)


_CONTROL_CODES = [code for code in (*range(0x20), 0xFFFE, 0xFFFF) if UNSTORABLE.match(chr(code))]
_SPACE_CODES = [code for code in range(0x10000) if chr(code).isspace()]
"""What DRF's trimming (`str.strip`) removes, spelled out: `\\s` differs between regex engines
(ECMA-262 has U+FEFF and lacks U+0085), so a schema pattern names the characters itself."""
_CONTROL = _escaped(_CONTROL_CODES)
_STORABLE = f"[^{_CONTROL}]"
_STORABLE_SPACE = f"[{_escaped([code for code in _SPACE_CODES if code not in _CONTROL_CODES])}]"
_STORABLE_NON_SPACE = f"[^{_escaped(sorted(set(_CONTROL_CODES) | set(_SPACE_CODES)))}]"


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
