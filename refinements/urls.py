"""Routes of this app: `story_routes` hang under /api/stories/<pk>/, `urlpatterns` under /api/."""

from django.urls import path

from . import views

story_routes = [
    path("refine-scene/<str:scene_id>/", views.RefineSceneView.as_view(), name="story-refine-scene"),
    path("refine-style/", views.RefineStyleView.as_view(), name="story-refine-style"),
    path("adjust-audience/", views.AdjustAudienceView.as_view(), name="story-adjust-audience"),
    path("refinement-history/", views.RefinementHistoryView.as_view(), name="story-refinement-history"),
]
urlpatterns = []
