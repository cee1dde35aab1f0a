"""Exports: render a story as PDF, EPUB or Markdown, cached per story version and options."""

from .cache import export_story
from .formats import download_name

__all__ = ["download_name", "export_story"]
