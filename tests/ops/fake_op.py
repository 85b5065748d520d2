"""A small OpenID Connect provider on loopback, for the single sign-on tests.

It serves the JWKS, token and userinfo endpoints the way Entra ID does for the authorization code
flow with PKCE; the test plays the browser's part at the authorization endpoint by calling
`authorize()`. What the next ID token says, and which key signs it, is up to the test."""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KID = "test-key-1"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeProvider:
    def __init__(self, client_id, client_secret):
        self.client_id = client_id
        self.client_secret = client_secret
        self.key = new_key()
        self.signing_key = self.key  # a test may swap in another key
        self.codes = {}
        self.access_tokens = {}
        self.token_delay = 0
        self.token_requests = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.issuer = f"{self.url}/tenant/v2.0"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def settings(self):
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
            "OIDC_OP_ISSUER": self.issuer,
        }

    def authorize(self, params, claims):
        """What the provider does when the user has signed in: remember the request, hand out a code."""
        assert params["client_id"] == [self.client_id]
        assert params["response_type"] == ["code"]
        assert params["code_challenge_method"] == ["S256"]
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "nonce": params["nonce"][0],
            "challenge": params["code_challenge"][0],
            "redirect_uri": params["redirect_uri"][0],
            "claims": claims,
        }
        return code

    def id_token(self, grant):
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "nonce": grant["nonce"],
            **grant["claims"],
        }
        return jwt.encode(claims, self.signing_key, algorithm="RS256", headers={"kid": KID})

    def _handler(provider):
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):
                pass

            def send_json(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path == "/jwks":
                    jwk = json.loads(RSAAlgorithm.to_jwk(provider.key.public_key()))
                    jwk.update(kid=KID, alg="RS256", use="sig")
                    self.send_json(200, {"keys": [jwk]})
                elif self.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    grant = provider.access_tokens.get(token)
                    if grant is None:
                        self.send_json(401, {"error": "invalid_token"})
                        return
                    claims = grant["claims"]
                    info = {"sub": claims["sub"]}
                    info.update({k: claims[k] for k in ("name", "email") if k in claims})
                    self.send_json(200, info)
                else:
                    self.send_json(404, {"error": "not_found"})

            def do_POST(self):
                if self.path != "/token":
                    self.send_json(404, {"error": "not_found"})
                    return
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                provider.token_requests.append(form)
                if provider.token_delay:
                    time.sleep(provider.token_delay)
                grant = provider.codes.pop(form.get("code", [""])[0], None)
                verifier = form.get("code_verifier", [""])[0]
                challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
                if (
                    grant is None
                    or form.get("client_id") != [provider.client_id]
                    or form.get("client_secret") != [provider.client_secret]
                    or form.get("redirect_uri") != [grant["redirect_uri"]]
                    or challenge != grant["challenge"]
                ):
                    self.send_json(400, {"error": "invalid_grant"})
                    return
                access_token = secrets.token_urlsafe(16)
                provider.access_tokens[access_token] = grant
                self.send_json(
                    200,
                    {"token_type": "Bearer", "access_token": access_token, "id_token": provider.id_token(grant)},
                )

        return Handler
