"""Routes of this app: `story_routes` hang under /api/stories/<pk>/, `urlpatterns` under /api/."""

from django.urls import path

from . import views

story_routes = [
    path("export/pdf/", views.PdfExportView.as_view(), name="story-export-pdf"),
    path("export/epub/", views.EpubExportView.as_view(), name="story-export-epub"),
    path("export/markdown/", views.MarkdownExportView.as_view(), name="story-export-markdown"),
]
urlpatterns = []
