import re

UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
"""A NUL byte, another control character (tab and line breaks aside) or an unpaired
surrogate: PostgreSQL cannot store NUL, XML (EPUB, PDF) cannot hold control characters and
UTF-8 cannot encode a lone surrogate, so a string holding one is refused wherever it arrives."""
