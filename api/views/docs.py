"""The Redoc page without its web fonts: drf-spectacular's template loads them from
Google, and the docs must work on the committee's network without internet."""

from drf_spectacular.views import SpectacularRedocView


class RedocView(SpectacularRedocView):
    template_name = "api/redoc.html"
