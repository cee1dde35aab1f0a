"""The StoryImage admin: thumbnails that staff load through the content route with their session."""

import pytest

from images.admin import image_thumbnail

from .factories import StoryImageFactory, illustrated_story

pytestmark = pytest.mark.django_db


def test_the_list_shows_thumbnails_and_the_detail_a_preview(admin_client, user):
    story = illustrated_story(user, count=1)
    image = StoryImageFactory(scene=story.scenes.get())
    content_url = f"/api/images/{image.pk}/content/"

    listing = admin_client.get("/admin/images/storyimage/")
    assert listing.status_code == 200
    assert f'<img src="{content_url}"' in listing.content.decode()

    detail = admin_client.get(f"/admin/images/storyimage/{image.pk}/change/")
    assert detail.status_code == 200
    assert 'width="480"' in detail.content.decode()

    assert admin_client.get(content_url).status_code == 200


def test_image_thumbnail_is_safe_html(user):
    story = illustrated_story(user, count=1)
    image = StoryImageFactory(scene=story.scenes.get())
    html = image_thumbnail(image)
    assert html.startswith(f'<img src="/api/images/{image.pk}/content/"')
    assert hasattr(html, "__html__")
    assert "no image" in image_thumbnail(None)
