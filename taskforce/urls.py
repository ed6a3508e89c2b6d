from csp.decorators import csp_update
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from api.csp import INLINE_STYLES
from api.views.docs import RedocBundleView, RedocView, SwaggerView

session_urls = [
    path(
        "login/",
        csp_update(INLINE_STYLES)(auth_views.LoginView.as_view(template_name="rest_framework/login.html")),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    # The API's documentation, public; its assets come from drf-spectacular-sidecar
    # through the static files (whitenoise), so the pages work without internet.
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", RedocView.as_view(url_name="schema"), name="redoc"),
    path("api/redoc/redoc.standalone.js", RedocBundleView.as_view(), name="redoc-bundle"),
    # Log in and out of the browsable API with a session (members have no admin access):
    # rest_framework.urls, with the inline style attributes of DRF's login page allowed.
    path("api/session/", include((session_urls, "rest_framework"))),
    # The pages for people (web/): the members' phones, the leaders' boards, the dashboard.
    path("", include("web.urls")),
]

handler400 = "api.views.errors.bad_request"
handler404 = "api.views.errors.page_not_found"
handler500 = "api.views.errors.server_error"
