"""Single sign-on with OpenID Connect (Microsoft Entra ID, AD FS) through mozilla-django-oidc.

The ID token is checked (RS256 against the provider's JWKS, nonce, expiry, audience, issuer); the
user is found by (issuer, subject), never by e-mail; roles come only from the groups in
settings.OIDC_GROUP_MAP and are set again at every sign-in, so the provider stays the one place
where access is granted and taken away. Someone with no mapped group gets no account."""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .models import Committee, Department, ExternalIdentity, Membership, Role

logger = logging.getLogger(__name__)

PROFILE_CLAIMS = ("name", "given_name", "family_name", "email", "preferred_username", "upn")

# Why a sign-in was refused, kept on the request for the callback view's message.
REFUSED = "refused"
NO_ROLE = "no_role"


def granted_memberships(groups):
    """The (role, department, committee) triples the mapped groups give, as model instances.

    A mapping that names an abbreviation the database does not have is a configuration error: it
    is logged and grants nothing."""
    if isinstance(groups, str):
        groups = [groups]
    groups = set(groups or [])
    grants = set()
    for group, role, abbreviation in settings.OIDC_GROUP_MAP:
        if group not in groups:
            continue
        department = committee = None
        if role == Role.CASE_WORKER:
            department = Department.objects.filter(abbreviation=abbreviation).first()
            if department is None:
                logger.error("OIDC_GROUP_MAP: no department with abbreviation %r.", abbreviation)
                continue
        elif role == Role.COMMITTEE_SECRETARY:
            committee = Committee.objects.filter(abbreviation=abbreviation).first()
            if committee is None:
                logger.error("OIDC_GROUP_MAP: no committee with abbreviation %r.", abbreviation)
                continue
        grants.add((role, department, committee))
    return grants


class OIDCBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        # The library lets a bad signature, an expired token or an unreachable provider escape as
        # an exception (a 400 or 500 page); here each of them is a refused sign-in.
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException, jwt.PyJWTError, KeyError) as error:
            logger.warning("Single sign-on refused: %s", error)
            if request is not None:
                request.oidc_failure = REFUSED
            return None

    def get_userinfo(self, access_token, id_token, payload):
        """The verified ID token's claims (Entra ID's userinfo has neither `oid` nor the groups),
        with the name and e-mail filled in from the userinfo endpoint when the token lacks them."""
        self.check_id_token(payload)
        claims = dict(payload)
        info = super().get_userinfo(access_token, id_token, payload)
        if info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo answer is about another subject than the ID token.")
        for claim in PROFILE_CLAIMS:
            if claim in info and claim not in claims:
                claims[claim] = info[claim]
        return claims

    def check_id_token(self, payload):
        """What the library leaves out: the token must be issued by our provider, for us."""
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is meant for another client.")
        if payload.get("iss") != settings.OIDC_OP_ISSUER:
            raise SuspiciousOperation("The ID token comes from another issuer.")

    def verify_claims(self, claims):
        return bool(claims.get(settings.OIDC_SUBJECT_CLAIM))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(
            external_identities__issuer=claims["iss"],
            external_identities__subject=str(claims[settings.OIDC_SUBJECT_CLAIM]),
        )

    def describe_user_by_claims(self, claims):
        return f"subject {claims.get(settings.OIDC_SUBJECT_CLAIM)}"

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation(f"The ID token has no {settings.OIDC_SUBJECT_CLAIM} claim.")
        grants = granted_memberships(claims.get(settings.OIDC_GROUPS_CLAIM))
        with transaction.atomic():
            user = self.filter_users_by_claims(claims).select_for_update().first()
            if not grants:
                if user is not None:
                    # Access was taken away at the provider: take the roles away here too, so
                    # sessions still open elsewhere lose them as well.
                    Membership.objects.filter(user=user).delete()
                logger.warning("Single sign-on refused: no mapped group for %s.", self.describe_user_by_claims(claims))
                self.request.oidc_failure = NO_ROLE
                return None
            user = self.create_user_once(claims) if user is None else self.update_user(user, claims)
            set_memberships(user, grants)
            ExternalIdentity.objects.filter(user=user, issuer=claims["iss"]).update(last_login_at=timezone.now())
        return user

    def create_user_once(self, claims):
        """Creates the account, unless the same person's other sign-in (a second tab, a double
        click) created it a moment ago: then the unique identity refuses the copy, and the
        account the other request made is used."""
        try:
            with transaction.atomic():
                return self.create_user(claims)
        except IntegrityError:
            user = self.filter_users_by_claims(claims).select_for_update().first()
            if user is None:
                raise
            return self.update_user(user, claims)

    def create_user(self, claims):
        user = self.UserModel(username=available_username(claims))
        user.set_unusable_password()
        apply_profile(user, claims)
        user.save()
        ExternalIdentity.objects.create(
            user=user, issuer=claims["iss"], subject=str(claims[settings.OIDC_SUBJECT_CLAIM])
        )
        return user

    def update_user(self, user, claims):
        apply_profile(user, claims)
        user.save(update_fields=["first_name", "last_name", "email"])
        return user


def apply_profile(user, claims):
    """Name and e-mail as the provider has them now; they are shown, never used to match."""
    first, last = claims.get("given_name"), claims.get("family_name")
    if not (first or last) and claims.get("name"):
        first, _sep, last = claims["name"].rpartition(" ")
    user.first_name = (first or "")[:150]
    user.last_name = (last or "")[:150]
    user.email = (claims.get("email") or "")[:254]


def available_username(claims):
    """The provider's login name when it is free, else the same with a suffix. It is a label for
    people; matching never uses it, so a local account of the same name is never taken over."""
    User = get_user_model()
    base = str(claims.get("preferred_username") or claims.get("upn") or "").lower()[:140]
    if not base:
        base = f"sso-{get_random_string(12).lower()}"
    candidate = base
    while User.objects.filter(username=candidate).exists():
        candidate = f"{base}-{get_random_string(4).lower()}"
    return candidate


def set_memberships(user, grants):
    wanted = {
        (role, department.pk if department else None, committee.pk if committee else None)
        for role, department, committee in grants
    }
    current = {(m.role, m.department_id, m.committee_id): m for m in Membership.objects.filter(user=user)}
    for key, membership in current.items():
        if key not in wanted:
            membership.delete()
    for role, department_id, committee_id in wanted - current.keys():
        Membership.objects.create(user=user, role=role, department_id=department_id, committee_id=committee_id)


class OIDCEnabledMixin:
    """The routes always exist; they answer 404 until single sign-on is configured."""

    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class AuthenticationRequestView(OIDCEnabledMixin, OIDCAuthenticationRequestView):
    pass


class CallbackView(OIDCEnabledMixin, OIDCAuthenticationCallbackView):
    def login_failure(self):
        if getattr(self.request, "oidc_failure", None) == NO_ROLE:
            message = _(
                "Du er logget ind hos Københavns Kommune, men har ingen rolle i Integrationsredegørelser. "
                "Kontakt din leder eller %(email)s for at få adgang."
            ) % {"email": settings.SERVICE_CONTACT_EMAIL}
        else:
            message = _("Log ind med Københavns Kommunes login mislykkedes. Prøv igen, eller kontakt %(email)s.") % {
                "email": settings.SERVICE_CONTACT_EMAIL
            }
        messages.error(self.request, message)
        return redirect("login")
