"""Single sign-on with OpenID Connect against a small provider on loopback (tests/ops/fake_op.py)."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages

from organisation.models import ExternalIdentity, Membership, Role
from tests import factories
from tests.ops.fake_op import FakeProvider, new_key

pytestmark = pytest.mark.django_db

TMF_GROUP = "0b7c5a1e-tmf-sagsbehandlere"
TMU_GROUP = "CN=TMU-sekretariat,OU=Grupper,DC=kk,DC=dk"
BIF_GROUP = "5e1d2c3b-bif"
BUF_GROUP = "9a8b7c6d-buf-sagsbehandlere"


@pytest.fixture
def provider(settings):
    with FakeProvider(client_id="redegorelse-test", client_secret="hemmelig") as op:
        for name, value in op.settings().items():
            setattr(settings, name, value)
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, "organisation.oidc.OIDCBackend"]
        settings.OIDC_SUBJECT_CLAIM = "oid"
        settings.OIDC_GROUP_MAP = (
            (TMF_GROUP, "case_worker", "TMF"),
            (BUF_GROUP, "case_worker", "BUF"),
            (TMU_GROUP, "committee_secretary", "TMU"),
            (BIF_GROUP, "bif_staff", ""),
        )
        yield op


def mette(**changes):
    claims = {
        "sub": "pairwise-sub-1",
        "oid": "3f2a9c1e-0000-4000-8000-000000000001",
        "tid": "kk-tenant",
        "preferred_username": "ab12@kk.dk",
        "given_name": "Mette",
        "family_name": "Sørensen",
        "email": "mette.soerensen@kk.dk",
        "groups": [TMF_GROUP, "some-unrelated-group"],
    }
    claims.update(changes)
    return claims


def sign_in(client, provider, claims, next_url=None):
    """The browser's round trip: our login URL, the provider's sign-in, our callback."""
    response = client.get("/oidc/login/", {"next": next_url} if next_url else {})
    assert response.status_code == 302
    location = urlparse(response.url)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{provider.url}/authorize"
    params = parse_qs(location.query)
    code = provider.authorize(params, claims)
    return client.get("/oidc/callback/", {"code": code, "state": params["state"][0]})


def signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return get_user_model().objects.get(pk=user_id) if user_id else None


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_has_no_single_sign_on_until_it_is_configured(client):
    assert "Københavns Kommunes login" not in client.get("/login/").content.decode()
    assert client.get("/oidc/login/").status_code == 404
    assert client.get("/oidc/callback/", {"code": "x", "state": "y"}).status_code == 404


def test_it_offers_single_sign_on_on_the_login_page(client, provider):
    html = client.get("/login/", {"next": "/oversigt/"}).content.decode()
    assert "Log ind med Københavns Kommunes login" in html
    assert 'href="/oidc/login/?next=/oversigt/"' in html or 'href="/oidc/login/?next=%2Foversigt%2F"' in html


def test_it_creates_a_case_worker_from_a_mapped_group_with_pkce(client, provider):
    response = sign_in(client, provider, mette(), next_url="/forvaltninger/TMF/")
    assert response.status_code == 302
    assert response.url == "/forvaltninger/TMF/"
    user = signed_in_user(client)
    assert user.username == "ab12@kk.dk"
    assert (user.first_name, user.last_name, user.email) == ("Mette", "Sørensen", "mette.soerensen@kk.dk")
    assert not user.has_usable_password()
    identity = ExternalIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (provider.issuer, "3f2a9c1e-0000-4000-8000-000000000001")
    assert identity.last_login_at is not None
    assert [(m.role, m.department.abbreviation) for m in Membership.objects.filter(user=user)] == [
        (Role.CASE_WORKER, "TMF")
    ]
    # PKCE: the verifier went to the token endpoint (the provider checked it against the challenge).
    assert provider.token_requests[-1]["code_verifier"][0]
    assert client.get("/forvaltninger/TMF/").status_code == 200


def test_it_matches_on_the_subject_and_never_on_e_mail(client, provider):
    local = factories.UserFactory(username="mette-lokal", email="mette.soerensen@kk.dk")
    sign_in(client, provider, mette())
    user = signed_in_user(client)
    assert user != local
    assert not ExternalIdentity.objects.filter(user=local).exists()
    client.post("/logout/")
    # Same subject, new e-mail and name: the same account, updated.
    sign_in(client, provider, mette(email="mette.holm@kk.dk", family_name="Holm"))
    assert signed_in_user(client) == user
    user.refresh_from_db()
    assert (user.last_name, user.email) == ("Holm", "mette.holm@kk.dk")
    client.post("/logout/")
    # Same e-mail, another subject: another person, another account.
    sign_in(client, provider, mette(oid="3f2a9c1e-0000-4000-8000-000000000002", preferred_username="cd34@kk.dk"))
    assert signed_in_user(client) not in {user, local}
    assert get_user_model().objects.filter(email="mette.holm@kk.dk").count() == 1


def test_it_refuses_a_token_signed_with_the_wrong_key(client, provider):
    provider.signing_key = new_key()
    response = sign_in(client, provider, mette())
    assert response.status_code == 302
    assert response.url == "/login/"
    assert signed_in_user(client) is None
    assert not get_user_model().objects.filter(username="ab12@kk.dk").exists()
    assert messages_of(response) == [
        "Log ind med Københavns Kommunes login mislykkedes. Prøv igen, eller kontakt integration@kk.dk."
    ]


def test_it_creates_no_account_for_someone_with_no_mapped_group(client, provider):
    response = sign_in(client, provider, mette(groups=["unknown-group", "another-one"]))
    assert response.url == "/login/"
    assert signed_in_user(client) is None
    assert not get_user_model().objects.exists()
    assert "ingen rolle i Integrationsredegørelser" in messages_of(response)[0]


def test_it_follows_the_groups_at_every_sign_in(client, provider):
    sign_in(client, provider, mette())
    user = signed_in_user(client)
    client.post("/logout/")
    sign_in(client, provider, mette(groups=[BUF_GROUP, TMU_GROUP]))
    assert signed_in_user(client) == user
    assert sorted(
        (m.role, (m.department or m.committee).abbreviation) for m in Membership.objects.filter(user=user)
    ) == [(Role.CASE_WORKER, "BUF"), (Role.COMMITTEE_SECRETARY, "TMU")]
    client.post("/logout/")
    # Taken out of every mapped group at the provider: refused, and the roles are gone here too.
    sign_in(client, provider, mette(groups=["some-unrelated-group"]))
    assert signed_in_user(client) is None
    assert not Membership.objects.filter(user=user).exists()


def test_it_maps_bif_staff_without_a_department(client, provider):
    sign_in(client, provider, mette(groups=[BIF_GROUP]))
    membership = Membership.objects.get(user=signed_in_user(client))
    assert (membership.role, membership.department, membership.committee) == (Role.BIF_STAFF, None, None)


@pytest.mark.parametrize(
    "claims",
    [{"aud": "another-app"}, {"iss": "https://login.example.invalid/other-tenant/v2.0"}, {"oid": ""}],
    ids=["audience", "issuer", "no-subject"],
)
def test_it_refuses_a_token_meant_for_someone_else(client, provider, claims):
    response = sign_in(client, provider, mette(**claims))
    assert response.url == "/login/"
    assert signed_in_user(client) is None
    assert not get_user_model().objects.exists()


def test_it_refuses_a_replayed_callback(client, provider):
    response = client.get("/oidc/login/")
    params = parse_qs(urlparse(response.url).query)
    code = provider.authorize(params, mette())
    client.get("/oidc/callback/", {"code": code, "state": params["state"][0]})
    client.post("/logout/")
    replay = client.get("/oidc/callback/", {"code": code, "state": params["state"][0]})
    assert replay.status_code in {302, 400}
    assert signed_in_user(client) is None


def test_it_gives_up_on_a_provider_that_does_not_answer_in_time(client, provider, settings):
    settings.OIDC_TIMEOUT = 0.2
    provider.token_delay = 2
    response = sign_in(client, provider, mette())
    assert response.url == "/login/"
    assert signed_in_user(client) is None


def test_it_keeps_local_password_logins_working_alongside(client, provider, tmf_worker):
    response = client.post("/login/", {"username": "tmf-sagsbehandler", "password": "test-password"})
    assert response.status_code == 302
    assert signed_in_user(client) == tmf_worker


def test_it_uses_the_account_a_simultaneous_sign_in_just_made(client, provider, monkeypatch):
    """Two first sign-ins of one person at once: the second finds no account when it looks, then
    the identity made by the first refuses its copy; it signs in to that account, no error page."""
    from organisation.oidc import OIDCBackend

    sign_in(client, provider, mette())
    first = signed_in_user(client)
    client.post("/logout/")
    looked = {"once": False}
    original = OIDCBackend.filter_users_by_claims

    def not_there_yet(self, claims):
        if not looked["once"]:
            looked["once"] = True
            return self.UserModel.objects.none()
        return original(self, claims)

    monkeypatch.setattr(OIDCBackend, "filter_users_by_claims", not_there_yet)
    response = sign_in(client, provider, mette())
    assert response.status_code == 302
    assert signed_in_user(client) == first
    assert ExternalIdentity.objects.count() == 1
