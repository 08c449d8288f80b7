"""The AccessTokenCodec contract over the JWT and in-memory codecs, then what only a JWT must refuse."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from rozgar_adapters.memory.tokens import MemoryAccessTokenCodec
from rozgar_adapters.tokens.jwt_codec import JwtAccessTokenCodec
from rozgar_core.errors import TokenInvalid
from rozgar_core.ports import AccessTokenCodec

SECRET = "contract-secret-of-at-least-32-bytes"
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
TTL = 900
USER_ID = "0b9cbb0e-6c53-4a5c-9b53-1d7c0b1f5b7e"
PHONE = "+919876543210"


@pytest.fixture(params=["jwt", "memory"])
def codec(request: pytest.FixtureRequest) -> AccessTokenCodec:
    if request.param == "jwt":
        return JwtAccessTokenCodec(SECRET, ttl_seconds=TTL)
    return MemoryAccessTokenCodec(ttl_seconds=TTL)


def test_an_issued_token_decodes_to_its_claims(codec: AccessTokenCodec) -> None:
    issued = codec.issue(USER_ID, PHONE, NOW)
    claims = codec.decode(issued.token, NOW)
    assert (claims.user_id, claims.phone, claims.jti) == (USER_ID, PHONE, issued.jti)
    assert claims.issued_at == NOW
    assert claims.expires_at == issued.expires_at == NOW + timedelta(seconds=TTL)


def test_every_token_gets_its_own_jti(codec: AccessTokenCodec) -> None:
    jtis = {codec.issue(USER_ID, PHONE, NOW).jti for _ in range(20)}
    assert len(jtis) == 20


def test_a_token_is_valid_until_the_last_second_before_expiry(codec: AccessTokenCodec) -> None:
    token = codec.issue(USER_ID, PHONE, NOW).token
    assert codec.decode(token, NOW + timedelta(seconds=TTL - 1)).user_id == USER_ID


def test_a_token_is_refused_from_its_expiry_on(codec: AccessTokenCodec) -> None:
    token = codec.issue(USER_ID, PHONE, NOW).token
    for later in (TTL, TTL + 1, 86400):
        with pytest.raises(TokenInvalid):
            codec.decode(token, NOW + timedelta(seconds=later))


def test_expiry_is_judged_by_the_given_time_not_the_machine_clock(codec: AccessTokenCodec) -> None:
    long_ago = datetime(2001, 1, 1, tzinfo=UTC)
    token = codec.issue(USER_ID, PHONE, long_ago).token
    assert codec.decode(token, long_ago + timedelta(seconds=60)).user_id == USER_ID


@pytest.mark.parametrize(
    "garbage", ["", "garbage", "a.b.c", "Bearer x", "eyJhbGciOiJIUzI1NiJ9..", "\x00\xff", "x" * 5000]
)
def test_garbage_is_refused(codec: AccessTokenCodec, garbage: str) -> None:
    with pytest.raises(TokenInvalid):
        codec.decode(garbage, NOW)


@pytest.mark.parametrize("position", [0, 10, 40, -5, -10])
def test_a_token_with_a_changed_character_is_refused(codec: AccessTokenCodec, position: int) -> None:
    # Not the last character: its low bits may be base64 padding that decodes to the same bytes.
    token = codec.issue(USER_ID, PHONE, NOW).token
    index = position % len(token)
    replacement = "A" if token[index] != "A" else "B"
    with pytest.raises(TokenInvalid):
        codec.decode(token[:index] + replacement + token[index + 1 :], NOW)


# --- JWT only -------------------------------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge(header: dict[str, Any], payload: dict[str, Any], signature: bytes | None = None) -> str:
    """A token with any header; signed HMAC-SHA256 with SECRET unless a signature is given."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    if signature is None:
        signature = hmac.new(SECRET.encode(), signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def valid_payload(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "sub": USER_ID,
        "userId": USER_ID,
        "phone": PHONE,
        "iat": int(NOW.timestamp()),
        "exp": int(NOW.timestamp()) + TTL,
        "jti": "5d0c3a1e9f6b4c2a8e7d6c5b4a392817",
        "iss": "rozgar360",
        "aud": "rozgar360-app",
        "type": "access",
    }
    payload.update(changes)
    return {key: value for key, value in payload.items() if value is not None}


@pytest.fixture
def jwt_codec() -> JwtAccessTokenCodec:
    return JwtAccessTokenCodec(SECRET, ttl_seconds=TTL)


def test_a_jwt_carries_every_claim_the_app_and_services_rely_on(jwt_codec: JwtAccessTokenCodec) -> None:
    issued = jwt_codec.issue(USER_ID, PHONE, NOW)
    assert jwt.get_unverified_header(issued.token)["alg"] == "HS256"
    payload = jwt.decode(issued.token, options={"verify_signature": False})
    assert payload["sub"] == payload["userId"] == USER_ID
    assert (payload["phone"], payload["jti"], payload["type"]) == (PHONE, issued.jti, "access")
    assert (payload["iss"], payload["aud"]) == ("rozgar360", "rozgar360-app")
    assert payload["iat"] == NOW.timestamp() and payload["exp"] == NOW.timestamp() + TTL


def test_the_forging_helper_makes_tokens_the_codec_accepts(jwt_codec: JwtAccessTokenCodec) -> None:
    assert jwt_codec.decode(forge({"alg": "HS256", "typ": "JWT"}, valid_payload()), NOW).user_id == USER_ID


def test_a_token_whose_payload_was_rewritten_under_the_old_signature_is_refused(
    jwt_codec: JwtAccessTokenCodec,
) -> None:
    header, _payload, signature = jwt_codec.issue(USER_ID, PHONE, NOW).token.split(".")
    hijacked = b64(json.dumps(valid_payload(sub="another-user", userId="another-user")).encode())
    with pytest.raises(TokenInvalid):
        jwt_codec.decode(f"{header}.{hijacked}.{signature}", NOW)


def test_an_unsigned_alg_none_token_is_refused(jwt_codec: JwtAccessTokenCodec) -> None:
    for alg in ("none", "None", "NONE"):
        with pytest.raises(TokenInvalid):
            jwt_codec.decode(forge({"alg": alg, "typ": "JWT"}, valid_payload(), signature=b""), NOW)


def test_a_token_without_a_signature_is_refused(jwt_codec: JwtAccessTokenCodec) -> None:
    with pytest.raises(TokenInvalid):
        jwt_codec.decode(forge({"alg": "HS256", "typ": "JWT"}, valid_payload(), signature=b""), NOW)


def test_a_token_signed_with_another_secret_is_refused(jwt_codec: JwtAccessTokenCodec) -> None:
    token = JwtAccessTokenCodec("another-secret-of-at-least-32-bytes!").issue(USER_ID, PHONE, NOW).token
    with pytest.raises(TokenInvalid):
        jwt_codec.decode(token, NOW)


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_an_hs512_token_with_the_right_secret_is_refused(jwt_codec: JwtAccessTokenCodec) -> None:
    token = jwt.encode(valid_payload(), SECRET, algorithm="HS512")
    with pytest.raises(TokenInvalid):
        jwt_codec.decode(token, NOW)


def test_an_rs256_token_is_refused(jwt_codec: JwtAccessTokenCodec) -> None:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(TokenInvalid):
        jwt_codec.decode(jwt.encode(valid_payload(), private_key, algorithm="RS256"), NOW)


def test_an_rs256_labelled_token_hmac_signed_with_the_secret_is_refused(jwt_codec: JwtAccessTokenCodec) -> None:
    with pytest.raises(TokenInvalid):
        jwt_codec.decode(forge({"alg": "RS256", "typ": "JWT"}, valid_payload()), NOW)


@pytest.mark.parametrize("token_type", ["refresh", "id", "ACCESS", None])
def test_a_token_of_another_type_is_refused(jwt_codec: JwtAccessTokenCodec, token_type: str | None) -> None:
    with pytest.raises(TokenInvalid):
        jwt_codec.decode(forge({"alg": "HS256"}, valid_payload(type=token_type)), NOW)


@pytest.mark.parametrize(
    "changes",
    [{"aud": "another-app"}, {"iss": "someone-else"}, {"aud": None}, {"iss": None}],
    ids=["wrong-aud", "wrong-iss", "no-aud", "no-iss"],
)
def test_a_token_for_another_audience_or_from_another_issuer_is_refused(
    jwt_codec: JwtAccessTokenCodec, changes: dict[str, Any]
) -> None:
    with pytest.raises(TokenInvalid):
        jwt_codec.decode(forge({"alg": "HS256"}, valid_payload(**changes)), NOW)


@pytest.mark.parametrize("claim", ["sub", "userId", "phone", "iat", "exp", "jti"])
def test_a_token_missing_a_required_claim_is_refused(jwt_codec: JwtAccessTokenCodec, claim: str) -> None:
    with pytest.raises(TokenInvalid):
        jwt_codec.decode(forge({"alg": "HS256"}, valid_payload(**{claim: None})), NOW)


def test_a_token_whose_sub_and_user_id_disagree_is_refused(jwt_codec: JwtAccessTokenCodec) -> None:
    with pytest.raises(TokenInvalid):
        jwt_codec.decode(forge({"alg": "HS256"}, valid_payload(userId="someone-else")), NOW)


@pytest.mark.parametrize("exp", ["soon", [1], {"at": 1}, 1e300])
def test_a_token_with_a_malformed_expiry_is_refused(jwt_codec: JwtAccessTokenCodec, exp: object) -> None:
    with pytest.raises(TokenInvalid):
        jwt_codec.decode(forge({"alg": "HS256"}, valid_payload(exp=exp)), NOW)


def test_an_empty_secret_is_refused() -> None:
    with pytest.raises(ValueError):
        JwtAccessTokenCodec("")


def test_a_token_seen_before_is_not_verified_again_but_its_expiry_still_is(
    jwt_codec: JwtAccessTokenCodec, monkeypatch: pytest.MonkeyPatch
) -> None:
    verifications: list[str] = []
    real_decode = jwt.decode

    def counting_decode(token: str, *args: Any, **kwargs: Any) -> Any:
        verifications.append(token)
        return real_decode(token, *args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting_decode)
    issued = jwt_codec.issue(USER_ID, PHONE, NOW)
    for _ in range(3):
        assert jwt_codec.decode(issued.token, NOW).jti == issued.jti
    assert verifications == [issued.token]

    with pytest.raises(TokenInvalid):
        jwt_codec.decode(issued.token, NOW + timedelta(seconds=TTL))
    assert jwt_codec.decode(issued.token, NOW + timedelta(seconds=TTL - 1)).jti == issued.jti
    assert verifications == [issued.token]


def test_a_refused_token_is_refused_every_time_it_is_presented(jwt_codec: JwtAccessTokenCodec) -> None:
    other = JwtAccessTokenCodec("another-secret-of-at-least-32-bytes!", ttl_seconds=TTL)
    token = other.issue(USER_ID, PHONE, NOW).token
    for _ in range(3):
        with pytest.raises(TokenInvalid):
            jwt_codec.decode(token, NOW)
    assert other.decode(token, NOW).user_id == USER_ID
