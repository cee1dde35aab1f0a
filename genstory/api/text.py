import re

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""A NUL byte or an unpaired surrogate: PostgreSQL cannot store the first, UTF-8 cannot
encode the second, so a string holding either is refused wherever it arrives."""
