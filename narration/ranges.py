"""HTTP byte ranges (RFC 9110 section 14) for audio players that seek.

One range is served as 206; a header that is not a byte-range set, or asks for several
ranges, is ignored (a full 200 is always a correct answer); a range that starts past the end
is unsatisfiable (416).
"""

from __future__ import annotations

import re

_SINGLE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


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
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable()
        return max(0, size - suffix), size - 1
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable()
    return start, min(int(last) if last else size - 1, size - 1)
