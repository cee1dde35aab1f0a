"""Routes of this app: `story_routes` hang under /api/stories/<pk>/, `urlpatterns` under /api/."""

from django.urls import path

from . import views

story_routes = [
    path("generate-scene-images/", views.SceneImagesView.as_view(), name="story-scene-images"),
    path("images/", views.StoryImageListView.as_view(), name="story-images"),
]
urlpatterns = [
    path("images/<id:pk>/content/", views.ImageContentView.as_view(), name="image-content"),
]
