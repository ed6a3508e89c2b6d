from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from api.views.docs import RedocView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    # The API's documentation, public; its assets come from drf-spectacular-sidecar
    # through the static files (whitenoise), so the pages work without internet.
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", RedocView.as_view(url_name="schema"), name="redoc"),
    # Log in and out of the browsable API with a session (members have no admin access).
    path("api/session/", include("rest_framework.urls")),
    # The pages for people (web/): the members' phones, the leaders' boards, the dashboard.
    path("", include("web.urls")),
]

handler400 = "api.views.errors.bad_request"
handler404 = "api.views.errors.page_not_found"
handler500 = "api.views.errors.server_error"
