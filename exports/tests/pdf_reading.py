"""Reading exported PDFs back with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import IndirectObject, PdfObject


def pdf_reader(payload: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(payload))


def pdf_text(payload: bytes) -> str:
    """All text, with line breaks folded to spaces so wrapped sentences compare whole."""
    return " ".join(" ".join((page.extract_text() or "").split()) for page in pdf_reader(payload).pages)


def _image_ids(resources: PdfObject | None, visited: set[int]) -> set[int]:
    found: set[int] = set()
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    for reference in xobjects.get_object().values() if xobjects is not None else ():
        xobject = reference.get_object()
        ident = reference.idnum if isinstance(reference, IndirectObject) else id(xobject)
        if ident in visited:
            continue
        visited.add(ident)
        if xobject.get("/Subtype") == "/Image":
            found.add(ident)
        elif xobject.get("/Subtype") == "/Form":
            found |= _image_ids(xobject.get("/Resources"), visited)
    return found


def count_images(payload: bytes) -> int:
    """Distinct image XObjects drawn on any page, looking inside form XObjects too."""
    visited: set[int] = set()
    return sum(len(_image_ids(page.get("/Resources"), visited)) for page in pdf_reader(payload).pages)
