"""One error shape for every 4xx, in the request's language; no input gives a 500."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from rest_framework.exceptions import ValidationError

from api.exceptions import flatten_errors
from assignments.models import Task
from tests.api.api_helpers import API, EN, client_for, create_body, error, task_url

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------- flattening


def test_nested_errors_are_flattened_to_dotted_names():
    detail = ValidationError(
        {
            "outcome": {"target": ["Required."], "non_field_errors": ["Bad outcome."]},
            "steps": [{}, {"name": ["Blank."]}],
            "non_field_errors": ["Bad body."],
            "coordinators": ["Not a list."],
        }
    ).detail

    assert flatten_errors(detail) == {
        "outcome.target": ["Required."],
        "outcome": ["Bad outcome."],
        "steps.1.name": ["Blank."],
        "non_field_errors": ["Bad body."],
        "coordinators": ["Not a list."],
    }


def test_a_django_validation_error_keeps_its_fields_and_its_whole_form_errors():
    from api.exceptions import _as_api_exception

    by_field = _as_api_exception(DjangoValidationError({"due_date": ["Too early."], "__all__": ["Whole."]}))
    plain = _as_api_exception(DjangoValidationError("Just wrong."))

    assert flatten_errors(by_field.detail) == {"due_date": ["Too early."], "non_field_errors": ["Whole."]}
    assert flatten_errors(plain.detail) == {"non_field_errors": ["Just wrong."]}


# --------------------------------------------------------------------------- language


def test_errors_are_vietnamese_by_default_and_english_on_request(cast):
    vi = client_for(cast.leader.user).post(f"{API}tasks/", create_body(cast, owner=None))
    en = client_for(cast.leader.user, **EN).post(f"{API}tasks/", create_body(cast, owner=None))

    assert error(vi, 400)["errors"] == {"owner": ["Mỗi nhiệm vụ cần đúng một đầu mối chủ trì (rõ người)."]}
    assert error(en, 400)["errors"] == {"owner": ["Every task needs exactly one owner (clear person)."]}
    assert vi.headers["Content-Language"] == "vi"
    assert en.headers["Content-Language"] == "en"


def test_an_unknown_language_falls_back_to_vietnamese(cast):
    response = client_for(cast.group_member.user, HTTP_ACCEPT_LANGUAGE="fr").post(
        task_url(cast.task, "start/")
    )

    assert (
        error(response, 403)["detail"] == "Chỉ đầu mối chủ trì của nhiệm vụ mới được thực hiện thao tác này."
    )


def test_drf_field_messages_are_vietnamese_where_the_catalogue_has_them(cast):
    response = client_for(cast.leader.user).post(f"{API}tasks/", create_body(cast, due_date="31/03/2026"))

    assert error(response, 400)["errors"]["due_date"][0].startswith("Ngày sai định dạng.")


# --------------------------------------------------------------------------- bad requests


def test_malformed_json_is_a_parse_error(cast):
    response = client_for(cast.leader.user, **EN).post(
        f"{API}tasks/", data='{"title": ', content_type="application/json"
    )

    assert error(response, 400, "parse_error")["detail"] == "The request body is not valid JSON."


def test_a_body_that_is_not_an_object_is_a_400(cast):
    response = client_for(cast.leader.user, **EN).post(f"{API}tasks/", [1, 2], format="json")

    assert "non_field_errors" in error(response, 400, "invalid")["errors"]


def test_an_unsupported_content_type_is_a_415(cast):
    response = client_for(cast.leader.user, **EN).post(
        f"{API}tasks/", data="title=x", content_type="text/plain"
    )

    error(response, 415, "unsupported_media_type")


def test_null_characters_in_text_are_refused_not_stored(cast):
    response = client_for(cast.leader.user, **EN).post(f"{API}tasks/", create_body(cast, title="a\x00b"))

    assert error(response, 400)["errors"] == {"title": ["Null characters are not allowed."]}
    assert Task.objects.count() == 1


@pytest.mark.parametrize("value", [1e300, "NaN", "Infinity", "12345678901234567890"])
def test_numbers_the_columns_cannot_hold_are_refused(cast, value):
    body = create_body(cast)
    body["outcome"]["target"] = value

    response = client_for(cast.leader.user).post(f"{API}tasks/", body)

    assert list(error(response, 400)["errors"]) == ["outcome.target"]


def test_a_huge_id_in_a_body_is_a_field_error(cast):
    response = client_for(cast.leader.user).post(f"{API}tasks/", create_body(cast, owner=10**30))

    assert list(error(response, 400)["errors"]) == ["owner"]


def test_an_unknown_api_path_answers_json_in_the_shape(cast):
    response = client_for(cast.owner.user).get("/api/v1/nothing-here/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_non_numeric_task_id_is_not_found(cast):
    response = client_for(cast.owner.user).get("/api/v1/tasks/abc/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_409_carries_the_domains_own_code(cast):
    response = client_for(cast.owner.user, **EN).post(task_url(cast.task, "submit/"))

    data = error(response, 409, "invalid_state")
    assert data["detail"] == "Cannot submit a task whose status is “Assigned”."
    assert "errors" not in data


def test_throttling_answers_429_in_the_shape_with_retry_after():
    from rest_framework.exceptions import Throttled
    from rest_framework.test import APIRequestFactory

    from api.exceptions import exception_handler

    request = APIRequestFactory().get("/api/v1/tasks/")
    with translation.override("en"):
        response = exception_handler(Throttled(wait=30), {"request": request, "view": None})
        data = {key: str(value) for key, value in response.data.items()}

    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert data == {
        "code": "throttled",
        "detail": "Too many requests; wait a moment and try again (see Retry-After).",
    }


def test_djangos_permission_denied_is_a_403_in_the_shape_not_a_500():
    from django.core.exceptions import PermissionDenied
    from rest_framework.test import APIRequestFactory

    from api.exceptions import exception_handler

    request = APIRequestFactory().get("/api/v1/tasks/")
    with translation.override("en"):
        plain = exception_handler(PermissionDenied(), {"request": request, "view": None})
        worded = exception_handler(PermissionDenied("Not your group."), {"request": request, "view": None})

    assert plain.status_code == worded.status_code == 403
    assert plain.data["code"] == worded.data["code"] == "permission_denied"
    assert str(plain.data["detail"]) == "You do not have permission to perform this action."
    assert str(worded.data["detail"]) == "Not your group."


@pytest.mark.parametrize("path", ["tasks/", "auth/login/", "auth/password/", "tasks/{task}/reassign/"])
def test_a_null_body_is_the_usual_400_in_the_requests_language(cast, path):
    """Issue 16: DRF answered "No data provided", in English inside a Vietnamese error."""
    address = f"{API}{path.format(task=cast.task.pk)}"
    send = {"data": "null", "content_type": "application/json"}

    vietnamese = error(client_for(cast.staff).post(address, **send), 400, "invalid")
    english = error(client_for(cast.staff, **EN).post(address, **send), 400, "invalid")

    assert vietnamese["errors"] == {
        "non_field_errors": ["Nội dung yêu cầu trống (null): hãy gửi một đối tượng JSON."]
    }
    assert english["errors"] == {
        "non_field_errors": ["The request body is empty (null): send a JSON object."]
    }
    assert vietnamese["detail"] == "Dữ liệu không hợp lệ."
