"""The README points only at files a clone of the repository has."""

import re

from django.conf import settings

README = settings.BASE_DIR / "README.md"
LINK = re.compile(r"\]\(([^)#\s]+)[^)]*\)")
CODE_PATH = re.compile(r"`((?:\.\./)*[\w.-]+(?:/[\w.-]+)*/[\w.-]*\.[A-Za-z]\w*)`")
"""A path in code that names a file (`docs/API.md`, `../shared/API.md`), not `30/hour`."""


def mentioned_paths(text: str) -> set[str]:
    links = {target for target in LINK.findall(text) if "://" not in target}
    in_code = set(CODE_PATH.findall(text))
    return links | in_code


def test_every_file_the_readme_names_is_in_the_repository():
    root = settings.BASE_DIR.resolve()
    missing = []
    for path in sorted(mentioned_paths(README.read_text(encoding="utf-8"))):
        target = (root / path).resolve()
        if not target.is_relative_to(root) or not target.exists():
            missing.append(path)
    assert missing == []


def test_the_check_sees_links_and_paths_in_code():
    text = (
        "see [the API](docs/API.md), `../shared/DESIGN.md`, `core/api/links.py`, `30/hour` and `/api/docs/`"
    )
    assert mentioned_paths(text) == {"docs/API.md", "../shared/DESIGN.md", "core/api/links.py"}
