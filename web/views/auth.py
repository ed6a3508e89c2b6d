"""Logging in and out (Django's views, the session), and the landing page of each role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from assignments import limits
from web.forms import use_page_template
from web.navigation import landing_url


class LoginForm(AuthenticationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The API's limit (api/serializers/auth.py): a megabyte of password is not hashed.
        self.fields["password"].validators.append(MaxLengthValidator(limits.PASSWORD_MAX))
        use_page_template(self)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "web/login.html"
    redirect_authenticated_user = True
    next_page = "web:home"  # a URL name: resolve_url() reverses it


class LogoutView(auth_views.LogoutView):
    next_page = "web:login"


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("web:login")
    return redirect(landing_url(request.user))
