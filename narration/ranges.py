"""HTTP byte ranges (RFC 9110 section 14) for audio players that seek.

One range is served as 206; a header that is not a byte-range set, or asks for several
ranges, is ignored (a full 200 is always a correct answer); a range that starts past the end
is unsatisfiable (416). Positions are ASCII digits of any length: one longer than any file
can be is read as "past the end", never handed whole to `int()` (which refuses 4,301 digits).
"""

from __future__ import annotations

import re

_SINGLE = re.compile(r"^\s*bytes\s*=\s*([0-9]*)\s*-\s*([0-9]*)\s*$", re.IGNORECASE | re.ASCII)
_PAST_ANY_FILE = 10**18


class Unsatisfiable(Exception):
    pass


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) inclusive for a single satisfiable range, None to serve everything."""
    match = _SINGLE.match(header or "")
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        suffix = _position(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable()
        return max(0, size - suffix), size - 1
    start = _position(first)
    if last and _position(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable()
    return start, min(_position(last) if last else size - 1, size - 1)


def _position(digits: str) -> int:
    significant = digits.lstrip("0") or "0"
    return int(significant) if len(significant) < len(str(_PAST_ANY_FILE)) else _PAST_ANY_FILE
