"""Passwords are stored with Argon2id at OWASP's parameters (organisation/hashers.py); a password
stored before with PBKDF2 still signs its user in, and is stored again with Argon2id on the way."""

import importlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from tests import factories

pytestmark = pytest.mark.django_db

PROJECT_HASHERS = importlib.import_module("config.settings").PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def project_password_hashing(settings):
    """The project's hashers, not the fast one the other tests use."""
    settings.PASSWORD_HASHERS = PROJECT_HASHERS


def stored(username):
    return get_user_model().objects.get(username=username).password


def test_a_new_password_is_stored_with_argon2id_at_owasps_parameters(client):
    user = factories.case_worker("TMF")
    user.set_password("et langt og godt kodeord")
    user.save()
    assert stored(user.username).startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    response = client.post("/login/", {"username": user.username, "password": "et langt og godt kodeord"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def user_stored_with_pbkdf2():
    """A case worker whose password ("test-password") was stored before Argon2id, with PBKDF2."""
    user = factories.case_worker("TMF")
    get_user_model().objects.filter(pk=user.pk).update(password=make_password("test-password", hasher="pbkdf2_sha256"))
    return user, stored(user.username)


def test_a_pbkdf2_password_signs_in_and_is_stored_again_with_argon2id(client):
    user, old = user_stored_with_pbkdf2()
    assert old.startswith("pbkdf2_sha256$")
    response = client.post("/login/", {"username": user.username, "password": "test-password"})
    assert response.status_code == 302
    assert stored(user.username).startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_a_wrong_password_changes_nothing_stored(client):
    user, old = user_stored_with_pbkdf2()
    response = client.post("/login/", {"username": user.username, "password": "forkert"})
    assert response.status_code == 200
    assert "Brugernavn eller adgangskode er forkert" in response.content.decode()
    assert stored(user.username) == old
    assert "_auth_user_id" not in client.session
