"""`push-subscriptions/`: a browser subscribes, unsubscribes, reads the server's key."""

from __future__ import annotations

import base64
import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from assignments.models import PushSubscription
from assignments.notifications import vapid
from tests.api.api_helpers import API, client_for, error

pytestmark = pytest.mark.django_db

URL = f"{API}push-subscriptions/"
FCM = "https://fcm.googleapis.com/fcm/send/abc:APA91b-1"


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def browser(endpoint: str = FCM) -> dict:
    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": b64(point), "auth": b64(os.urandom(16))},
    }


@pytest.fixture
def keys(settings):
    pair = Vapid()
    pair.generate_keys()
    settings.VAPID_PRIVATE_KEY = vapid.raw_private_key(pair)
    settings.VAPID_PUBLIC_KEY = ""
    return vapid.application_server_key(pair)


def test_a_browser_subscribes_and_is_listed_with_the_servers_key(cast, keys):
    client = client_for(cast.owner.user, HTTP_USER_AGENT="Chrome on Android")
    response = client.post(URL, browser(), format="json")

    assert response.status_code == 201
    assert response.json()["endpoint"] == FCM
    row = PushSubscription.objects.get(endpoint=FCM)
    assert row.user == cast.owner.user and row.user_agent == "Chrome on Android"
    listed = client.get(URL).json()
    assert listed["vapid_public_key"] == keys
    assert base64.urlsafe_b64decode(keys + "==")[0] == 4 and len(base64.urlsafe_b64decode(keys + "==")) == 65
    assert [s["endpoint"] for s in listed["subscriptions"]] == [FCM]


def test_subscribing_again_updates_the_keys_instead_of_adding_one(cast, keys):
    client = client_for(cast.owner.user)
    client.post(URL, browser(), format="json")
    renewed = browser()

    response = client.post(URL, renewed, format="json")

    assert response.status_code == 200
    (row,) = PushSubscription.objects.filter(endpoint=FCM)
    assert row.p256dh == renewed["keys"]["p256dh"] and row.auth == renewed["keys"]["auth"]


def test_a_browser_subscribed_by_another_login_becomes_the_callers(cast, keys):
    client_for(cast.owner.user).post(URL, browser(), format="json")
    client_for(cast.coordinator.user).post(URL, browser(), format="json")
    assert PushSubscription.objects.get(endpoint=FCM).user == cast.coordinator.user
    assert client_for(cast.owner.user).get(URL).json()["subscriptions"] == []


def test_unsubscribe_by_body_or_query(cast, keys):
    client = client_for(cast.owner.user)
    client.post(URL, browser(), format="json")
    assert client.delete(URL, {"endpoint": FCM}, format="json").status_code == 204
    assert not PushSubscription.objects.exists()

    client.post(URL, browser(), format="json")
    assert client.delete(f"{URL}?endpoint={FCM}").status_code == 204
    assert not PushSubscription.objects.exists()


def test_another_persons_subscription_cannot_be_removed(cast, keys):
    client_for(cast.owner.user).post(URL, browser(), format="json")

    error(client_for(cast.coordinator.user).delete(URL, {"endpoint": FCM}, format="json"), 404, "not_found")

    assert PushSubscription.objects.filter(user=cast.owner.user).exists()


def test_removing_without_an_endpoint_names_the_field(cast):
    data = error(client_for(cast.owner.user).delete(URL), 400, "invalid")
    assert data["errors"]["endpoint"] == ["Hãy gửi endpoint của đăng ký cần xóa."]


def test_anonymous_may_do_nothing(db):
    anonymous = client_for(None)
    error(anonymous.get(URL), 401)
    error(anonymous.post(URL, browser(), format="json"), 401)
    error(anonymous.delete(URL, {"endpoint": FCM}, format="json"), 401)
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"endpoint": None}, "endpoint"),
        ({"endpoint": ""}, "endpoint"),
        ({"endpoint": "not a url"}, "endpoint"),
        ({"endpoint": "http://fcm.googleapis.com/fcm/send/abc"}, "endpoint"),  # not https
        ({"endpoint": "https://10.0.0.5/internal"}, "endpoint"),  # not a push service
        ({"endpoint": "https://evil.example.org/?fcm.googleapis.com"}, "endpoint"),
        ({"keys": None}, "keys"),
        ({"keys": "abc"}, "keys"),
        ({"keys": {"auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "keys.p256dh"),
        ({"keys": {"p256dh": "BAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}}, "keys.p256dh"),
        ({"keys": {"p256dh": b64(b"\x04" + bytes(64)), "auth": "short"}}, "keys.auth"),
    ],
)
def test_a_malformed_subscription_is_a_400_naming_the_field(cast, change, field):
    body = {**browser(), **change}
    if body["endpoint"] is None:
        del body["endpoint"]
    if body["keys"] is None:
        del body["keys"]

    data = error(client_for(cast.owner.user).post(URL, body, format="json"), 400, "invalid")

    assert field in data["errors"], data
    assert not PushSubscription.objects.exists()


def test_the_messages_are_in_vietnamese_by_default_and_name_the_field(cast):
    body = browser("https://10.0.0.5/internal")
    data = error(client_for(cast.owner.user).post(URL, body, format="json"), 400)
    (message,) = data["errors"]["endpoint"]
    assert "endpoint" in message


def test_without_keys_configured_the_server_says_so(cast, settings, tmp_path):
    settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_PUBLIC_KEY = ""
    settings.VAPID_KEY_FILE = str(tmp_path / "none.pem")
    assert client_for(cast.owner.user).get(URL).json()["vapid_public_key"] is None
