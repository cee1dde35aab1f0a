import pytest
from django.db import IntegrityError, transaction

pytestmark = pytest.mark.django_db


def test_the_database_holds_one_username_in_any_case(django_user_model):
    django_user_model.objects.create_user(username="Juniper", password="x-strong-pass-7")
    with pytest.raises(IntegrityError), transaction.atomic():
        django_user_model.objects.create_user(username="JUNIPER", password="x-strong-pass-7")
    assert django_user_model.objects.filter(username__iexact="juniper").count() == 1
