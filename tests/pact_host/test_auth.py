"""Authentication of the PACT host: the token endpoint (conformance cases 1, 2, 9, 18, 19),
OpenID discovery and JWKS, and what the API does with bad, expired and forged tokens
(cases 6, 7, 16)."""

from __future__ import annotations

import base64
import os
import stat
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from carbonlabel.adapters.pact_tokens import PactTokenKeys
from tests.pact_host.conftest import NIL, World

GRANT = {"grant_type": "client_credentials"}


def test_token_with_valid_basic_credentials_is_a_bearer_token_valid_one_hour(
        world: World) -> None:
    before = datetime.now(UTC)
    response = world.client.post("/auth/token", headers=world.seeded.foreign.basic, data=GRANT)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert response.headers["cache-control"] == "no-store"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == world.seeded.foreign.client_id
    assert claims["iss"] == "https://testserver"
    assert set(claims["scope"].split()) == {"footprint:list", "footprint:read"}
    assert int(before.timestamp()) + 3600 <= claims["exp"] <= int(before.timestamp()) + 3602


@pytest.mark.parametrize("headers", [
    {"Authorization": "Basic " + base64.b64encode(b"random-id:random-secret").decode()},
    {},  # no Authorization header at all
    {"Authorization": "Basic not-base64!!"},
    {"Authorization": "Bearer something"},
], ids=["random-credentials", "no-header", "malformed-basic", "bearer-instead-of-basic"])
def test_token_with_bad_credentials_is_refused_401_invalid_client(
        world: World, headers: dict[str, str]) -> None:
    response = world.client.post("/auth/token", headers=headers, data=GRANT)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.json()["error_description"]
    assert response.headers["www-authenticate"].startswith("Basic")


def test_token_with_the_right_id_and_a_wrong_secret_is_refused(world: World) -> None:
    raw = f"{world.seeded.foreign.client_id}:wrong-secret".encode()
    response = world.client.post("/auth/token", data=GRANT,
                                 headers={"Authorization": "Basic " +
                                          base64.b64encode(raw).decode()})
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_token_with_another_grant_type_is_400_unsupported_grant_type(world: World) -> None:
    response = world.client.post("/auth/token", headers=world.seeded.foreign.basic,
                                 data={"grant_type": "password"})
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"
    missing = world.client.post("/auth/token", headers=world.seeded.foreign.basic, data={})
    assert missing.status_code == 400
    assert missing.json()["error"] == "invalid_request"


def test_openid_discovery_names_the_token_endpoint_and_its_keys_verify_the_token(
        world: World) -> None:
    config = world.client.get("/.well-known/openid-configuration").json()
    assert config["issuer"] == "https://testserver"
    assert config["token_endpoint"] == "https://testserver/auth/token"
    assert config["grant_types_supported"] == ["client_credentials"]
    assert config["token_endpoint_auth_methods_supported"] == ["client_secret_basic"]
    # case 18: authenticate at the discovered endpoint
    token_path = config["token_endpoint"].removeprefix("https://testserver")
    issued = world.client.post(token_path, headers=world.seeded.foreign.basic, data=GRANT)
    assert issued.status_code == 200
    jwks_path = config["jwks_uri"].removeprefix("https://testserver")
    (jwk,) = world.client.get(jwks_path).json()["keys"]
    assert jwk["kty"] == "RSA"
    assert jwk["alg"] == "RS256"
    token = issued.json()["access_token"]
    assert jwt.get_unverified_header(token)["kid"] == jwk["kid"]
    public = jwt.PyJWK(jwk).key
    claims = jwt.decode(token, public, algorithms=["RS256"])
    assert claims["sub"] == world.seeded.foreign.client_id


def test_oidc_discovered_endpoint_with_wrong_credentials_is_refused(world: World) -> None:
    # case 19
    config = world.client.get("/.well-known/openid-configuration").json()
    raw = base64.b64encode(b"nobody:nothing").decode()
    response = world.client.post(config["token_endpoint"].removeprefix("https://testserver"),
                                 headers={"Authorization": f"Basic {raw}"}, data=GRANT)
    assert response.status_code in (400, 401)


def test_signing_key_is_made_on_first_use_readable_by_the_owner_only(world: World) -> None:
    world.token()
    key_file = world.app.state.settings.pact_keys_dir / "signing-key.pem"
    assert key_file.is_file()
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    # a second key object over the same folder loads the same key (tokens survive restarts)
    again = PactTokenKeys(world.app.state.settings.pact_keys_dir)
    assert again.verify(world.token()).subject == world.seeded.foreign.client_id


PROTECTED = [("get", "/3/footprints"), ("get", f"/3/footprints/{NIL}"),
             ("post", "/3/events"), ("get", "/2/footprints"), ("get", f"/2/footprints/{NIL}"),
             ("post", "/2/events")]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_an_invalid_bearer_token_is_refused_401_with_code_bad_request(
        world: World, method: str, path: str) -> None:
    # cases 6, 7, 16 (v2 and v3)
    for headers in ({"Authorization": "Bearer this-is-not-a-token"}, {}):
        response = world.client.request(method, path, headers=headers, json={})
        assert response.status_code == 401, response.text
        assert response.json()["code"] == "BadRequest"
        assert set(response.json()) == {"code", "message"}
        assert response.headers["www-authenticate"].startswith("Bearer")


def _signed(key: rsa.RSAPrivateKey, sub: str, exp: datetime) -> str:
    return jwt.encode({"sub": sub, "iss": "https://testserver", "exp": int(exp.timestamp()),
                       "scope": "footprint:list footprint:read"}, key, algorithm="RS256")


@pytest.mark.parametrize("version", ["2", "3"])
def test_an_expired_token_is_refused_401_token_expired(world: World, version: str) -> None:
    keys = PactTokenKeys(world.app.state.settings.pact_keys_dir)
    token, _ = keys.issue(subject=world.seeded.foreign.client_id, issuer="https://testserver",
                          now=datetime.now(UTC) - timedelta(hours=2))
    response = world.client.get(f"/{version}/footprints",
                                headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["code"] == "TokenExpired"


@pytest.mark.parametrize("version", ["2", "3"])
def test_a_token_signed_by_another_key_is_refused(world: World, version: str) -> None:
    world.token()  # our key exists
    forged = _signed(rsa.generate_private_key(public_exponent=65537, key_size=2048),
                     world.seeded.foreign.client_id, datetime.now(UTC) + timedelta(hours=1))
    response = world.client.get(f"/{version}/footprints",
                                headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.json()["code"] == "BadRequest"


def test_a_token_of_a_client_whose_credentials_were_replaced_is_refused(world: World) -> None:
    from carbonlabel.services.exchange import partners

    token = world.token()
    with world.make_uow(write=True) as uow:
        partners.issue_inbound_credentials(uow, world.seeded.owner.admin,
                                           world.seeded.foreign.partner_id)
        uow.commit()
    response = world.client.get("/3/footprints", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
