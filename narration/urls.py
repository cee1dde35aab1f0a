"""Routes of this app: `story_routes` hang under /api/stories/<pk>/, `urlpatterns` under /api/."""

from django.urls import path

from . import views

story_routes = [
    path("narrate/", views.NarrateView.as_view(), name="story-narrate"),
    path("narration/", views.StoryNarrationListView.as_view(), name="story-narration"),
]
urlpatterns = [
    path("narration/<id:pk>/content/", views.NarrationContentView.as_view(), name="narration-content"),
    path("narration/<id:pk>/timings/", views.NarrationTimingsView.as_view(), name="narration-timings"),
    path("meta/voices/", views.VoiceListView.as_view(), name="meta-voices"),
]
