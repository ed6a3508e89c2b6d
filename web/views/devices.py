"""“Thiết bị đăng nhập”: the phones and programs logged in with the person's API tokens.

A lost phone is revoked here (its next request must log in again), as with
`DELETE /api/v1/auth/tokens/{id}/`; both call assignments/accounts.py. The browser
showing this page uses a session, not a token, so it is not in the list.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from assignments import accounts, roles
from web.views.base import PageMixin


class DevicesView(PageMixin, TemplateView):
    template_name = "web/devices.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tokens"] = list(accounts.tokens_of(roles.signed_in(self.request.user)))
        return context


class DeviceRevokeView(PageMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = accounts.tokens_of(roles.signed_in(request.user)).filter(device__id=pk).first()
        if token is None:  # another person's device, or one already revoked
            raise Http404
        accounts.token_revoke(user=roles.signed_in(request.user), device_id=pk)
        name = token.device.name or _("a device without a name")
        messages.success(
            request, _("Logged out: %(name)s. It must log in again to be used.") % {"name": name}
        )
        return redirect("web:devices")
